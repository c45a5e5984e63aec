from django import forms

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.enquiries.models import Enquiry, Introduction, Tag


class EnquiryForm(CoalitionModelForm):
    consent = forms.BooleanField(
        label="I agree that the coalition keeps these details to answer my question",
        error_messages={"required": "Tick the box so we can keep your details to answer you."},
    )

    class Meta:
        model = Enquiry
        fields = ["topic", "subject", "message", "name", "email", "organisation_name", "phone"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        labels = {"topic": "What is it about?", "subject": "Subject"}
        error_messages = {
            "email": {"invalid": "Enter an email address like name@example.org."},
            "message": {"required": "Write your question."},
            "name": {"required": "Enter your name."},
            "subject": {"required": "Give your question a short subject."},
            "topic": {"required": "Choose what it is about."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"


class ReplyForm(CoalitionForm):
    body = forms.CharField(label="Reply", widget=forms.Textarea(attrs={"rows": 8}))
    status = forms.ChoiceField(
        label="Then mark it",
        choices=[
            (Enquiry.Status.ANSWERED, "Answered"),
            (Enquiry.Status.WAITING, "Waiting for them"),
            (Enquiry.Status.CLOSED, "Closed"),
        ],
    )


class NoteForm(CoalitionForm):
    body = forms.CharField(label="Internal note", widget=forms.Textarea(attrs={"rows": 3}))


class UpdateForm(CoalitionModelForm):
    new_tags = forms.CharField(
        label="Add tags", required=False, help_text="Separate tags with commas."
    )

    class Meta:
        model = Enquiry
        fields = ["status", "assigned_to", "tags"]
        widgets = {"tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["assigned_to"].queryset = (
            get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email")
        )
        self.fields["assigned_to"].label_from_instance = lambda user: user.email
        self.fields["tags"].queryset = Tag.objects.all()
        self.fields["tags"].required = False

    def save(self, commit=True):
        enquiry = super().save(commit=commit)
        names = [n.strip()[:60] for n in self.cleaned_data.get("new_tags", "").split(",")]
        for name in filter(None, names):
            tag, _ = Tag.objects.get_or_create(name=name)
            enquiry.tags.add(tag)
        return enquiry


class IntroductionRequestForm(CoalitionModelForm):
    requester_consent = forms.BooleanField(
        label=(
            "I agree that the coalition passes my name and email to the person it introduces me to"
        ),
        error_messages={
            "required": "Tick the box: we only make introductions both sides agree to."
        },
    )

    class Meta:
        model = Introduction
        fields = [
            "requester_name",
            "requester_email",
            "requester_role",
            "organisation",
            "theme",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4}), "requester_role": forms.RadioSelect}
        labels = {"organisation": "A member organisation", "theme": "Or someone working on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from coalition.members.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.listed().order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not cleaned.get("theme"):
            self.add_error("organisation", "Choose an organisation, or a theme below.")
        return cleaned


class IntroductionContactForm(CoalitionModelForm):
    class Meta:
        model = Introduction
        fields = ["contact_name", "contact_email"]
        labels = {"contact_name": "Who to introduce", "contact_email": "Their email"}
