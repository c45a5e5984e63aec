"""Forms of the research pages. Bad input gets a message beside the field (and a 400)."""

import re

from django import forms
from django.conf import settings
from django.utils import timezone

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Theme
from coalition.members.models import Organisation
from coalition.research.models import (
    EvidenceRequest,
    GapComment,
    Institution,
    LearningMaterial,
    LearningOpportunity,
    Researcher,
    ResearchGap,
    ResearchItem,
)
from coalition.research.models.items import RESERVED_SLUGS
from coalition.research.validators import normalise_doi

PDF_ACCEPT = "application/pdf,.pdf"
CITATION_ACCEPT = ".ris,.bib,.bibtex,.txt,application/x-research-info-systems,application/x-bibtex"


def theme_field(label="Themes", help_text=""):
    return forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text=help_text,
    )


def parse_authors(text: str) -> list[dict]:
    """One author a line: "Family, Given" is a person, a name without a comma an organisation."""
    authors = []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name:
            authors.append(
                {"name": name[:200], "kind": "person" if "," in name else "organisation"}
            )
    return authors


ITEM_REF = re.compile(r"/research/([-a-z0-9_]+)/?$")


def find_items(text: str, queryset=None):
    """Library items named one a line by their address, the end of it, or their DOI.

    Returns (items, not_found)."""
    queryset = queryset if queryset is not None else ResearchItem.objects.all()
    items, missing = [], []
    for line in text.splitlines():
        value = line.strip()
        if not value:
            continue
        match = ITEM_REF.search(value.split("?")[0])
        slug = match.group(1) if match else value.strip("/")
        item = queryset.filter(slug=slug).first()
        if item is None and normalise_doi(value).startswith("10."):
            item = queryset.filter(doi=normalise_doi(value)).first()
        if item is None:
            missing.append(value[:80])
        elif item not in items:
            items.append(item)
    return items, missing


class ItemRefsField(forms.CharField):
    """Library items by address or DOI, one a line (a search box works without JS)."""

    def __init__(self, *args, queryset=None, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def clean(self, value):
        value = super().clean(value)
        items, missing = find_items(value or "", self.queryset)
        if missing:
            raise forms.ValidationError(
                "These are not items in the library: "
                + "; ".join(missing[:5])
                + ". Paste each item’s address (…/research/its-name/) or its DOI."
            )
        return items


class ResearchItemForm(CoalitionModelForm):
    themes = theme_field()
    authors_text = forms.CharField(
        label="Authors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line. People as “Family, Given” (e.g. Smith, Jane); "
        "organisations by name (e.g. Community Matters).",
    )

    class Meta:
        model = ResearchItem
        fields = [
            "title",
            "item_type",
            "authors_text",
            "publisher",
            "year",
            "container_title",
            "summary",
            "abstract",
            "key_findings",
            "themes",
            "campaigns",
            "organisation",
            "url",
            "file",
            "doi",
            "licence",
            "open_access",
            "keywords",
            "slug",
            "published_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "abstract": forms.Textarea(attrs={"rows": 6}),
            "key_findings": forms.Textarea(attrs={"rows": 5}),
            "campaigns": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": PDF_ACCEPT}),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        labels = {"slug": "Web address", "organisation": "Member organisation"}
        help_texts = {
            "slug": "The end of the page’s address, /research/<this>/. Empty: made from the title."
        }

    def __init__(self, *args, staff=False, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        from coalition.campaigns.models import Campaign

        self.staff = staff
        self.fields["campaigns"].queryset = Campaign.objects.public().order_by("title")
        self.fields["campaigns"].label = "Evidence for these campaigns"
        self.fields["campaigns"].required = False
        organisation = self.fields["organisation"]
        organisation.required = False
        if staff:
            organisation.queryset = Organisation.objects.listed()
            self.fields["slug"].required = False
        else:
            organisation.queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations or []]
            )
            del self.fields["slug"]
            del self.fields["published_at"]
        if self.instance.pk and not self.is_bound:
            self.initial["authors_text"] = "\n".join(self.instance.author_names)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                "This web address is used by the research pages. Choose another."
            )
        return slug

    def clean_doi(self):
        doi = normalise_doi(self.cleaned_data.get("doi", ""))
        if doi:
            other = ResearchItem.objects.filter(doi=doi).exclude(pk=self.instance.pk).first()
            if other is not None:
                where = other.title if other.is_public or self.staff else "an item being reviewed"
                raise forms.ValidationError(
                    f"This DOI is already in the library: “{where}”. "
                    "Add to that item instead of submitting it again."
                )
        return doi

    def clean_authors_text(self):
        return parse_authors(self.cleaned_data.get("authors_text", ""))

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file") and not self.instance.file:
            if not data.get("doi"):
                self.add_error("url", "Give a link, upload the PDF, or enter its DOI.")
        return data


class ResearchFilterForm(forms.Form):
    """The library's query parameters. Bad values answer 400."""

    q = forms.CharField(label="Words in the title", required=False, max_length=100)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type")] + ResearchItem.Type.choices
    )
    year = forms.IntegerField(label="Year", required=False, min_value=1800, max_value=2200)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any organisation",
        label="Organisation",
    )
    open_access = forms.BooleanField(label="Open access only", required=False)

    error_messages_year = "Enter a year, e.g. 2009."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].error_messages.update(
            {
                "invalid": self.error_messages_year,
                "min_value": self.error_messages_year,
                "max_value": self.error_messages_year,
            }
        )
        self.fields["theme"].error_messages["invalid_choice"] = "There is no such theme."
        self.fields["organisation"].error_messages["invalid_choice"] = (
            "There is no member organisation with this name."
        )
        self.fields["type"].error_messages["invalid_choice"] = "There is no such type."

    def filter(self, items):
        data = self.cleaned_data
        if data.get("theme"):
            items = items.filter(themes=data["theme"])
        if data.get("type"):
            items = items.filter(item_type=data["type"])
        if data.get("year"):
            items = items.filter(year=data["year"])
        if data.get("organisation"):
            items = items.filter(organisation=data["organisation"])
        if data.get("open_access"):
            items = items.filter(open_access=True)
        if data.get("q"):
            items = items.filter(title__icontains=data["q"])
        return items

    def query_string(self) -> str:
        from urllib.parse import urlencode

        if not self.is_bound or not self.is_valid():
            return ""
        pairs = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            pairs[name] = getattr(value, "slug", value)
        return urlencode(pairs)


class ReasonForm(CoalitionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Emailed to the person who sent it. Say what they could change.",
    )


class ImportForm(CoalitionForm):
    file = forms.FileField(
        label="RIS or BibTeX file",
        help_text="From Zotero, Mendeley or EndNote: export your references as RIS (.ris) "
        "or BibTeX (.bib).",
        widget=forms.ClearableFileInput(attrs={"accept": CITATION_ACCEPT}),
    )
    publish = forms.BooleanField(
        label="Publish the entries straight away",
        required=False,
        help_text="Otherwise they wait in the review queue like any submission.",
    )

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["publish"]

    def clean_file(self):
        from coalition.research.citations.parse import detect_format
        from coalition.research.services.imports import read_text

        upload = self.cleaned_data["file"]
        limit = settings.RESEARCH_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is too large. Import at most {limit // (1024 * 1024)} MB at a time."
            )
        data = upload.read()
        if b"\x00" in data[:4096]:
            raise forms.ValidationError(
                "This is not a RIS or BibTeX file (it is not text). Export your references "
                "as RIS or BibTeX and upload that file."
            )
        text = read_text(data)
        if detect_format(text) is None:
            raise forms.ValidationError(
                "This is not a RIS or BibTeX file. Export your references from Zotero, "
                "Mendeley or EndNote as RIS (.ris) or BibTeX (.bib) and upload that file."
            )
        self.text = text
        return upload


class GapForm(CoalitionModelForm):
    themes = theme_field()

    class Meta:
        model = ResearchGap
        fields = ["title", "description", "themes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class GapStatusForm(CoalitionModelForm):
    items_text = ItemRefsField(
        label="Library items that answer it",
        help_text="One a line: the item’s address (…/research/its-name/) or its DOI.",
    )

    class Meta:
        model = ResearchGap
        fields = ["status", "status_note", "project", "researcher"]
        widgets = {"status_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["researcher"].queryset = Researcher.objects.active()
        if self.instance.pk and not self.is_bound:
            self.initial["items_text"] = "\n".join(
                item.get_absolute_url() for item in self.instance.items.all()
            )

    def clean(self):
        data = super().clean()
        if data.get("status") == ResearchGap.Status.ANSWERED and not data.get("items_text"):
            self.add_error(
                "items_text", "An answered gap links to the library items that answer it."
            )
        return data


class CommentForm(CoalitionModelForm):
    class Meta:
        model = GapComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class EvidenceRequestForm(CoalitionModelForm):
    themes = theme_field(help_text="Helps us find the right researchers.")

    class Meta:
        model = EvidenceRequest
        fields = ["asker_name", "title", "description", "themes", "needed_by"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "needed_by": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_needed_by(self):
        value = self.cleaned_data.get("needed_by")
        if value and value < timezone.localdate():
            raise forms.ValidationError("This date has passed. Leave it empty if there is no date.")
        return value


class RouteForm(CoalitionForm):
    researchers = forms.ModelMultipleChoiceField(
        queryset=Researcher.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        label="Send to these researchers",
        error_messages={"required": "Choose at least one researcher."},
    )
    note = forms.CharField(
        label="A note for them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReplyForm(CoalitionForm):
    body = forms.CharField(
        label="Your reply",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )
    items = ItemRefsField(
        label="Library items that help",
        help_text="Optional. One a line: the item’s address (…/research/its-name/) or DOI.",
    )

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("items"):
            self.add_error("body", "Write a reply or name a library item.")
        return data


class ResearcherForm(CoalitionModelForm):
    themes = theme_field()

    class Meta:
        model = Researcher
        fields = [
            "name",
            "institution",
            "role",
            "expertise",
            "themes",
            "bio",
            "website",
            "public_profile",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.all()
        if staff:
            self.fields["email"] = forms.EmailField(initial=self.instance.email or "")
            self.fields["status"] = forms.ChoiceField(
                choices=Researcher.Status.choices, initial=self.instance.status
            )


class InstitutionForm(CoalitionModelForm):
    themes = theme_field()

    class Meta:
        model = Institution
        fields = ["name", "kind", "website", "description", "expertise", "themes", "listed"]


class LearningForm(CoalitionModelForm):
    themes = theme_field()
    items_text = ItemRefsField(
        label="Reading from the library",
        help_text="One a line: the item’s address (…/research/its-name/) or DOI.",
    )

    class Meta:
        model = LearningOpportunity
        fields = [
            "title",
            "kind",
            "audience",
            "summary",
            "description",
            "themes",
            "event",
            "starts_on",
            "writeup",
            "status",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "writeup": forms.Textarea(attrs={"rows": 8}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from coalition.events.models import Event

        self.fields["event"].queryset = Event.objects.order_by("-created")[:200]
        self.fields["event"].queryset = Event.objects.filter(
            pk__in=list(Event.objects.order_by("-created").values_list("pk", flat=True)[:200])
        )
        if self.instance.pk and not self.is_bound:
            self.initial["items_text"] = "\n".join(
                item.get_absolute_url() for item in self.instance.items.all()
            )


class MaterialForm(CoalitionModelForm):
    class Meta:
        model = LearningMaterial
        fields = ["title", "kind", "file", "url"]

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            self.add_error("file", "Upload a file or give a link.")
        return data


class BriefingForm(CoalitionForm):
    subject = forms.CharField(max_length=200, label="Subject line")
    intro = forms.CharField(
        label="A few words at the top",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown is allowed.",
    )
