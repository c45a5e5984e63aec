from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client

from coalition.events.models import Event, Occurrence, Registration


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_demo_has_the_events_the_seeds_describe(demo):
    nottingham = Event.objects.get(slug="impact-of-management-styles-nottingham-2010")
    assert nottingham.occurrences.get().local_start.date() == date(2010, 2, 27)
    assert "Nottingham" in nottingham.address
    meetings = Event.objects.get(slug="coalition-members-meeting")
    assert meetings.is_series and meetings.event_type == Event.Type.COALITION_MEETING
    assert meetings.occurrences.count() == 8
    executive = Event.objects.get(slug="executive-group")
    assert "INTERVAL=3" in executive.rrule  # four times a year
    assert Event.objects.filter(event_type=Event.Type.LEARNING).exists()
    assert Event.objects.filter(organiser__isnull=False, status="published").count() >= 3
    assert Event.objects.filter(status=Event.Status.SUBMITTED).exists()
    conference = Event.objects.get(event_type=Event.Type.CONFERENCE)
    day = conference.occurrences.get()
    assert day.registration_state() == "full"
    confirmed = day.registrations.filter(status=Registration.Status.CONFIRMED).count()
    assert confirmed == conference.capacity
    assert day.registrations.filter(status=Registration.Status.WAITLISTED).count() >= 5
    upcoming = Occurrence.objects.filter(event__status="published", starts_at__gt=day.starts_at)
    assert upcoming.exists() or Occurrence.objects.filter(event__status="published").count() > 10


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (Event.objects.count(), Occurrence.objects.count(), Registration.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        Event.objects.count(),
        Occurrence.objects.count(),
        Registration.objects.count(),
    ) == counts


def test_the_demo_pages_open(demo):
    client = Client()
    for path in [
        "/",
        "/events/",
        "/events/?view=month",
        "/events/?view=list&when=past",
        "/events/feed.ics",
    ]:
        assert client.get(path).status_code == 200, path
    for event in Event.objects.published():
        assert client.get(event.get_absolute_url()).status_code == 200
        assert client.get(f"/events/{event.slug}/register/").status_code == 200
        assert client.get(f"/events/{event.slug}/calendar.ics").status_code == 200
    home = client.get("/").content.decode()
    assert "What’s on" in home
