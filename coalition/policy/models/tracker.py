"""Policy developments the coalition watches, and who gets the weekly deadlines digest."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Development(models.Model):
    """A bill, white paper, consultation... from government, parliament or a regulator."""

    class Kind(models.TextChoices):
        BILL = "bill", "Bill"
        WHITE_PAPER = "white_paper", "White paper"
        CONSULTATION = "consultation", "Consultation"
        STRATEGY = "strategy", "Strategy"
        GUIDANCE = "guidance", "Guidance"
        INQUIRY = "inquiry", "Inquiry"

    class IssuerKind(models.TextChoices):
        GOVERNMENT = "government", "Government department"
        LOCAL = "local", "Local government"
        PARLIAMENT = "parliament", "Parliament"
        REGULATOR = "regulator", "Regulator"

    class Status(models.TextChoices):
        WATCHING = "watching", "Watching"
        RESPONDING = "responding", "Responding"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    issuer_kind = models.CharField("issued by", max_length=12, choices=IssuerKind.choices)
    issuer = models.CharField(
        "issuing body", max_length=200, help_text="For example: Department for Communities."
    )
    published_on = models.DateField("published")
    closes_on = models.DateField(
        "consultation closes",
        null=True,
        blank=True,
        help_text="Leave empty when there is no consultation deadline.",
    )
    summary = models.TextField(help_text="Markdown. What it is and why it matters to members.")
    link = models.URLField("link to the document", max_length=500, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="policy_developments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WATCHING)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "title"]
        indexes = [models.Index(fields=["closes_on"], name="policy_dev_closes")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:development", args=[self.slug])

    def days_left(self, today: date | None = None) -> int | None:
        if self.closes_on is None:
            return None
        return (self.closes_on - (today or timezone.localdate())).days

    @property
    def is_open(self) -> bool:
        left = self.days_left()
        return left is not None and left >= 0


class DeadlineSubscriber(models.Model):
    """A member who asked for the weekly email of consultations closing soon."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_digest"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.user)
