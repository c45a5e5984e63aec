"""The dates of an event: one for a one-off event, one per RRULE date for a series."""

from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coalition.events.models import Event, Occurrence, Registration

# A safety net for rules like FREQ=DAILY with no end: never list more dates than this.
MAX_OCCURRENCES = 1000

REPEAT_RULES = {
    "": "Does not repeat",
    "weekly": "Every week",
    "fortnightly": "Every two weeks",
    "monthly-date": "Every month, on the same date",
    "monthly-weekday": "Every month, on the same weekday (e.g. second Tuesday)",
    "quarterly": "Every three months (quarterly)",
    "yearly": "Every year",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def build_rrule(repeat: str, start_local: datetime, count: int | None, until) -> str:
    """The RRULE for a choice in the event form (with COUNT or UNTIL, or neither)."""
    if not repeat:
        return ""
    nth = (start_local.day - 1) // 7 + 1
    rule = {
        "weekly": "FREQ=WEEKLY",
        "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
        "monthly-date": "FREQ=MONTHLY",
        "monthly-weekday": f"FREQ=MONTHLY;BYDAY={nth}{WEEKDAYS[start_local.weekday()]}",
        "quarterly": "FREQ=MONTHLY;INTERVAL=3",
        "yearly": "FREQ=YEARLY",
    }[repeat]
    if count:
        rule += f";COUNT={count}"
    elif until:
        # UNTIL in UTC, as RFC 5545 requires when DTSTART has a time zone: the end of that day.
        end_of_day = timezone.make_aware(
            datetime.combine(until, datetime.max.time().replace(microsecond=0)),
            start_local.tzinfo,
        )
        rule += f";UNTIL={end_of_day.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return rule


def describe_rrule(rule: str) -> str:
    """Turn a stored rule back into the form's choice (or "" when it is one we don't offer)."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    if freq == "WEEKLY":
        return {"1": "weekly", "2": "fortnightly"}.get(interval, "")
    if freq == "MONTHLY" and interval == "3" and "BYDAY" not in parts:
        return "quarterly"
    if freq == "MONTHLY" and interval == "1":
        return "monthly-weekday" if "BYDAY" in parts else "monthly-date"
    if freq == "YEARLY" and interval == "1":
        return "yearly"
    return ""


def series_starts(event: Event, now: datetime | None = None) -> list[datetime]:
    """The start of every date of the event up to the horizon, as aware datetimes in UTC."""
    if not event.rrule:
        return [event.starts_at]
    now = now or timezone.now()
    horizon = max(now, event.starts_at) + timedelta(days=settings.EVENT_SERIES_HORIZON_DAYS)
    # dateutil repeats an aware start in its own wall-clock time, so a 10:00 meeting stays
    # at 10:00 across the clock changes.
    rule = rrulestr(event.rrule, dtstart=timezone.localtime(event.starts_at, event.zone))
    starts = []
    for moment in rule:
        if moment > horizon or len(starts) >= MAX_OCCURRENCES:
            break
        starts.append(moment.astimezone(UTC))
    return starts or [event.starts_at]


@transaction.atomic
def sync_occurrences(event: Event, now: datetime | None = None) -> list[Occurrence]:
    """Make the event's dates match its times and rule, keeping registrations where they are.

    A date keeps its row (and its registrations) when the whole series moves to another
    time on the same day. A date the new rule no longer has is deleted when nobody is
    registered for it, and cancelled (telling those registered) when somebody is.
    """
    from coalition.events.services.registrations import cancel_occurrence

    duration = event.ends_at - event.starts_at
    existing = list(event.occurrences.all())
    if not event.rrule:
        occurrence = existing[0] if existing else Occurrence(event=event)
        occurrence.original_start = event.starts_at
        occurrence.starts_at = event.starts_at
        occurrence.ends_at = event.ends_at
        occurrence.is_changed = False
        occurrence.save()
        leftovers = existing[1:]
        kept = [occurrence]
    else:
        by_start = {o.original_start: o for o in existing}
        by_day = {}
        for o in existing:
            by_day.setdefault(timezone.localtime(o.original_start, event.zone).date(), o)
        kept, used = [], set()
        for start in series_starts(event, now):
            occurrence = by_start.get(start)
            if occurrence is None or occurrence.pk in used:
                candidate = by_day.get(timezone.localtime(start, event.zone).date())
                occurrence = candidate if candidate and candidate.pk not in used else None
            if occurrence is None:
                occurrence = Occurrence(event=event, original_start=start)
            used.add(occurrence.pk)
            occurrence.original_start = start
            if not occurrence.is_changed:
                occurrence.starts_at = start
                occurrence.ends_at = start + duration
            kept.append(occurrence)
        leftovers = [o for o in existing if o.pk not in used]
    for occurrence in leftovers:
        if occurrence.registrations.filter(status__in=Registration.ACTIVE).exists():
            if not occurrence.is_cancelled:
                cancel_occurrence(occurrence, reason="This date is no longer part of the series.")
        else:
            occurrence.delete()
    if event.rrule:
        # Save in two steps so two dates never hold the same original_start at once.
        for occurrence in kept:
            if occurrence.pk:
                Occurrence.objects.filter(pk=occurrence.pk).update(
                    original_start=occurrence.original_start + timedelta(days=365 * 500)
                )
        for occurrence in kept:
            occurrence.save()
    return kept


def extend_series() -> int:
    """Add the dates that came within the horizon since the last run (a daily job)."""
    count = 0
    for event in Event.objects.exclude(rrule="").exclude(status=Event.Status.CANCELLED):
        before = event.occurrences.count()
        after = len(sync_occurrences(event))
        count += max(0, after - before)
    return count
