"""The public calendar: list and month views, each event, and the iCalendar feeds."""

import calendar as pycalendar
import hashlib
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from coalition.core.cache import public_page
from coalition.core.models import CoalitionProfile
from coalition.events import ical
from coalition.events.forms import CalendarFilterForm
from coalition.events.models import Event, Occurrence

LIST_PAGE_SIZE = 30
GRID_DEFERRED = (
    "description",
    "summary",
    "address",
    "online_details",
    "access_notes",
    "rejection_reason",
    "cancellation_reason",
)
MONTH_CELL_LIMIT = 3
FEED_CACHE_SECONDS = 3600


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    following = (month + timedelta(days=32)).replace(day=1)
    return (
        timezone.make_aware(datetime.combine(month, time()), zone),
        timezone.make_aware(datetime.combine(following, time()), zone),
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(day, time()), zone),
        timezone.make_aware(datetime.combine(day + timedelta(days=1), time()), zone),
    )


def month_grid(occurrences, month: date) -> list[list[dict]]:
    """Weeks (Monday first) of day cells, each with the dates starting or running that day."""
    by_day: dict[date, list] = {}
    first_day = month
    last_day = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    for occurrence in occurrences:
        start = timezone.localtime(occurrence.starts_at).date()
        end = timezone.localtime(occurrence.ends_at - timedelta(seconds=1)).date()
        day = max(start, first_day)
        while day <= min(end, last_day):
            by_day.setdefault(day, []).append(occurrence)
            day += timedelta(days=1)
    today = timezone.localdate()
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        cells = []
        for day in week:
            items = by_day.get(day, [])
            cells.append(
                {
                    "date": day,
                    "in_month": day.month == month.month,
                    "is_today": day == today,
                    "items": items[:MONTH_CELL_LIMIT],
                    "more": max(0, len(items) - MONTH_CELL_LIMIT),
                    "count": len(items),
                }
            )
        weeks.append(cells)
    return weeks


def _public_occurrences():
    return (
        Occurrence.objects.filter(
            event__status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
        )
        .select_related("event", "event__organiser", "event__region")
        .order_by("starts_at", "pk")
    )


def organiser_choices() -> list[tuple[str, str]]:
    """Organisers with published events, for the filter (cached with the page generation)."""
    from coalition.core.cache import current_generation

    key = f"events:organisers:{current_generation()}"
    choices = cache.get(key)
    if choices is None:
        rows = (
            Event.objects.published()
            .filter(organiser__isnull=False, ends_at__gte=timezone.now() - timedelta(days=365))
            .values_list("organiser__slug", "organiser__name")
            .distinct()
            .order_by("organiser__name")
        )
        profile = CoalitionProfile.current()
        choices = [("", "Any organiser"), ("coalition", profile.short_name or profile.name)]
        choices += list(rows)
        cache.set(key, choices, 600)
    return choices


@public_page
@require_GET
def calendar(request):
    form = CalendarFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    view = data.get("view") or ""
    today = timezone.localdate()
    month = data.get("month") or today.replace(day=1)
    context = {
        "form": form,
        "view": view,
        "month": month,
        "previous_month": (month - timedelta(days=1)).replace(day=1),
        "next_month": (month + timedelta(days=32)).replace(day=1),
        "this_month": today.replace(day=1),
        "when": data.get("when") or "upcoming",
        "day": data.get("day"),
        "filters": form.active_filters if valid else {},
        "organisers": organiser_choices(),
        "feed_query": _feed_query(request, valid),
    }
    if not valid:
        return render(request, "events/calendar.html", context, status=400)
    occurrences = form.filter_occurrences(_public_occurrences())
    if view in ("", "month"):
        start, end = _month_bounds(month)
        in_month = occurrences.filter(starts_at__lt=end, ends_at__gt=start).defer(
            # The grid shows titles and times: leave the long texts in the database.
            *(f"event__{name}" for name in GRID_DEFERRED),
        )
        context["weeks"] = month_grid(in_month, month)
    if view in ("", "list"):
        now = timezone.now()
        if data.get("day"):
            start, end = _day_bounds(data["day"])
            listed = occurrences.filter(starts_at__lt=end, ends_at__gt=start)
        elif view == "list" and data.get("month"):
            start, end = _month_bounds(month)
            listed = occurrences.filter(starts_at__lt=end, ends_at__gt=start)
        elif context["when"] == "past":
            listed = occurrences.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        else:
            listed = occurrences.filter(ends_at__gt=now)
        page = Paginator(listed, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["agenda"] = group_by_day(page.object_list)
    return render(request, "events/calendar.html", context)


def _feed_query(request, valid: bool) -> str:
    if not valid:
        return ""
    params = request.GET.copy()
    for name in ("view", "month", "day", "when", "page"):
        params.pop(name, None)
    return params.urlencode()


def group_by_day(occurrences) -> list[tuple[date, list]]:
    groups: list[tuple[date, list]] = []
    for occurrence in occurrences:
        day = timezone.localtime(occurrence.starts_at).date()
        if groups and groups[-1][0] == day:
            groups[-1][1].append(occurrence)
        else:
            groups.append((day, [occurrence]))
    return groups


@public_page
@require_GET
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published()
        .select_related("organiser", "region")
        .prefetch_related("themes", Prefetch("occurrences", queryset=Occurrence.objects.all())),
        slug=slug,
    )
    occurrences = list(event.occurrences.all())
    now = timezone.now()
    upcoming = [o for o in occurrences if o.ends_at > now]
    selected = None
    if "date" in request.GET:
        selected = next((o for o in occurrences if str(o.pk) == request.GET["date"]), None)
        if selected is None:
            raise Http404("This event has no such date.")
    current = selected or (upcoming[0] if upcoming else (occurrences[-1] if occurrences else None))
    upcoming_open = [o for o in upcoming if not o.is_cancelled]
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "occurrence": current,
            "selected": selected,
            "upcoming": upcoming[:12],
            "more_dates": max(0, len(upcoming) - 12),
            "state": current.registration_state(now) if current else "none",
            "has_open_dates": any(
                o.registration_state(now) in ("open", "full") for o in upcoming_open
            ),
            "is_past": not upcoming,
            "hold_hours": settings.EVENT_OFFER_HOLD_HOURS,
        },
    )


# --- feeds -------------------------------------------------------------------------------------


def calendar_response(request, key: str, last_modified, build, filename: str) -> HttpResponse:
    """An .ics answer with ETag and Last-Modified, 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(f"{key}|{settings.SITE_URL}".encode()).hexdigest()[:32] + '"'
    # HTTP dates have whole seconds: compare in whole seconds too.
    stamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    if not_modified is not None:
        return not_modified
    cache_key = f"events:ics:{etag}"
    body = cache.get(cache_key)
    if body is None:
        body = build()
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if stamp:
        response["Last-Modified"] = http_date(stamp)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "max-age=900"
    return response


def feed_events(form: CalendarFilterForm):
    cutoff = timezone.now() - timedelta(days=settings.EVENT_FEED_PAST_DAYS)
    recent = Occurrence.objects.filter(ends_at__gte=cutoff).values("event_id")
    return form.filter_events(Event.objects.published().filter(pk__in=recent))


@require_GET
def feed(request):
    form = CalendarFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponseBadRequest(
            f"This calendar address has a mistake ({problems})\n", content_type="text/plain"
        )
    events = feed_events(form)
    summary = events.aggregate(last=Max("updated"), count=Count("pk"))
    profile = CoalitionProfile.current()
    name = f"{profile.short_name or profile.name} events"
    if form.active_filters:
        name += " (" + ", ".join(str(v) for v in _filter_labels(form)) + ")"

    def build():
        prefetched = events.select_related("organiser").prefetch_related(
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("starts_at"))
        )
        return ical.events_calendar(prefetched, name)

    key = f"feed|{request.GET.urlencode()}|{summary['count']}|{summary['last']}"
    return calendar_response(request, key, summary["last"], build, "events.ics")


def _filter_labels(form) -> list[str]:
    labels = []
    for name, value in form.active_filters.items():
        field = form.fields[name]
        if name == "organiser" and value == "coalition":
            labels.append("the coalition")
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            labels.append(dict(field.choices).get(value, value))
        else:
            labels.append(str(value))
    return labels


@require_GET
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("organiser"), slug=slug)
    occurrences = list(event.occurrences.order_by("starts_at"))
    key = f"event|{event.pk}|{event.sequence}|{event.updated.isoformat()}"

    def build():
        return ical.build_calendar(ical.event_components(event, occurrences), event.title)

    return calendar_response(request, key, event.updated, build, f"{event.slug}.ics")
