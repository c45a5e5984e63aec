"""Members' own feeds (RSS or Atom), fetched on a schedule, and the entries read from them.

The stable interface for other apps: `MemberFeedEntry.objects.public()` (newest first) with
title, link (the original, on the member's site), summary (plain text), published_at and
feed.organisation.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone


class MemberFeed(models.Model):
    """One organisation's feed. Errors are kept on the row so staff and the member see them."""

    class ErrorKind(models.TextChoices):
        NOT_A_FEED = "not_a_feed", "Not a feed"
        HTTP_ERROR = "http_error", "The server answered with an error"
        BLOCKED_ADDRESS = "blocked_address", "Refused address (not on the public internet)"
        TIMEOUT = "timeout", "No answer in time"
        DNS = "dns", "The name could not be found"
        CONNECTION = "connection", "Could not connect"
        TOO_LARGE = "too_large", "Too large"
        OTHER = "other", "Other problem"

    organisation = models.OneToOneField(
        "members.Organisation", on_delete=models.CASCADE, related_name="news_feed"
    )
    url = models.URLField(
        "feed address",
        max_length=500,
        help_text="The address of your website’s RSS or Atom feed, e.g. https://example.org/feed/",
    )
    is_active = models.BooleanField(
        "fetch it", default=True, help_text="Untick to stop fetching it for a while."
    )
    title = models.CharField(max_length=300, blank=True, editable=False)
    site_url = models.URLField(max_length=500, blank=True, editable=False)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_fetch_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    failure_count = models.PositiveIntegerField(default=0, editable=False)
    error_kind = models.CharField(
        max_length=20, choices=ErrorKind.choices, blank=True, editable=False
    )
    error_message = models.TextField(blank=True, editable=False)
    error_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "member feed"

    def __str__(self) -> str:
        return f"{self.organisation} ({self.url})"

    @property
    def has_error(self) -> bool:
        return bool(self.error_kind)

    @property
    def is_backed_off(self) -> bool:
        return self.failure_count >= 2

    @property
    def status_label(self) -> str:
        if not self.is_active:
            return "Paused"
        if self.has_error:
            return "Failing" if self.is_backed_off else "Problem"
        if self.last_success_at is None:
            return "Not fetched yet"
        return "Working"


def entry_key(guid: str, link: str) -> str:
    """What identifies an entry within its feed: its GUID, or when it has none its link."""
    return hashlib.sha256((guid or link).encode()).hexdigest()


class MemberFeedEntryQuerySet(models.QuerySet):
    def public(self):
        return (
            self.filter(feed__is_active=True, published_at__lte=timezone.now())
            .select_related("feed__organisation")
            .order_by("-published_at", "-pk")
        )


class MemberFeedEntry(models.Model):
    feed = models.ForeignKey(MemberFeed, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=64, editable=False)
    guid = models.CharField(max_length=1000, blank=True)
    link = models.URLField(max_length=1000)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="Plain text.")
    published_at = models.DateTimeField(db_index=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    objects = MemberFeedEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = "member feed entry"
        verbose_name_plural = "member feed entries"
        constraints = [
            models.UniqueConstraint(fields=["feed", "key"], name="one_entry_per_feed_key")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = entry_key(self.guid, self.link)
        super().save(*args, **kwargs)

    @property
    def organisation(self):
        return self.feed.organisation
