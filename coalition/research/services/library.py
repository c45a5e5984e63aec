"""Research items through their life: entered or submitted, moderated, published; authors
kept in order; the PDF's text taken out for site search."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.models import CoalitionProfile
from coalition.lib.email import queue_email
from coalition.research.models import Author, Authorship, ResearchItem
from coalition.research.models.items import RESERVED_SLUGS

log = logging.getLogger(__name__)


class AlreadyDecided(Exception):
    """The item is no longer waiting for a decision (someone else decided it)."""


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:190].strip("-") or "research"
    if base in RESERVED_SLUGS:
        base = f"{base}-research"
    taken = ResearchItem.objects.exclude(pk=exclude_pk)
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def set_authors(item: ResearchItem, authors: list[dict]) -> None:
    """Authors in this order, each found (or made) once in the list of authors."""
    item.authorships.all().delete()
    seen = set()
    for position, author in enumerate(authors):
        key = Author.make_key(author["name"], author["kind"])
        if key in seen:
            continue
        seen.add(key)
        found = Author.objects.filter(key=key).first() or Author.objects.create(
            name=author["name"], kind=author["kind"]
        )
        Authorship.objects.create(item=item, author=found, position=position)


def pdf_text(file) -> str:
    """The text of an uploaded PDF, for site search ("" when it has none or is unreadable)."""
    from coalition.sitesearch.extract import extract_pdf

    try:
        file.seek(0)
        body = file.read()
        file.seek(0)
        result = extract_pdf("", body, settings.RESEARCH_PDF_TEXT_CHARS)
    except Exception:  # a damaged PDF still uploads; it is just not searchable
        log.warning("Could not read the text of a research PDF", exc_info=True)
        return ""
    return result.get("text", "") or ""


@transaction.atomic
def save_item(item: ResearchItem, form=None) -> ResearchItem:
    if not item.slug:
        item.slug = unique_slug(item.title, item.pk)
    if item.status == ResearchItem.Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    new_file = form is not None and "file" in form.changed_data
    if new_file:
        item.file_text = pdf_text(item.file) if item.file else ""
    item.save()
    if form is not None:
        form.save_m2m()
        if "authors_text" in form.cleaned_data:
            set_authors(item, form.cleaned_data["authors_text"])
    return item


def submit_item(item: ResearchItem, user) -> ResearchItem:
    """A contributor's item goes to staff for review; the coalition's inbox is told."""
    item.status = ResearchItem.Status.SUBMITTED
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
            "research/emails/submission_received",
            {"item": item, "user": user},
            reply_to=user.email,
        )
    return item


def _decide(item_id: int) -> ResearchItem:
    item = ResearchItem.objects.select_for_update().get(pk=item_id)
    if item.status != ResearchItem.Status.SUBMITTED:
        raise AlreadyDecided
    return item


@transaction.atomic
def approve_item(item_id: int, user) -> ResearchItem:
    item = _decide(item_id)
    _publish(item, user)
    _tell_submitter(item, "submission_approved")
    return item


@transaction.atomic
def reject_item(item_id: int, user, reason: str) -> ResearchItem:
    item = _decide(item_id)
    item.status = ResearchItem.Status.REJECTED
    item.rejection_reason = reason
    item.moderated_by = user
    item.moderated_at = timezone.now()
    item.save()
    _tell_submitter(item, "submission_rejected")
    return item


@transaction.atomic
def publish_item(item: ResearchItem, user) -> ResearchItem:
    _publish(item, user)
    return item


@transaction.atomic
def approve_batch(batch, user) -> int:
    """Publish the items of an import still waiting for review, in one UPDATE (an import may
    hold thousands); pages refresh and site search indexes them once committed; one email
    to the importer."""
    from coalition.core.cache import bump_generation
    from coalition.research.services.imports import index_in_search

    waiting = batch.items.filter(status=ResearchItem.Status.SUBMITTED)
    pks = list(waiting.values_list("pk", flat=True))
    now = timezone.now()
    ResearchItem.objects.filter(pk__in=pks).update(
        status=ResearchItem.Status.PUBLISHED,
        published_at=now,
        moderated_by=user,
        moderated_at=now,
        rejection_reason="",
        updated=now,
    )
    if pks:
        bump_generation()
        transaction.on_commit(lambda: index_in_search(pks))
    if pks and batch.user and batch.user.email and batch.user != user:
        queue_email(
            batch.user.email,
            "research/emails/import_approved",
            {"batch": batch, "count": len(pks)},
        )
    return len(pks)


def _publish(item: ResearchItem, user) -> None:
    now = timezone.now()
    item.status = ResearchItem.Status.PUBLISHED
    item.rejection_reason = ""
    item.published_at = item.published_at or now
    item.moderated_by = user
    item.moderated_at = now
    item.save()


def _tell_submitter(item: ResearchItem, template: str) -> None:
    if item.submitted_by and item.submitted_by.email:
        queue_email(item.submitted_by.email, f"research/emails/{template}", {"item": item})
