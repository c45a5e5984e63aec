"""The research library: items, their authors and the order authors are listed in.

The stable interface other apps use (the mailings app fills research briefings from it,
the policy app links positions to items):

    ResearchItem.objects.published()   # public items, newest first
    item.title, item.slug, item.summary, item.published_at, item.year, item.item_type,
    item.doi, item.url, item.themes, item.campaigns, item.get_absolute_url(),
    item.author_names (list of str), item.key_findings_list (list of str)
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coalition.research.validators import normalise_doi, validate_doi, validate_pdf, validate_year

# Words the research pages' own URLs use after /research/, never given to an item as its slug.
RESERVED_SLUGS = {
    "gaps",
    "network",
    "learning",
    "submit",
    "my",
    "import",
    "export",
    "ask",
    "requests",
    "themes",
    "new",
    "researchers",
    "institutions",
}


class Author(models.Model):
    """Someone credited on research: a person or an organisation (a corporate author)."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(
        max_length=200, help_text="People as “Family, Given”; organisations by their full name."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    # Lower-cased name and kind, for matching authors when items are entered or imported.
    key = models.CharField(max_length=220, unique=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.key = self.make_key(self.name, self.kind)
        super().save(*args, **kwargs)

    @staticmethod
    def make_key(name: str, kind: str) -> str:
        return f"{kind[:1]}:{' '.join(name.lower().split())}"[:220]


class ResearchItemQuerySet(models.QuerySet):
    def published(self):
        """Public: published, with a publication time that has come; newest first."""
        return self.filter(
            status=ResearchItem.Status.PUBLISHED, published_at__lte=timezone.now()
        ).order_by("-published_at", "-pk")

    def waiting(self):
        return self.filter(status=ResearchItem.Status.SUBMITTED)


class ResearchItem(models.Model):
    class Type(models.TextChoices):
        REPORT = "report", "Report"
        BRIEFING = "briefing", "Briefing"
        ARTICLE = "article", "Journal article"
        CHAPTER = "chapter", "Book chapter"
        BOOK = "book", "Book"
        EVALUATION = "evaluation", "Evaluation"
        DATASET = "dataset", "Dataset"
        POLICY_PAPER = "policy_paper", "Policy paper"
        THESIS = "thesis", "Thesis"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Not accepted"

    class Licence(models.TextChoices):
        UNKNOWN = "", "Not stated"
        CC_BY = "cc-by", "Creative Commons Attribution (CC BY)"
        CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike (CC BY-SA)"
        CC_BY_NC = "cc-by-nc", "Creative Commons Attribution-NonCommercial (CC BY-NC)"
        CC_BY_NC_ND = "cc-by-nc-nd", "Creative Commons BY-NC-ND"
        CC0 = "cc0", "Public domain (CC0)"
        OGL = "ogl", "Open Government Licence"
        ALL_RIGHTS = "all-rights", "All rights reserved"
        OTHER = "other", "Other"

    title = models.CharField(max_length=500)
    slug = models.SlugField(
        max_length=220,
        unique=True,
        error_messages={"unique": "Another research item already uses this web address."},
    )
    item_type = models.CharField("type", max_length=14, choices=Type.choices, default=Type.REPORT)
    authors = models.ManyToManyField(Author, through="Authorship", blank=True, related_name="items")
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it, e.g. a university or a charity."
    )
    container_title = models.CharField(
        "published in",
        max_length=300,
        blank=True,
        help_text="The journal or book it appears in, if any.",
    )
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    pages = models.CharField(max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[validate_year], help_text="Year of publication."
    )
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences for lists and briefings (the abstract's start if empty).",
    )
    abstract = models.TextField(blank=True)
    key_findings = models.TextField(
        blank=True, help_text="The main findings, one per line, in plain words."
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Keywords, separated by commas."
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="research_items")
    campaigns = models.ManyToManyField(
        "campaigns.Campaign",
        blank=True,
        related_name="research_items",
        help_text="Campaigns this research is evidence for.",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="research_items",
        help_text="The member organisation that produced or shared it, if any.",
    )
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(
        "PDF",
        upload_to="research/%Y/",
        blank=True,
        validators=[validate_pdf],
        help_text="Optional. A PDF of the research.",
    )
    file_text = models.TextField(
        blank=True, editable=False, help_text="Text taken from the PDF, for site search."
    )
    licence = models.CharField(max_length=12, choices=Licence.choices, blank=True, default="")
    open_access = models.BooleanField(
        "open access", default=False, help_text="Free for anyone to read."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="For example 10.1234/abcd.5678.",
    )
    import_batch = models.ForeignKey(
        "research.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
        editable=False,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("published", null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_research",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_research",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResearchItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="research_status_published"),
            models.Index(fields=["status", "year"], name="research_status_year"),
            # The list filtered by year, newest first, without sorting.
            models.Index(
                fields=["status", "year", "-published_at"], name="research_year_published"
            ),
            # Import: entries without a DOI are matched to the library by title.
            models.Index(fields=["title"], name="research_title"),
            models.Index(fields=["status", "item_type"], name="research_status_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="research_doi_unique",
                violation_error_message="Another research item already has this DOI.",
            )
        ]
        verbose_name = "research item"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.doi = normalise_doi(self.doi)
        if not self.summary and self.abstract:
            self.summary = summarise(self.abstract)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("research:item", args=[self.slug])

    def get_staff_url(self) -> str:
        return reverse("research:staff_item", args=[self.pk])

    def clean(self) -> None:
        self.doi = normalise_doi(self.doi)
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": "This web address is used by the research pages. Choose another."}
            )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def key_findings_list(self) -> list[str]:
        return [line.strip(" -•*\t") for line in self.key_findings.splitlines() if line.strip()]

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    @property
    def author_names(self) -> list[str]:
        """Authors in their order (uses prefetched authorships when the caller provided them,
        or the names a list page attached as `preset_authors`)."""
        if hasattr(self, "preset_authors"):
            return self.preset_authors
        return [a.author.name for a in sorted(self.authorships.all(), key=lambda a: a.position)]

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


def summarise(text: str, limit: int = 300) -> str:
    """The start of a text, cut at a word, at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


class Authorship(models.Model):
    item = models.ForeignKey(ResearchItem, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "author"], name="research_author_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.item}"
