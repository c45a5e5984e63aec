"""The events panel of the staff dashboard: events waiting for review, and what is coming up."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from coalition.core.dashboard import Panel
from coalition.events.models import Event, Occurrence, Registration

ROWS = 5


def panels(today) -> list[Panel]:
    waiting = Event.objects.filter(status=Event.Status.SUBMITTED)
    # The next few dates first (on the index), then their counts: counting registrations
    # for every coming date before taking five would read the whole calendar.
    next_dates = list(
        Occurrence.objects.filter(
            event__status=Event.Status.PUBLISHED, is_cancelled=False, ends_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .values_list("pk", flat=True)[:ROWS]
    )
    coming = (
        Occurrence.objects.filter(pk__in=next_dates)
        .select_related("event")
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status__in=Registration.HOLDING_PLACE)
            ),
            waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
        )
        .order_by("starts_at")
    )
    return [
        Panel(
            title="Events",
            template="events/staff/dashboard_panel.html",
            context={
                "submitted": list(
                    waiting.select_related("organiser").order_by("submitted_at")[:ROWS]
                ),
                "coming": list(coming),
            },
            link=reverse("events:staff_events"),
            link_text="All events",
            attention=waiting.count(),
            attention_label="events waiting for review",
        )
    ]
