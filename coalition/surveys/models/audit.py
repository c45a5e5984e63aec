"""The independence audit: a scored self-assessment, versioned.

A version holds sections (purpose, voice, action, governance, funding diversity),
their questions, each option's score, and each section's bands with guidance. Staff
edit a copy once a version has results (services/audit.py), so a result always
points at the questions it answered.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


def new_token() -> str:
    return secrets.token_urlsafe(24)


class AuditVersion(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    is_current = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Independence audit, version {self.number}"


class AuditSection(models.Model):
    version = models.ForeignKey(AuditVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=30, help_text="purpose, voice, action, governance, funding")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class AuditQuestion(models.Model):
    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class AuditOption(models.Model):
    question = models.ForeignKey(AuditQuestion, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=300)
    score = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class AuditBand(models.Model):
    """From `min_percent` of the section's possible score upwards (the highest that fits)."""

    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="bands")
    min_percent = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    guidance = models.TextField()

    class Meta:
        ordering = ["min_percent"]

    def __str__(self):
        return self.label


class AuditResult(models.Model):
    version = models.ForeignKey(AuditVersion, on_delete=models.PROTECT, related_name="results")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="independence_audits",
    )
    organisation_name = models.CharField(max_length=200, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict)  # {question id: option id}
    scores = models.JSONField(default=dict)  # {section key: percent}
    overall = models.PositiveSmallIntegerField(default=0)
    contributed = models.BooleanField("shared anonymously with the sector benchmark", default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Audit {self.created:%d %B %Y}"

    def get_absolute_url(self):
        return reverse("surveys:audit_result", args=[self.token])
