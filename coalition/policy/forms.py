"""Forms for the policy pages and staff tools."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Theme
from coalition.lib.uploads import validate_document
from coalition.policy.models import (
    Development,
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
    Response,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
THEMES = forms.CheckboxSelectMultiple


class SlugFromTitleMixin:
    """An empty slug is made from the title; a slug already used is refused beside the field."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("title", ""))[:100]
        if not slug:
            raise ValidationError("Enter a title, and the web address is made from it.")
        model = self._meta.model
        taken = model.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("Another entry already has this web address: choose another.")
        return slug


class DevelopmentForm(SlugFromTitleMixin, CoalitionModelForm):
    class Meta:
        model = Development
        fields = [
            "title", "slug", "kind", "issuer_kind", "issuer", "published_on", "closes_on",
            "summary", "link", "themes", "status",
        ]  # fmt: skip
        widgets = {"published_on": DATE, "closes_on": DATE, "themes": THEMES}
        help_texts = {"slug": "Made from the title if left empty."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        data = super().clean()
        published, closes = data.get("published_on"), data.get("closes_on")
        if published and closes and closes < published:
            self.add_error("closes_on", "The consultation cannot close before it is published.")
        return data


class ResponseForm(SlugFromTitleMixin, CoalitionModelForm):
    class Meta:
        model = Response
        fields = ["development", "title", "slug", "introduction", "sign_until"]
        widgets = {"sign_until": DATETIME}
        help_texts = {"slug": "Made from the title if left empty."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["sign_until"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class SectionForm(CoalitionForm):
    heading = forms.CharField(max_length=200, error_messages={"required": "Enter a heading."})
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Markdown: a blank line between paragraphs, **bold**, - for a list.",
    )
    note = forms.CharField(
        label="What you changed", max_length=200, required=False, help_text="Shown in the history."
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(CoalitionForm):
    body = forms.CharField(
        label="Your comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write your comment before sending it."},
    )
    proposed_wording = forms.CharField(
        label="Proposed wording",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If you would word part of this section differently, put your wording here.",
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OrganisationChoiceForm(CoalitionForm):
    """Which of the person's organisations signs (or comments)."""

    organisation = forms.TypedChoiceField(coerce=int, label="Sign for")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.organisations = {o.pk: o for o in organisations}

    def chosen(self):
        return self.organisations[self.cleaned_data["organisation"]]


class PublishForm(CoalitionForm):
    submitted_on = forms.DateField(
        label="Date submitted",
        widget=DATE,
        error_messages={"required": "Enter the date the response was submitted."},
    )


class OutcomeForm(CoalitionModelForm):
    class Meta:
        model = Response
        fields = ["outcome", "outcome_on"]
        widgets = {"outcome_on": DATE}


class PositionForm(SlugFromTitleMixin, CoalitionModelForm):
    class Meta:
        model = Position
        fields = [
            "title", "slug", "statement", "rationale", "evidence", "evidence_note", "decision",
            "adopted_on", "review_on", "themes", "developments", "is_public",
        ]  # fmt: skip
        widgets = {"adopted_on": DATE, "review_on": DATE, "themes": THEMES}
        help_texts = {"slug": "Made from the title if left empty."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        from coalition.research.models import ResearchItem

        self.fields["evidence"].queryset = ResearchItem.objects.published()
        self.fields["evidence"].label = "Evidence from the research library"

    def clean(self):
        data = super().clean()
        adopted, review = data.get("adopted_on"), data.get("review_on")
        if adopted and review and review <= adopted:
            self.add_error("review_on", "The review date must come after the date adopted.")
        return data


class PublicationForm(SlugFromTitleMixin, CoalitionModelForm):
    class Meta:
        model = Publication
        fields = [
            "title", "slug", "kind", "summary", "file", "external_url", "published_on",
            "themes", "is_public",
        ]  # fmt: skip
        widgets = {"published_on": DATE, "themes": THEMES}
        help_texts = {
            "slug": "Made from the title if left empty.",
            "file": "A PDF, Word or OpenDocument file.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and hasattr(file, "content_type"):  # a new upload, not the stored file
            self.instance.file_kind = validate_document(
                file, kinds=("pdf", "docx", "odt"), max_bytes=settings.UPLOAD_MAX_BYTES
            )
        return file

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("external_url"):
            self.add_error("file", "Upload the file, or give the address where it was published.")
        return data


class StatementForm(CoalitionModelForm):
    body_name = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="Who said it, for example: Department for Communities and Local Government.",
        error_messages={"required": "Enter the organisation that said it."},
    )
    body_kind = forms.ChoiceField(label="Kind of organisation", choices=OtherBody.Kind.choices)

    class Meta:
        model = MonitoredStatement
        fields = ["text", "is_quote", "source_url", "said_on", "themes", "development"]
        widgets = {"said_on": DATE, "themes": THEMES}

    field_order = ["body_name", "body_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["themes"].error_messages["required"] = "Choose at least one theme."
        if self.instance.pk:
            self.initial["body_name"] = self.instance.body.name
            self.initial["body_kind"] = self.instance.body.kind

    def save(self, commit=True):
        body, _ = OtherBody.objects.get_or_create(
            name=self.cleaned_data["body_name"].strip(),
            defaults={"kind": self.cleaned_data["body_kind"]},
        )
        self.instance.body = body
        return super().save(commit=commit)
