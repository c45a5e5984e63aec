"""iCalendar (RFC 5545) for the calendar's feeds, each event and each registration.

Built with the `icalendar` library. Each event is one VEVENT with a stable UID;
a series carries its RRULE, the dates cancelled on their own as EXDATE, and each
date moved or changed on its own as a further VEVENT with the same UID and a
RECURRENCE-ID. SEQUENCE is the event's, raised on every significant change.
Times are written in the event's time zone with its VTIMEZONE (Europe/London);
DTSTAMP is in UTC.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vRecur, vText
from icalendar import Event as VEvent

from coalition.core.models import CoalitionProfile
from coalition.events.models import Event, Occurrence, Registration

PRODID = "-//Coalition//Events//EN"


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(event: Event) -> str:
    return f"event-{event.uid}@{site_domain()}"


def occurrence_uid(occurrence: Occurrence) -> str:
    """One date as a calendar entry of its own (a registration for one date of a series)."""
    event = occurrence.event
    if not event.is_series:
        return event_uid(event)
    stamp = occurrence.original_start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"event-{event.uid}-{stamp}@{site_domain()}"


def _when(event: Event, moment: datetime, end: bool = False):
    """A datetime in the event's zone, or a date for all-day events (DTEND is exclusive)."""
    local = timezone.localtime(moment, event.zone)
    if event.all_day:
        day = local.date()
        if end and (local.hour or local.minute):
            day += timedelta(days=1)
        return day
    return local


def _organizer(event: Event, profile: CoalitionProfile | None = None) -> vCalAddress:
    profile = profile or CoalitionProfile.current()
    if event.organiser_id:
        name = event.organiser.name
        email = event.contact_email or event.organiser.contact_email or profile.email
    else:
        name = profile.name
        email = event.contact_email or profile.email
    address = vCalAddress(f"mailto:{email or 'events@' + site_domain()}")
    address.params["CN"] = vText(name)
    return address


def _description(event: Event, extra: list[str] = ()) -> str:
    # The Markdown as written reads well as plain text, and is much cheaper than rendering it.
    parts = [event.summary, event.description.strip(), *extra]
    if event.access_features:
        parts.append("Access: " + ", ".join(event.access_features) + ".")
    parts.append(settings.SITE_URL + event.get_absolute_url())
    return "\n\n".join(part for part in parts if part)


def _base(
    event: Event, start, end, *, summary=None, uid=None, stamp=None, status=None, profile=None
) -> VEvent:
    component = VEvent()
    component.add("uid", uid or event_uid(event))
    component.add("dtstamp", (stamp or event.updated).astimezone(UTC))
    component.add("dtstart", _when(event, start))
    component.add("dtend", _when(event, end, end=True))
    component.add("summary", summary or event.title)
    component.add("sequence", event.sequence)
    component.add("status", status or ("CANCELLED" if event.is_cancelled else "CONFIRMED"))
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    if event.location_text:
        component.add("location", event.location_text)
    component.add("organizer", _organizer(event, profile))
    component.add("categories", [event.get_event_type_display()])
    component.add("created", event.created.astimezone(UTC))
    component.add("last-modified", event.updated.astimezone(UTC))
    return component


def event_components(event: Event, occurrences: list[Occurrence], profile=None) -> list[VEvent]:
    """The VEVENTs of an event for a public calendar (no joining links)."""
    profile = profile or CoalitionProfile.current()
    description = _description(event)
    if not event.is_series:
        occurrence = occurrences[0] if occurrences else None
        start = occurrence.starts_at if occurrence else event.starts_at
        end = occurrence.ends_at if occurrence else event.ends_at
        cancelled = event.is_cancelled or (occurrence is not None and occurrence.is_cancelled)
        status = "CANCELLED" if cancelled else None
        component = _base(event, start, end, status=status, profile=profile)
        component.add("description", description)
        return [component]

    master = _base(event, event.starts_at, event.ends_at, profile=profile)
    master.add("description", description)
    master.add("rrule", vRecur.from_ical(event.rrule))
    cancelled = [o for o in occurrences if o.is_cancelled]
    if cancelled:
        master.add("exdate", [_when(event, o.original_start) for o in cancelled])
    components = [master]
    for occurrence in occurrences:
        if occurrence.is_cancelled or not occurrence.is_changed:
            continue
        override = _base(event, occurrence.starts_at, occurrence.ends_at, profile=profile)
        override.add("recurrence-id", _when(event, occurrence.original_start))
        extra = [occurrence.note] if occurrence.note else []
        override.add("description", _description(event, extra))
        components.append(override)
    return components


def registration_component(registration: Registration) -> VEvent:
    """One registered date, with the joining link for people who have a place."""
    occurrence = registration.occurrence
    event = occurrence.event
    status = {
        Registration.Status.CONFIRMED: "CONFIRMED",
        Registration.Status.OFFERED: "TENTATIVE",
        Registration.Status.WAITLISTED: "TENTATIVE",
    }.get(registration.status, "CANCELLED")
    if occurrence.is_cancelled_any:
        status = "CANCELLED"
    summary = event.title
    if registration.status in (Registration.Status.WAITLISTED, Registration.Status.OFFERED):
        summary = f"{event.title} (waitlist)"
    extra = [occurrence.note] if occurrence.note else []
    if registration.may_see_joining_link and event.online_url:
        extra.append(f"Join online: {event.online_url}")
        if event.online_details:
            extra.append(event.online_details)
    extra.append(f"Your registration (to cancel or change it): {registration.manage_url}")
    component = _base(
        event,
        occurrence.starts_at,
        occurrence.ends_at,
        summary=summary,
        uid=occurrence_uid(occurrence),
        stamp=max(event.updated, registration.updated),
        status=status,
    )
    component.add("description", _description(event, extra))
    return component


def build_calendar(components: list[VEvent], name: str, method: str = "PUBLISH") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    for component in components:
        calendar.add_component(component)
    first, last = _date_range(components)
    calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _date_range(components) -> tuple[date, date]:
    """The years the VTIMEZONE must cover: every date in the feed, and series' horizons."""
    days = []
    for component in components:
        for key in ("dtstart", "dtend"):
            value = component.get(key)
            if value is not None:
                moment = value.dt
                days.append(moment.date() if isinstance(moment, datetime) else moment)
    today = timezone.localdate()
    if not days:
        return today, today + timedelta(days=366)
    horizon = today + timedelta(days=settings.EVENT_SERIES_HORIZON_DAYS)
    has_series = any(component.get("rrule") for component in components)
    last = max(max(days), horizon) if has_series else max(days)
    return date(min(days).year, 1, 1), date(last.year + 1, 1, 1)


def events_calendar(events, name: str) -> bytes:
    """A feed of these events (their occurrences prefetched as `occurrences`)."""
    profile = CoalitionProfile.current()  # once: it comes from the cache, maybe from disk
    components = []
    for event in events:
        components.extend(event_components(event, list(event.occurrences.all()), profile))
    return build_calendar(components, name)


def registrations_calendar(registrations, name: str) -> bytes:
    return build_calendar([registration_component(r) for r in registrations], name)
