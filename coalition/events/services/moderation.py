"""Events through their life: saved, submitted by members, moderated by staff, cancelled."""

from django.db import transaction
from django.utils import timezone

from coalition.core.models import CoalitionProfile
from coalition.events.models import Event, Occurrence, Registration
from coalition.events.services.registrations import (
    notify_date_changed,
    offer_freed_places,
)
from coalition.events.services.series import sync_occurrences
from coalition.lib.email import queue_email


class AlreadyDecided(Exception):
    """The event is no longer waiting for a decision (someone else decided it)."""


def capacity_problems(event: Event, capacity: int | None) -> list[str]:
    """Dates that already have more people than `capacity` places (for the form to refuse)."""
    if capacity is None or event.pk is None:
        return []
    problems = []
    for occurrence in event.occurrences.filter(
        capacity__isnull=True, is_cancelled=False, ends_at__gt=timezone.now()
    ):
        taken = occurrence.registrations.holding_places().count()
        if taken > capacity:
            problems.append(
                f"{taken} people already have a place on "
                f"{occurrence.local_start:%-d %B %Y}; the number of places can’t be lower "
                "than that. Cancel registrations first, or choose a larger number."
            )
    return problems


@transaction.atomic
def save_event(event: Event, form=None) -> Event:
    """Save an event (and its form's many-to-many fields), then bring its dates in line."""
    changes = event.significant_changes()
    event.save()
    if form is not None:
        form.save_m2m()
    occurrences = sync_occurrences(event)
    ids = [o.pk for o in occurrences if not o.is_cancelled]
    transaction.on_commit(lambda: offer_freed_places(ids))
    if event.status == Event.Status.PUBLISHED and {"starts_at", "ends_at"} & set(changes):
        for occurrence in occurrences:
            if occurrence.ends_at > timezone.now() and not occurrence.is_cancelled:
                notify_date_changed(occurrence)
    return event


def submit_event(event: Event, user) -> None:
    """A member's event goes to staff for review."""
    event.status = Event.Status.SUBMITTED
    event.submitted_by = user
    event.submitted_at = timezone.now()
    event.save(update_fields=["status", "submitted_by", "submitted_at", "sequence", "updated"])
    profile = CoalitionProfile.current()
    if profile.email:
        queue_email(
            profile.email,
            "events/emails/submission_received",
            {"event": event, "user": user},
            reply_to=user.email,
        )


def _decide(event_id: int) -> Event:
    event = Event.objects.select_for_update().get(pk=event_id)
    if event.status != Event.Status.SUBMITTED:
        raise AlreadyDecided
    return event


@transaction.atomic
def approve_event(event_id: int, user) -> Event:
    event = _decide(event_id)
    event.status = Event.Status.PUBLISHED
    event.rejection_reason = ""
    event.moderated_by = user
    event.moderated_at = timezone.now()
    event.save()
    _tell_submitter(event, "submission_approved")
    return event


@transaction.atomic
def reject_event(event_id: int, user, reason: str) -> Event:
    """Send the event back to its organiser as a draft, with the reason."""
    event = _decide(event_id)
    event.status = Event.Status.DRAFT
    event.rejection_reason = reason
    event.moderated_by = user
    event.moderated_at = timezone.now()
    event.save()
    _tell_submitter(event, "submission_returned")
    return event


def publish_event(event: Event, user) -> Event:
    """Staff publish their own event (or a draft) directly."""
    event.status = Event.Status.PUBLISHED
    event.rejection_reason = ""
    event.moderated_by = user
    event.moderated_at = timezone.now()
    event.save()
    return event


def _tell_submitter(event: Event, template: str) -> None:
    if event.submitted_by and event.submitted_by.email:
        queue_email(
            event.submitted_by.email,
            f"events/emails/{template}",
            {"event": event},
        )


def cancel_event(event: Event, reason: str) -> int:
    """Cancel the whole event; everyone registered is told (from a task). Returns how many."""
    from coalition.events.tasks import tell_registrants_event_cancelled

    count = event.registrations.filter(status__in=Registration.ACTIVE).count()
    with transaction.atomic():
        event.status = Event.Status.CANCELLED
        event.cancellation_reason = reason
        event.save()
        pk = event.pk
        transaction.on_commit(lambda: tell_registrants_event_cancelled.enqueue(pk, reason))
    return count


@transaction.atomic
def change_occurrence(occurrence: Occurrence, *, notify: bool = True) -> Occurrence:
    """Save one date changed on its own (moved, its places or note), apart from the series."""
    event = occurrence.event
    before = Occurrence.objects.get(pk=occurrence.pk)
    moved = (before.starts_at, before.ends_at) != (occurrence.starts_at, occurrence.ends_at)
    occurrence.is_changed = (
        occurrence.is_changed
        or moved
        or before.note != occurrence.note
        or occurrence.starts_at != occurrence.original_start
    )
    occurrence.save()
    event.sequence += 1
    event.save(update_fields=["sequence", "updated"])
    if moved and notify:
        notify_date_changed(occurrence)
    pk = occurrence.pk
    transaction.on_commit(lambda: offer_freed_places([pk]))
    return occurrence


def occurrence_capacity_problem(occurrence: Occurrence, capacity: int | None) -> str | None:
    effective = capacity if capacity is not None else occurrence.event.capacity
    if effective is None:
        return None
    taken = occurrence.registrations.holding_places().count()
    if taken > effective:
        return (
            f"{taken} people already have a place on this date; the number of places can’t be "
            "lower than that."
        )
    return None
