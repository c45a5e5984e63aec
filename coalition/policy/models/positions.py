"""The coalition's positions and publications, and what others have said."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Position(models.Model):
    """Where the coalition stands on an issue, adopted by a governance decision."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    statement = models.TextField(help_text="Markdown. The position in a few sentences.")
    rationale = models.TextField(help_text="Markdown. Why the coalition holds it.")
    evidence = models.ManyToManyField(
        "research.ResearchItem",
        blank=True,
        related_name="policy_positions",
        help_text="Items from the research library that support it.",
    )
    evidence_note = models.TextField(
        "other evidence", blank=True, help_text="Markdown. Evidence beyond the research library."
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
        help_text="The decision that adopted it, when there is one.",
    )
    adopted_on = models.DateField("adopted")
    review_on = models.DateField("review by", null=True, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="policy_positions")
    developments = models.ManyToManyField(
        "policy.Development", blank=True, related_name="positions"
    )
    is_public = models.BooleanField("shown publicly", default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-adopted_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:position", args=[self.slug])


class Publication(models.Model):
    """The coalition's own papers, pamphlets, leaflets, articles, reports and plans."""

    class Kind(models.TextChoices):
        POLICY_PAPER = "policy_paper", "Policy paper"
        PAMPHLET = "pamphlet", "Pamphlet"
        LEAFLET = "leaflet", "Leaflet"
        ARTICLE = "article", "Placed article"
        REPORT = "report", "Report"
        STRATEGIC_PLAN = "strategic_plan", "Strategic plan"
        OPERATING_GUIDE = "operating_guide", "Operating guide"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    summary = models.TextField(help_text="Markdown.")
    file = models.FileField(upload_to="policy/publications/", blank=True)
    file_kind = models.CharField(max_length=8, blank=True, editable=False)
    external_url = models.URLField(
        "where it was published",
        max_length=500,
        blank=True,
        help_text="For a placed article: the newspaper's or journal's page.",
    )
    published_on = models.DateField("published")
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="policy_publications")
    download_count = models.PositiveIntegerField(default=0, editable=False)
    is_public = models.BooleanField("listed publicly", default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:publication", args=[self.slug])


class OtherBody(models.Model):
    """An organisation outside the coalition whose positions we follow."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government"
        NATIONAL = "national", "National body"
        COALITION = "coalition", "Other coalition"
        LOCAL = "local", "Local body"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "other bodies"

    def __str__(self) -> str:
        return self.name


class MonitoredStatement(models.Model):
    """What another organisation said on a theme: a quote or a summary, with its source."""

    body = models.ForeignKey(OtherBody, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField("quote or summary")
    is_quote = models.BooleanField("the text is a direct quote", default=False)
    source_url = models.URLField("source link", max_length=500)
    said_on = models.DateField("date")
    themes = models.ManyToManyField("core.Theme", related_name="monitored_statements")
    development = models.ForeignKey(
        "policy.Development",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-said_on", "pk"]

    def __str__(self) -> str:
        return f"{self.body}, {self.said_on}"
