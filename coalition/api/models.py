"""Tokens that let a member organisation's own website write to the API.

A token belongs to one organisation and is created and revoked by its representatives.
Only a hash is stored: the token itself is shown once, when it is made.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "coa_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100, help_text="What uses it, so you know which to revoke (e.g. “Our website”)."
    )
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.organisation})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, organisation, name: str, user) -> tuple["ApiToken", str]:
        """A new token; returns it with the secret, which is never stored."""
        key = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=key[: len(PREFIX) + 6],
            key_hash=hash_key(key),
            created_by=user,
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> "ApiToken | None":
        if not key or not key.startswith(PREFIX) or len(key) > 100:
            return None
        return (
            cls.objects.active()
            .select_related("organisation", "created_by")
            .filter(key_hash=hash_key(key), organisation__status="active")
            .first()
        )

    def touch(self) -> None:
        """Record use, at most once a minute (a busy integration does not write every call)."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self, user) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.save(update_fields=["revoked_at", "revoked_by"])


class Submission(models.Model):
    """What a token sent, once: a retry with the same Idempotency-Key returns the first."""

    class Kind(models.TextChoices):
        NEWS = "news", "News item"
        EVENT = "event", "Event"

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="submissions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    idempotency_key = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["token", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="api_submission_idempotency_key_once_per_token",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} by {self.token}"
