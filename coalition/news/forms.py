from django import forms
from django.utils import timezone

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Theme
from coalition.members.models import Organisation
from coalition.news.models import MemberFeed, NewsItem
from coalition.news.models.items import RESERVED_SLUGS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
IMAGE_ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
RESERVED_MESSAGE = "This web address is used by the news pages. Choose another."


class NewsItemForm(CoalitionModelForm):
    """The news form for staff and for member representatives (who pick one of their orgs)."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Themes",
    )

    class Meta:
        model = NewsItem
        fields = [
            "title",
            "summary",
            "body",
            "organisation",
            "themes",
            "image",
            "image_alt",
            "slug",
            "published_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "image": forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
        }
        labels = {"organisation": "From", "slug": "Web address"}
        help_texts = {
            "slug": "The end of the page’s address, /news/<this>/. Empty: made from the title.",
            "published_at": "UK time. Empty: when it is published. A later time keeps it "
            "off the site until then.",
        }

    def __init__(self, *args, organisations=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.fields["slug"].required = False
        organisation = self.fields["organisation"]
        if staff:
            organisation.queryset = Organisation.objects.listed()
            organisation.empty_label = "The coalition"
            organisation.required = False
        else:
            organisation.queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations or []]
            )
            organisation.required = True
            organisation.empty_label = None
            organisation.help_text = "The member organisation the news is from."
            del self.fields["slug"]
            del self.fields["published_at"]

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(RESERVED_MESSAGE)
        return slug

    def clean(self):
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", "Describe the picture for people who can’t see it.")
        return data


class ReasonForm(CoalitionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Emailed to the person who sent it. Say what they could change.",
    )


class MemberFeedForm(CoalitionModelForm):
    class Meta:
        model = MemberFeed
        fields = ["url", "is_active"]
        widgets = {"url": forms.URLInput(attrs={"placeholder": "https://", "inputmode": "url"})}

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter a web address starting with https:// or http://.")
        return url


class StaffFeedForm(MemberFeedForm):
    class Meta(MemberFeedForm.Meta):
        fields = ["organisation", "url", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = MemberFeed.objects.exclude(pk=self.instance.pk).values("organisation_id")
        self.fields["organisation"].queryset = Organisation.objects.listed().exclude(pk__in=taken)
        self.fields["organisation"].error_messages["unique"] = (
            "This organisation already has a feed. Change that one instead."
        )


class NewsFilterForm(forms.Form):
    """The news list's query parameters. Bad values answer 400."""

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        label="Theme",
    )
    organisation = forms.CharField(label="From", required=False, max_length=200)

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation")
        if not value or value == "coalition":
            return value
        organisation = Organisation.objects.filter(slug=value).first()
        if organisation is None:
            raise forms.ValidationError("There is no member organisation with this name.")
        return organisation

    def filter(self, items):
        if not self.is_bound or not self.is_valid():
            return items
        if theme := self.cleaned_data.get("theme"):
            items = items.filter(themes=theme)
        organisation = self.cleaned_data.get("organisation")
        if organisation == "coalition":
            items = items.filter(organisation__isnull=True)
        elif organisation:
            items = items.filter(organisation=organisation)
        return items


def now_local_input() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)
