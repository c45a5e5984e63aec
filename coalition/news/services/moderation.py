"""News items through their life: drafted, submitted by members, moderated and published."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.models import CoalitionProfile
from coalition.lib.email import queue_email
from coalition.news.models import NewsItem
from coalition.news.models.items import RESERVED_SLUGS


class AlreadyDecided(Exception):
    """The item is no longer waiting for a decision (someone else decided it)."""


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:180] or "news"
    if base in RESERVED_SLUGS:
        base = f"{base}-news"
    taken = NewsItem.objects.exclude(pk=exclude_pk)
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def save_item(item: NewsItem, form=None) -> NewsItem:
    if not item.slug:
        item.slug = unique_slug(item.title, item.pk)
    if item.status == NewsItem.Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()  # a published item always has its time
    item.save()
    if form is not None:
        form.save_m2m()
    return item


def submit_item(item: NewsItem, user) -> NewsItem:
    """A member's item goes to staff for review; the coalition's inbox is told."""
    item.status = NewsItem.Status.SUBMITTED
    item.submitted_by = user
    item.submitted_at = timezone.now()
    item.rejection_reason = ""
    item.save(
        update_fields=["status", "submitted_by", "submitted_at", "rejection_reason", "updated"]
    )
    profile = CoalitionProfile.current()
    if profile.email:
        queue_email(
            profile.email,
            "news/emails/submission_received",
            {"item": item, "user": user},
            reply_to=user.email,
        )
    return item


def _decide(item_id: int) -> NewsItem:
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    if item.status != NewsItem.Status.SUBMITTED:
        raise AlreadyDecided
    return item


@transaction.atomic
def approve_item(item_id: int, user) -> NewsItem:
    """Publish a submitted item now (or at the time staff set, if later)."""
    item = _decide(item_id)
    _publish(item, user)
    _tell_submitter(item, "submission_approved")
    return item


@transaction.atomic
def reject_item(item_id: int, user, reason: str) -> NewsItem:
    """Refuse a submitted item, with a reason emailed to whoever sent it."""
    item = _decide(item_id)
    item.status = NewsItem.Status.REJECTED
    item.rejection_reason = reason
    item.moderated_by = user
    item.moderated_at = timezone.now()
    item.save()
    _tell_submitter(item, "submission_rejected")
    return item


@transaction.atomic
def publish_item(item: NewsItem, user) -> NewsItem:
    """Staff publish their own item, or a draft, directly."""
    _publish(item, user)
    return item


def _publish(item: NewsItem, user) -> None:
    now = timezone.now()
    item.status = NewsItem.Status.PUBLISHED
    item.rejection_reason = ""
    item.published_at = item.published_at or now
    item.moderated_by = user
    item.moderated_at = now
    item.save()


def _tell_submitter(item: NewsItem, template: str) -> None:
    if item.submitted_by and item.submitted_by.email:
        queue_email(item.submitted_by.email, f"news/emails/{template}", {"item": item})
