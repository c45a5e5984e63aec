"""Registration, cancellation, the waitlist and its offers, reminders.

Every change to who holds a place happens in one transaction that first locks
the date's Occurrence row (`select_for_update`, which PostgreSQL honours; on
SQLite the settings start every transaction with BEGIN IMMEDIATE, so writers
queue instead). Counting places and taking one are therefore never interleaved
with another sign-up: a date can never hold more people than its places.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from coalition.core.cache import bump_generation
from coalition.events import ical
from coalition.events.models import Event, Occurrence, Registration
from coalition.lib.email import queue_email

Status = Registration.Status


class RegistrationRefused(Exception):
    """A registration that cannot be made; `message` says why, for the person."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Availability:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.taken)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and (self.taken >= self.capacity or self.waiting > 0)


def availability(occurrence: Occurrence) -> Availability:
    counts = occurrence.registrations.aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.HOLDING_PLACE)),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return Availability(occurrence.effective_capacity, counts["taken"], counts["waiting"])


def _lock(occurrence_id: int) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "event__organiser")
        .get(pk=occurrence_id)
    )


def _refresh_full_flag(occurrence: Occurrence, counts: Availability | None = None) -> None:
    """Keep Occurrence.is_full true to the counts; cached pages are refreshed when it flips."""
    full = (counts or availability(occurrence)).is_full
    if full != occurrence.is_full:
        Occurrence.objects.filter(pk=occurrence.pk).update(is_full=full)
        occurrence.is_full = full
        bump_generation()


def check_open(occurrence: Occurrence, now: datetime) -> None:
    event = occurrence.event
    if event.is_cancelled or occurrence.is_cancelled:
        raise RegistrationRefused(
            "This event has been cancelled, so it is not taking registrations.", "cancelled"
        )
    if event.status != Event.Status.PUBLISHED or not event.registration_enabled:
        raise RegistrationRefused("This event is not taking registrations.", "closed")
    if event.registration_opens and now < event.registration_opens:
        opens = timezone.localtime(event.registration_opens, event.zone)
        raise RegistrationRefused(f"Registration opens on {opens:%-d %B %Y at %H:%M}.", "not-yet")
    closes = min(event.registration_closes or occurrence.starts_at, occurrence.starts_at)
    if now >= closes:
        raise RegistrationRefused("Registration for this date has closed.", "closed")


def register(
    occurrence_id: int,
    *,
    name: str,
    email: str,
    user=None,
    access_needs: str = "",
    dietary_needs: str = "",
    now: datetime | None = None,
) -> Registration:
    """Take a place if there is one, or a place on the waitlist. Raises RegistrationRefused."""
    now = now or timezone.now()
    email = email.strip().lower()
    try:
        with transaction.atomic():
            occurrence = _lock(occurrence_id)
            check_open(occurrence, now)
            if occurrence.registrations.filter(
                email=email, status__in=Registration.ACTIVE
            ).exists():
                raise RegistrationRefused(
                    "This email address is already registered for this date. "
                    "Use the link in your confirmation email to see or cancel it.",
                    "duplicate",
                )
            counts = availability(occurrence)
            if counts.capacity is None or (counts.taken < counts.capacity and not counts.waiting):
                status = Status.CONFIRMED
            elif occurrence.event.waitlist_enabled:
                status = Status.WAITLISTED
            else:
                raise RegistrationRefused("Sorry, this date is full.", "full")
            registration = Registration.objects.create(
                occurrence=occurrence,
                event=occurrence.event,
                name=name.strip(),
                email=email,
                user=user if user is not None and user.is_authenticated else None,
                access_needs=access_needs.strip(),
                dietary_needs=dietary_needs.strip(),
                status=status,
                created=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
            )
            after = Availability(
                counts.capacity,
                counts.taken + (status == Status.CONFIRMED),
                counts.waiting + (status == Status.WAITLISTED),
            )
            _refresh_full_flag(occurrence, after)
            registration.occurrence = occurrence
            if status == Status.CONFIRMED:
                send_confirmation(registration)
            else:
                send_registration_email(registration, "waitlisted")
            return registration
    except IntegrityError:
        # The unique constraint caught a duplicate that raced past the check above.
        raise RegistrationRefused(
            "This email address is already registered for this date.", "duplicate"
        ) from None


def cancel_registration(registration_id: int, *, now: datetime | None = None) -> Registration:
    """Cancel a place, a waitlist place or an offer; a freed place goes to the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("occurrence").get(pk=registration_id)
        occurrence = _lock(registration.occurrence_id)
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration_id)
        if not registration.is_active:
            return registration
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated"])
        registration.occurrence = occurrence
        send_registration_email(registration, "cancelled")
        offer_places(occurrence, now=now)
        _refresh_full_flag(occurrence)
    return registration


def claim_offer(registration_id: int, *, now: datetime | None = None) -> Registration:
    """Accept the place offered. Raises RegistrationRefused when the offer has gone."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.get(pk=registration_id)
        occurrence = _lock(registration.occurrence_id)
        registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration_id)
        registration.occurrence = occurrence
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status != Status.OFFERED:
            raise RegistrationRefused("There is no place waiting for you to accept.", "no-offer")
        expired = bool(registration.offer_expires_at and registration.offer_expires_at <= now)
        if expired:
            # Committed before refusing: the place passes on even if nobody runs the job.
            _expire(registration, occurrence, now)
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at", "updated"])
            send_confirmation(registration)
    if expired:
        raise RegistrationRefused(
            "Sorry, this offer has expired and the place has gone to the next person "
            "on the waitlist.",
            "expired",
        )
    return registration


def offer_places(occurrence: Occurrence, *, now: datetime | None = None) -> list[Registration]:
    """Offer every free place to the next people on the waitlist. Call with the row locked."""
    now = now or timezone.now()
    if occurrence.is_cancelled_any or occurrence.starts_at <= now:
        return []
    counts = availability(occurrence)
    free = counts.waiting if counts.capacity is None else counts.capacity - counts.taken
    if free <= 0:
        return []
    hold = timedelta(hours=settings.EVENT_OFFER_HOLD_HOURS)
    expires = min(now + hold, occurrence.starts_at)
    offered = list(
        occurrence.registrations.filter(status=Status.WAITLISTED).order_by("created", "pk")[:free]
    )
    for registration in offered:
        registration.status = Status.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offered_at", "offer_expires_at", "updated"])
        registration.occurrence = occurrence
        send_registration_email(registration, "offer")
    _refresh_full_flag(occurrence)
    return offered


def _expire(registration: Registration, occurrence: Occurrence, now: datetime) -> None:
    registration.status = Status.EXPIRED
    registration.save(update_fields=["status", "updated"])
    send_registration_email(registration, "offer_expired")
    offer_places(occurrence, now=now)


def pass_on_expired_offers(now: datetime | None = None) -> int:
    """Offers not taken up in time lapse, and the place goes to the next person (a job)."""
    now = now or timezone.now()
    expired = 0
    due = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    for occurrence_id in list(due):
        with transaction.atomic():
            occurrence = _lock(occurrence_id)
            for registration in occurrence.registrations.select_for_update(of=("self",)).filter(
                status=Status.OFFERED, offer_expires_at__lte=now
            ):
                registration.occurrence = occurrence
                _expire(registration, occurrence, now)
                expired += 1
    return expired


def offer_freed_places(occurrence_ids, now: datetime | None = None) -> None:
    """After places were added (a capacity raised), offer them to the waitlist."""
    for occurrence_id in occurrence_ids:
        with transaction.atomic():
            occurrence = _lock(occurrence_id)
            offer_places(occurrence, now=now)
            _refresh_full_flag(occurrence)


def send_reminders(now: datetime | None = None) -> int:
    """Remind people with a place, EVENT_REMINDER_HOURS before their date (a job).

    Each reminder is claimed with a conditional UPDATE before it is sent, so two
    scheduler processes never send the same one twice.
    """
    now = now or timezone.now()
    window = now + timedelta(hours=settings.EVENT_REMINDER_HOURS)
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        occurrence__starts_at__gt=now,
        occurrence__starts_at__lte=window,
        occurrence__is_cancelled=False,
        event__status=Event.Status.PUBLISHED,
    ).select_related("occurrence__event__organiser")
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(
            pk=registration.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if claimed:
            send_registration_email(registration, "reminder", attach=True)
            sent += 1
    return sent


def mark_attendance(registration: Registration, attended: bool | None) -> Registration:
    registration.attended = attended
    registration.attendance_marked_at = timezone.now() if attended is not None else None
    registration.save(update_fields=["attended", "attendance_marked_at", "updated"])
    return registration


# --- email -------------------------------------------------------------------------------------


def _ics_attachment(registration: Registration) -> tuple[str, str, str]:
    event = registration.occurrence.event
    text = ical.registrations_calendar([registration], event.title).decode()
    return (f"{event.slug}.ics", text, "text/calendar")


def send_registration_email(registration: Registration, kind: str, attach: bool = False) -> None:
    """Email about a registration: `kind` picks events/emails/<kind>_subject.txt and _body.txt.

    Rendered (with its .ics) once the transaction commits, so the work is never done while
    the date's row is locked, and never for a change that was rolled back.
    """
    transaction.on_commit(lambda: _send_registration_email(registration, kind, attach))


def _send_registration_email(registration: Registration, kind: str, attach: bool) -> None:
    occurrence = registration.occurrence
    event = occurrence.event
    context = {
        "registration": registration,
        "occurrence": occurrence,
        "event": event,
        "hold_hours": settings.EVENT_OFFER_HOLD_HOURS,
        "position": registration.waitlist_position(),
    }
    queue_email(
        registration.email,
        f"events/emails/{kind}",
        context,
        reply_to=event.contact_email,
        attachments=[_ics_attachment(registration)] if attach else None,
    )


def send_confirmation(registration: Registration) -> None:
    send_registration_email(registration, "confirmed", attach=True)


def cancel_occurrence(occurrence: Occurrence, reason: str, *, notify: bool = True) -> int:
    """Cancel one date: everyone registered for it is told and their registration ends."""
    now = timezone.now()
    with transaction.atomic():
        occurrence = _lock(occurrence.pk)
        occurrence.is_cancelled = True
        occurrence.cancellation_reason = reason
        occurrence.save(update_fields=["is_cancelled", "cancellation_reason"])
        count = _cancel_everyone(occurrence, reason, now, notify)
        event = occurrence.event
        event.sequence += 1
        event.save(update_fields=["sequence", "updated"])
    return count


def _cancel_everyone(occurrence: Occurrence, reason: str, now, notify: bool) -> int:
    registrations = list(occurrence.registrations.filter(status__in=Registration.ACTIVE))
    for registration in registrations:
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by_organiser = True
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by_organiser", "updated"]
        )
        registration.occurrence = occurrence
        if notify:
            transaction.on_commit(
                lambda r=registration: _send_date_cancelled(r, occurrence, reason)
            )
    return len(registrations)


def _send_date_cancelled(registration, occurrence, reason: str) -> None:
    queue_email(
        registration.email,
        "events/emails/date_cancelled",
        {
            "registration": registration,
            "occurrence": occurrence,
            "event": occurrence.event,
            "reason": reason,
        },
        reply_to=occurrence.event.contact_email,
        attachments=[_ics_attachment(registration)],
    )


def cancel_event_registrations(event: Event, reason: str) -> int:
    """The whole event is cancelled: every registration ends and everyone is told."""
    now = timezone.now()
    count = 0
    for occurrence in event.occurrences.filter(starts_at__gt=now - timedelta(days=1)):
        with transaction.atomic():
            locked = _lock(occurrence.pk)
            count += _cancel_everyone(locked, reason, now, notify=True)
    return count


def notify_date_changed(occurrence: Occurrence) -> int:
    """Tell everyone registered for a date that it moved, with the updated calendar entry."""
    registrations = list(
        occurrence.registrations.filter(status__in=Registration.ACTIVE).select_related(
            "occurrence__event"
        )
    )
    for registration in registrations:
        send_registration_email(registration, "date_changed", attach=True)
    return len(registrations)
