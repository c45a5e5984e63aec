"""Subject access requests (exports) and erasures, each recorded in the audit log too."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportRequest(models.Model):
    """Everything held about one email address, built as a ZIP by a task, downloaded once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready to download"
        DOWNLOADED = "downloaded", "Downloaded (file deleted)"
        EXPIRED = "expired", "Not downloaded in time (file deleted)"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("email address")
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_staff = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    tables = models.JSONField(default=dict, blank=True, help_text="Rows per table.")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Data export {self.public_id.hex[:8]} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("privacy:download", args=[self.public_id])

    @property
    def row_count(self) -> int:
        return sum(self.tables.values()) if isinstance(self.tables, dict) else 0


class Erasure(models.Model):
    """A person erased on request. The address is kept only as a keyed hash."""

    email_hash = models.CharField(max_length=64, db_index=True, editable=False)
    reason = models.TextField()
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(default=dict, blank=True, help_text="Rows anonymised per table.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Erasure {self.pk} on {self.at:%Y-%m-%d}"

    @property
    def row_count(self) -> int:
        return sum(self.counts.values()) if isinstance(self.counts, dict) else 0
