"""Joint responses: drafted in sections by staff, commented on and signed by members."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown


class Response(models.Model):
    """The coalition's response to a development, signed by member organisations."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting (members comment and sign)"
        PUBLISHED = "published", "Submitted and published"

    development = models.ForeignKey(
        "policy.Development", on_delete=models.PROTECT, related_name="responses"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    introduction = models.TextField(blank=True, help_text="Markdown. Shown before the sections.")
    sign_until = models.DateTimeField(
        "members sign until", help_text="Member organisations may sign until then."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFTING)
    submitted_on = models.DateField("date submitted", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="policy/responses/", blank=True, editable=False)
    outcome = models.TextField(
        blank=True, help_text="Markdown. What happened after: the government's reply, changes."
    )
    outcome_on = models.DateField("outcome known on", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policy:response", args=[self.slug])

    def get_staff_url(self) -> str:
        return reverse("policy:staff_response", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def signing_open(self, now=None) -> bool:
        return not self.is_published and (now or timezone.now()) <= self.sign_until


class Section(models.Model):
    """One part of a response. `version` goes up on every edit (optimistic concurrency)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading

    def save(self, *args, **kwargs):
        # Rendered once on save: a response with forty sections is read far more than written.
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)


class SectionRevision(models.Model):
    """The section as it was after one edit: who changed it, when, to what."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField("what changed", max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["section", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["section", "version"], name="policy_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.section} v{self.version}"


class Comment(models.Model):
    """A member's comment on a section, perhaps proposing wording; replies thread under it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField(blank=True, editable=False)
    proposed_wording = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["section", "parent"], name="policy_comment_section")]

    def __str__(self) -> str:
        return f"Comment on {self.section}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Signature(models.Model):
    """A member organisation co-signing a response, through its representative."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="policy_signatures"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "organisation"], name="policy_signature_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} signed {self.response}"
