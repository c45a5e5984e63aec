from django import forms
from django.utils import timezone

from coalition.mailings.models import Bulletin, BulletinItem, MailingList, Suppression
from coalition.mailings.services.subscriptions import STATEMENT


class ListChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.consent_wording


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    name = forms.CharField(label="Your name", max_length=200, required=False)
    lists = ListChoiceField(
        queryset=MailingList.objects.none(),
        label="What would you like to receive?",
        help_text=STATEMENT,
        error_messages={"required": "Tick at least one thing to receive."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        # Nothing is ticked until the person ticks it.
        self.fields["lists"].queryset = MailingList.objects.filter(is_public=True)
        self.fields["lists"].initial = []


class PreferencesForm(forms.Form):
    lists = ListChoiceField(
        queryset=MailingList.objects.none(),
        required=False,
        label="The emails you get",
        help_text="Untick to stop getting one. " + STATEMENT,
    )

    def __init__(self, *args, offered=None, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = offered
        self.fields["lists"].initial = list(current)


class PreferencesLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )


class MailingListForm(forms.ModelForm):
    class Meta:
        model = MailingList
        fields = ["name", "slug", "description", "consent_wording", "is_public", "order"]


class BulletinForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["mailing_list", "subject", "intro", "in_archive"]
        labels = {"mailing_list": "List"}
        widgets = {"intro": forms.Textarea(attrs={"rows": 5})}


class ItemForm(forms.ModelForm):
    class Meta:
        model = BulletinItem
        fields = ["kind", "title", "when", "summary", "url"]
        labels = {"url": "Link"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label="Send at",
        help_text="Date and time, like 2026-12-01 09:00.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter when to send it.", "invalid": "Enter a date and time."},
    )

    def clean_send_at(self):
        value = self.cleaned_data["send_at"]
        if value <= timezone.now():
            raise forms.ValidationError("Choose a time in the future, or send it now.")
        return value


class ImportForm(forms.Form):
    mailing_list = forms.ModelChoiceField(
        queryset=MailingList.objects.all(),
        label="Add them to",
        error_messages={"required": "Choose a list."},
    )
    source = forms.CharField(
        label="How they gave consent",
        max_length=150,
        help_text="For example: paper sign-up sheet at the AGM, 12 March 2010.",
        error_messages={"required": "Say how these people gave their consent."},
    )
    wording = forms.CharField(
        label="What they agreed to",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The exact words they were shown, recorded with each consent.",
        error_messages={"required": "Give the words they agreed to."},
    )
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: email, name (optional), consent (yes, or the date they agreed). "
            "The first row names the columns."
        ),
        error_messages={"required": "Choose a CSV file."},
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is over 5 MB: split it into smaller files.")
        return upload


class SuppressionForm(forms.ModelForm):
    class Meta:
        model = Suppression
        fields = ["email", "reason", "note"]
        error_messages = {"email": {"unique": "This address is already on the suppression list."}}
