"""Calendar feeds: RFC 5545 parsed back with icalendar and expanded with recurring-ical-events."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from coalition.events.models import Event, PersonalFeed, Registration
from coalition.events.services.moderation import change_occurrence, save_event
from coalition.events.services.registrations import cancel_occurrence, register
from coalition.events.tests.factories import EventFactory, in_days
from coalition.members.tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def parse(response) -> Calendar:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def quarterly_series(**kwargs):
    start = timezone.make_aware(datetime(2027, 1, 5, 10, 30), LONDON)
    return EventFactory(
        title="Coalition members' meeting",
        slug="members-meeting",
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        rrule="FREQ=MONTHLY;INTERVAL=3;COUNT=4",
        **kwargs,
    )


def test_the_whole_calendar_feed_parses_with_the_rfc_properties(client):
    event = EventFactory(title="Funding workshop")
    EventFactory(title="Not yet public", status=Event.Status.DRAFT)
    calendar = parse(client.get("/events/feed.ics"))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (component,) = vevents(calendar)
    assert component["SUMMARY"] == "Funding workshop"
    assert component["UID"] == f"event-{event.uid}@127.0.0.1" or "@" in component["UID"]
    assert component.decoded("DTSTAMP").tzinfo is not None
    assert component.decoded("DTSTAMP").utcoffset() == timedelta(0)
    assert component["DTSTART"].params["TZID"] == "Europe/London"
    assert component["STATUS"] == "CONFIRMED"
    assert component["URL"].endswith(event.get_absolute_url())
    assert "Riverside Community Centre" in component["LOCATION"]
    assert str(component["ORGANIZER"]).startswith("mailto:")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_series_expands_with_its_cancelled_and_moved_dates(client):
    event = quarterly_series()
    dates = list(event.occurrences.order_by("starts_at"))
    assert len(dates) == 4
    cancel_occurrence(dates[1], "The venue is closed.")
    moved = dates[2]
    moved.starts_at += timedelta(days=7)
    moved.ends_at += timedelta(days=7)
    change_occurrence(moved)
    calendar = parse(client.get(f"/events/{event.slug}/calendar.ics"))
    master, override = vevents(calendar)
    assert "FREQ=MONTHLY" in master["RRULE"].to_ical().decode()
    assert master.get("EXDATE") is not None
    assert override["RECURRENCE-ID"].dt == moved.original_start.astimezone(LONDON)
    starts = [
        e.decoded("DTSTART")
        for e in recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    ]
    expected = [dates[0].starts_at, moved.starts_at, dates[3].starts_at]
    assert sorted(s.astimezone(LONDON) for s in starts) == [e.astimezone(LONDON) for e in expected]
    # Wall-clock time is kept across the clock change (10:30 in GMT and in BST).
    assert {s.astimezone(LONDON).strftime("%H:%M") for s in starts} == {"10:30"}


def test_a_changed_event_raises_sequence(client):
    event = EventFactory()
    first = vevents(parse(client.get(f"/events/{event.slug}/calendar.ics")))[0]
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    save_event(event)
    second = vevents(parse(client.get(f"/events/{event.slug}/calendar.ics")))[0]
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert second["UID"] == first["UID"]
    event.summary = "A new summary: not significant for calendars."
    save_event(event)
    third = vevents(parse(client.get(f"/events/{event.slug}/calendar.ics")))[0]
    assert third["SEQUENCE"] == second["SEQUENCE"]


def test_a_cancelled_event_is_cancelled_in_the_feed(client):
    event = EventFactory(status=Event.Status.CANCELLED)
    (component,) = vevents(parse(client.get("/events/feed.ics")))
    assert component["UID"].startswith(f"event-{event.uid}")
    assert component["STATUS"] == "CANCELLED"


def test_feeds_answer_conditional_requests(client):
    EventFactory()
    first = client.get("/events/feed.ics")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get("/events/feed.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/events/feed.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    EventFactory(title="Something new")
    changed = client.get("/events/feed.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_filtered_feed_has_only_matching_events(client):
    theme = ThemeFactory(name="Rural communities")
    rural = EventFactory(title="Village halls day")
    rural.themes.add(theme)
    EventFactory(title="Online training", attendance=Event.Attendance.ONLINE, venue="")
    calendar = parse(client.get(f"/events/feed.ics?theme={theme.slug}&type=workshop"))
    assert [e["SUMMARY"] for e in vevents(calendar)] == ["Village halls day"]
    online = parse(client.get("/events/feed.ics?mode=online"))
    assert [e["SUMMARY"] for e in vevents(online)] == ["Online training"]


@pytest.mark.parametrize(
    "query",
    [
        "type=party",
        "theme=no-such-theme",
        "region=atlantis",
        "mode=telepathy",
        "month=2026-13",
        "month=yesterday",
        "organiser=nobody-at-all",
        "day=32-01-2026",
    ],
)
def test_malformed_feed_and_calendar_filters_answer_400(client, query):
    assert client.get(f"/events/feed.ics?{query}").status_code == 400
    assert client.get(f"/events/?{query}").status_code == 400


def test_the_private_feed_shows_my_registrations_with_the_joining_link():
    user = UserFactory(email="amina@example.org")
    event = EventFactory(
        attendance=Event.Attendance.ONLINE, venue="", online_url="https://meet.example.org/x"
    )
    register(event.occurrences.get().pk, name="Amina", email="amina@example.org")
    other = EventFactory(title="Not mine")
    register(other.occurrences.get().pk, name="Someone", email="someone@example.org")
    feed = PersonalFeed.objects.create(user=user)
    client = Client()
    calendar = parse(client.get(feed.get_absolute_url()))
    (component,) = vevents(calendar)
    assert component["SUMMARY"] == event.title
    assert "https://meet.example.org/x" in component["DESCRIPTION"]
    public = parse(client.get(f"/events/{event.slug}/calendar.ics"))
    assert "https://meet.example.org/x" not in public.to_ical().decode()


def test_resetting_the_private_feed_revokes_the_old_address(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/events/my/calendar-link/", {"action": "reset"})
    old = PersonalFeed.objects.get(user=user)
    assert client.get(old.get_absolute_url()).status_code == 200
    client.post("/events/my/calendar-link/", {"action": "reset"})
    new = PersonalFeed.objects.get(user=user)
    assert new.token != old.token
    assert Client().get(old.get_absolute_url()).status_code == 404
    client.post("/events/my/calendar-link/", {"action": "revoke"})
    assert Client().get(new.get_absolute_url()).status_code == 404
    assert not PersonalFeed.objects.filter(user=user).exists()


def test_an_all_day_event_uses_dates():
    from coalition.events import ical

    start = timezone.make_aware(datetime(2027, 6, 1))
    event = EventFactory(all_day=True, starts_at=start, ends_at=start + timedelta(days=2))
    component = ical.event_components(event, list(event.occurrences.all()))[0]
    assert component.decoded("DTSTART") == date(2027, 6, 1)
    assert component.decoded("DTEND") == date(2027, 6, 3)


def test_the_registration_ics_is_one_date_of_a_series(client):
    event = quarterly_series()
    occurrence = event.occurrences.order_by("starts_at")[2]
    registration = register(occurrence.pk, name="Ben", email="ben@example.org", now=in_days(0))
    calendar = parse(client.get(f"/events/registration/{registration.token}/calendar.ics"))
    (component,) = vevents(calendar)
    assert component.decoded("DTSTART") == occurrence.starts_at.astimezone(LONDON)
    assert "RRULE" not in component
    assert registration.status == Registration.Status.CONFIRMED
