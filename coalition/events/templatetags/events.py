"""Template helpers for events: dates written the British way, and the home page's "What's on"."""

from datetime import datetime, time, timedelta

from django import template
from django.utils import timezone

from coalition.events.models import Event, Occurrence

register = template.Library()


def _time(moment) -> str:
    return f"{moment:%H:%M}"


@register.filter
def when(occurrence: Occurrence) -> str:
    """ "Tuesday 3 March 2026, 10:00 to 16:00", or all day, or across several days."""
    start, end = occurrence.local_start, occurrence.local_end
    event = occurrence.event
    if event.all_day:
        last = (end - timedelta(seconds=1)).date()
        if last == start.date():
            return f"{start:%A %-d %B %Y}, all day"
        return f"{start:%-d %B %Y} to {last:%-d %B %Y}"
    if start.date() == end.date():
        return f"{start:%A %-d %B %Y}, {_time(start)} to {_time(end)}"
    return f"{start:%-d %B %Y}, {_time(start)} to {end:%-d %B %Y}, {_time(end)}"


@register.filter
def short_when(occurrence: Occurrence) -> str:
    """The time of day for a listing under its date heading."""
    if occurrence.event.all_day:
        return "All day"
    start, end = occurrence.local_start, occurrence.local_end
    if start.date() != end.date():
        return f"{_time(start)}, until {end:%-d %b}"
    return f"{_time(start)}–{_time(end)}"


@register.filter
def month_param(day) -> str:
    return f"{day:%Y-%m}"


@register.inclusion_tag("events/includes/whats_on.html", takes_context=True)
def whats_on(context, limit: int = 4):
    """This week's events and the next few after it, for the home page."""
    now = timezone.now()
    today = timezone.localdate()
    week_end = today + timedelta(days=7 - today.weekday())  # Monday after this week
    boundary = timezone.make_aware(datetime.combine(week_end, time()))
    occurrences = (
        Occurrence.objects.filter(
            event__status=Event.Status.PUBLISHED, is_cancelled=False, ends_at__gt=now
        )
        .select_related("event", "event__organiser")
        .order_by("starts_at", "pk")
    )
    this_week = list(occurrences.filter(starts_at__lt=boundary)[:6])
    upcoming = list(occurrences.filter(starts_at__gte=boundary)[:limit])
    return {"this_week": this_week, "upcoming": upcoming, "coalition": context.get("coalition")}
