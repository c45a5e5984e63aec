"""Campaigns and what goes with them: evidence, tips and downloadable materials."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown
from coalition.lib.uploads import DOCUMENT_KINDS, IMAGE_KINDS, validate_document


def validate_campaign_image(file) -> None:
    validate_document(file, kinds=IMAGE_KINDS)


def validate_material(file) -> None:
    validate_document(file, kinds=DOCUMENT_KINDS)


# Words in the campaigns' URLs that a campaign's own address must not take.
RESERVED_SLUGS = {"confirm"}


class CampaignQuerySet(models.QuerySet):
    def public(self):
        """Campaigns anyone may see: everything but drafts."""
        return self.exclude(status=Campaign.Status.DRAFT)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        WON = "won", "Won"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        error_messages={"unique": "Another campaign already uses this web address."},
    )
    policy_area = models.CharField(
        max_length=120, help_text="For example: funding of the community sector."
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="campaigns")
    goal = models.TextField(help_text="The change the campaign wants, in a sentence or two.")
    summary = models.TextField(max_length=400, help_text="Shown in lists; at most 400 characters.")
    body = models.TextField(blank=True, help_text="The full story. Markdown is allowed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    image = models.ImageField(
        upload_to="campaigns/%Y/",
        blank=True,
        validators=[validate_campaign_image],
        help_text="PNG, JPEG, GIF or WebP.",
    )
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="What the image shows, for people who cannot see it.",
    )
    lead_organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaigns_led",
    )
    supporting_organisations = models.ManyToManyField(
        "members.Organisation", blank=True, related_name="campaigns_supported"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the site. Choose another."})
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})
        if self.image and not self.image_alt:
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class EvidenceItem(models.Model):
    """A piece of evidence for the campaign's case: a report, statistic or study."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="Who published it, and when.")
    url = models.URLField("link", blank=True)
    file = models.FileField(
        upload_to="campaigns/evidence/%Y/", blank=True, validators=[validate_material]
    )
    summary = models.TextField(help_text="What it shows, in a few sentences.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "evidence items"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError("Give a link to the evidence or upload it as a file.")


class CampaignTip(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tips")
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown is allowed.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def body_html(self):
        return render_markdown(self.body)


class Material(models.Model):
    """A downloadable file: a leaflet, a briefing, slides, a poster."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file = models.FileField(upload_to="campaigns/materials/%Y/", validators=[validate_material])
    kind = models.CharField(max_length=10, editable=False, help_text="Detected from the content.")
    size = models.PositiveBigIntegerField(default=0, editable=False)
    download_count = models.PositiveIntegerField(default=0, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.kind:
            from coalition.lib.uploads import detect_kind

            self.kind = detect_kind(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:material", args=[self.campaign.slug, self.pk])
