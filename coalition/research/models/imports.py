"""Imports of RIS and BibTeX files: parsed once into a preview, imported on confirmation,
with a report of every entry (imported, refused and why, or a duplicate of which item)."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", "Checked, not imported yet"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    class Format(models.TextChoices):
        RIS = "ris", "RIS"
        BIBTEX = "bibtex", "BibTeX"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=6, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    publish = models.BooleanField(
        default=False, help_text="Staff only: publish the entries straight away."
    )
    # [{"number", "line", "key", "title", "outcome": ok|refused|duplicate, "errors": [...],
    #   "duplicate_of": item pk, "record": {...}}]
    entries = models.JSONField(default=list)
    good = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("research:import_batch", args=[self.pk])

    @property
    def total(self) -> int:
        return self.good + self.refused + self.duplicates
