"""The learning programme: courses, seminars and training (for members and for the public
sector on the community sector), linked to events, with materials and write-ups."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown
from coalition.lib.uploads import DOCUMENT_KINDS, validate_document


def validate_material(file) -> None:
    validate_document(file, kinds=DOCUMENT_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES)


class LearningOpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=LearningOpportunity.Status.PUBLISHED)


class LearningOpportunity(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        SEMINAR = "seminar", "Seminar"
        TRAINING = "training", "Training"
        WORKSHOP = "workshop", "Workshop"
        READING = "reading", "Reading group"

    class Audience(models.TextChoices):
        MEMBERS = "members", "Coalition members"
        PUBLIC_SECTOR = "public-sector", "The public sector"
        RESEARCHERS = "researchers", "Members and researchers"
        EVERYONE = "everyone", "Everyone"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SEMINAR)
    audience = models.CharField(max_length=14, choices=Audience.choices, default=Audience.EVERYONE)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown is allowed.")
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="learning")
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learning",
        help_text="The event in the calendar, for dates and booking.",
    )
    starts_on = models.DateField(null=True, blank=True)
    items = models.ManyToManyField(
        "research.ResearchItem", blank=True, related_name="learning", verbose_name="reading"
    )
    writeup = models.TextField(
        "what we learned",
        blank=True,
        help_text="A write-up after it happened, for those who could not come. Markdown.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = LearningOpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created"]
        verbose_name_plural = "learning opportunities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:learning_item", args=[self.slug])

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def writeup_html(self):
        return render_markdown(self.writeup)

    @property
    def is_past(self) -> bool:
        return bool(self.starts_on and self.starts_on < timezone.localdate())


class LearningMaterial(models.Model):
    class Kind(models.TextChoices):
        SLIDES = "slides", "Slides"
        HANDOUT = "handout", "Handout"
        RECORDING = "recording", "Recording"
        READING = "reading", "Reading"

    opportunity = models.ForeignKey(
        LearningOpportunity, on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HANDOUT)
    file = models.FileField(upload_to="learning/%Y/", blank=True, validators=[validate_material])
    url = models.URLField("link", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url
