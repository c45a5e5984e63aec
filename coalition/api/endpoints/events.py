"""The calendar, and events sent in by a member organisation's website."""

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS, WRITE_LIMITS, TokenAuth
from coalition.api.endpoints.common import (
    absolute,
    named,
    ref,
)
from coalition.api.errors import COMMON, WRITE, ApiError, Error
from coalition.api.models import Submission
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import EventIn, EventOut, EventPage, Input, IsoDateTime, Slug, Submitted
from coalition.api.services import prepare_event, submit
from coalition.events.models import Event

router = Router(tags=["Events"])
DATES_SHOWN = 20


class EventFilters(Input):
    start: IsoDateTime | None = Field(None, description="Ending at or after this (default: now).")
    end: IsoDateTime | None = Field(None, description="Starting before this.")
    theme: str | None = None
    organiser: str | None = Field(None, description="An organisation's slug.")
    region: str | None = None
    event_type: str | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def event_out(request, event) -> dict:
    now = timezone.now()
    dates = [o for o in event.occurrences.all() if o.ends_at > now][:DATES_SHOWN]
    return {
        "slug": event.slug,
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "event_type": event.event_type,
        "status": event.status,
        "organiser": ref(request, event.organiser),
        "themes": named(event.themes.all()),
        "region": {"slug": event.region.slug, "name": event.region.name} if event.region else None,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "all_day": event.all_day,
        "attendance": event.attendance,
        "venue": event.venue,
        "postcode": event.postcode,
        "online": event.attendance != Event.Attendance.IN_PERSON,
        "registration_enabled": event.registration_enabled,
        "url": absolute(request, event.get_absolute_url()),
        "ical": absolute(request, reverse("events:event_ics", args=[event.slug])),
        "dates": [
            {
                "id": o.pk,
                "starts_at": o.starts_at,
                "ends_at": o.ends_at,
                "cancelled": o.is_cancelled,
                "full": o.is_full,
                "note": o.note,
            }
            for o in dates
        ],
    }


def published():
    return (
        Event.objects.published()
        .select_related("organiser", "region")
        .prefetch_related("themes", "occurrences")
    )


@router.get("/events", response={200: EventPage, **COMMON}, throttle=READ_LIMITS, summary="Events")
def events(request, filters: Query[EventFilters]):
    """Events with a date to come (or in the window given), soonest first.

    A series is one event with its `dates`; `starts_at` is its first date.
    """
    queryset = published()
    start = filters.start or timezone.now()
    queryset = queryset.filter(occurrences__ends_at__gte=start)
    if filters.end:
        queryset = queryset.filter(occurrences__starts_at__lt=filters.end)
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.organiser:
        queryset = queryset.filter(organiser__slug=filters.organiser)
    if filters.region:
        queryset = queryset.filter(region__slug=filters.region)
    if filters.event_type:
        queryset = queryset.filter(event_type=filters.event_type)
    rows, paging = paginate(
        request, queryset.distinct(), "starts_at", filters.cursor, filters.limit
    )
    return {"results": [event_out(request, row) for row in rows], **paging}


@router.get(
    "/events/{slug}", response={200: EventOut, **COMMON}, throttle=READ_LIMITS, summary="One event"
)
def event(request, slug: Slug):
    found = published().filter(slug=slug).first()
    if found is None:
        raise ApiError(404, "not_found", "No published event has this slug.")
    return event_out(request, found)


@router.post(
    "/events",
    response={201: Submitted, 200: Submitted, 409: Error, **WRITE},
    auth=TokenAuth(),
    throttle=WRITE_LIMITS,
    summary="Send an event for review",
)
def submit_event(request, payload: EventIn):
    """An event run by the token's organisation, waiting for the coalition's staff.

    Times are ISO 8601 with an offset (or UTC). Send an `Idempotency-Key` header to make
    retries safe.
    """
    return submit(request, Submission.Kind.EVENT, Event, prepare_event, payload)
