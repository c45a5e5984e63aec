"""Research gaps: questions the sector needs evidence on, proposed by anyone signed in,
supported once per person, discussed, and given a status by staff."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ResearchGapQuerySet(models.QuerySet):
    def on_board(self):
        """The public board: everything but hidden gaps, most supported first."""
        return self.exclude(status=ResearchGap.Status.HIDDEN).order_by("-support_count", "-created")


class ResearchGap(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESEARCHING = "researching", "Being researched"
        ANSWERED = "answered", "Answered"
        HIDDEN = "hidden", "Hidden"

    title = models.CharField(
        "the question", max_length=200, help_text="The question the sector needs evidence on."
    )
    description = models.TextField(
        "why it matters",
        help_text="Who needs the answer, and what it would change. Plain words, no jargon.",
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="research_gaps")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_research_gaps",
    )
    support_count = models.PositiveIntegerField(default=0, editable=False)
    project = models.ForeignKey(
        "programme.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="research_gaps",
        help_text="The project researching it, if any.",
    )
    researcher = models.ForeignKey(
        "research.Researcher",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="research_gaps",
        help_text="The researcher working on it, if any.",
    )
    status_note = models.TextField(
        "note on the status", blank=True, help_text="Shown on the board, e.g. who is doing what."
    )
    items = models.ManyToManyField(
        "research.ResearchItem",
        blank=True,
        related_name="answered_gaps",
        help_text="Library items that answer it.",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResearchGapQuerySet.as_manager()

    class Meta:
        ordering = ["-support_count", "-created"]
        indexes = [models.Index(fields=["status", "-support_count"], name="research_gap_board")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:gap", args=[self.pk])


class GapSupport(models.Model):
    gap = models.ForeignKey(ResearchGap, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="research_gap_supports"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gap", "user"], name="research_gap_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} supports {self.gap}"


class GapComment(models.Model):
    gap = models.ForeignKey(ResearchGap, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    body = models.TextField("comment", max_length=4000)
    hidden = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name} on {self.gap}"
