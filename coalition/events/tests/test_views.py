"""The pages: calendar, registering by email through a real SMTP server, cancelling,
the waitlist offer, "My events", staff moderation, organisers' attendee lists."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from coalition.events.models import Event, Registration
from coalition.events.tests.factories import EventFactory, in_days, register_people

pytestmark = pytest.mark.django_db
Status = Registration.Status


def form_data(occurrence, **overrides):
    return {
        "occurrence": occurrence.pk,
        "name": "Grace Mensah",
        "email": "grace@example.org",
        "access_needs": "Step-free access, please.",
        "dietary_needs": "Vegetarian",
        **overrides,
    }


def test_the_calendar_lists_upcoming_events_and_links_its_feed(client):
    EventFactory(title="Funding workshop")
    EventFactory(title="Long ago", starts_at=in_days(-400))
    EventFactory(title="A draft", status=Event.Status.DRAFT)
    page = client.get("/events/?view=list").content.decode()
    assert "Funding workshop" in page
    assert "Long ago" not in page and "A draft" not in page
    assert '<link rel="alternate" type="text/calendar"' in page
    past = client.get("/events/?view=list&when=past").content.decode()
    assert "Long ago" in past


def test_the_month_view_is_a_table_with_headers(client):
    event = EventFactory(title="Funding workshop")
    month = event.occurrences.get().local_start.strftime("%Y-%m")
    page = client.get(f"/events/?view=month&month={month}").content.decode()
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in page
    assert "Funding workshop" in page


def test_an_unpublished_event_is_not_found(client):
    event = EventFactory(status=Event.Status.SUBMITTED)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{event.slug}/register/").status_code == 404


def test_registering_sends_the_confirmation_with_ics_through_smtp(client, smtp_server, commit):
    event = EventFactory(title="Funding workshop")
    occurrence = event.occurrences.get()
    with commit():
        response = client.post(f"/events/{event.slug}/register/", form_data(occurrence))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.status == Status.CONFIRMED
    assert registration.access_needs == "Step-free access, please."
    message = smtp_server.last_to("grace@example.org")
    assert message["Subject"] == "Your place: Funding workshop"
    (ics,) = smtp_server.attachments(message).values()
    component = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert component["SUMMARY"] == "Funding workshop"
    cancel_link = smtp_server.link_in(message, "http://127.0.0.1:8000/events/registration/")
    assert registration.token in cancel_link


def test_the_whole_journey_cancel_and_the_waitlist_offer(client, smtp_server, commit, settings):
    settings.SITE_URL = "http://testserver"
    event = EventFactory(title="Funding workshop", capacity=1)
    occurrence = event.occurrences.get()
    with commit():
        client.post(f"/events/{event.slug}/register/", form_data(occurrence))
        response = client.post(
            f"/events/{event.slug}/register/",
            form_data(occurrence, name="Farid Hussain", email="farid@example.org"),
        )
    waiting = Registration.objects.get(email="farid@example.org")
    assert waiting.status == Status.WAITLISTED
    assert "waitlist" in smtp_server.last_to("farid@example.org")["Subject"]
    page = client.get(response["Location"]).content.decode()
    assert "number 1 on the waitlist" in page

    manage = smtp_server.link_in(smtp_server.last_to("grace@example.org"), "http://testserver")
    assert "Cancel my registration" in client.get(manage).content.decode()
    with commit():
        response = client.post(manage.replace("http://testserver", "") + "cancel/")
    assert response.status_code == 302
    assert Registration.objects.get(email="grace@example.org").status == Status.CANCELLED
    offer = smtp_server.last_to("farid@example.org")
    assert offer["Subject"] == "A place has come free: Funding workshop"
    link = smtp_server.link_in(offer, "http://testserver").replace("http://testserver", "")
    assert "Accept the place" in client.get(link).content.decode()
    with commit():
        client.post(link + "accept/")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert smtp_server.last_to("farid@example.org")["Subject"] == "Your place: Funding workshop"


def test_bad_registrations_are_refused_with_a_clear_message(client):
    event = EventFactory()
    occurrence = event.occurrences.get()
    url = f"/events/{event.slug}/register/"
    response = client.post(url, form_data(occurrence, name="", email="not-an-email"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a valid email address" in page
    assert "Step-free access, please." in page  # nothing typed is lost
    client.post(url, form_data(occurrence))
    again = client.post(url, form_data(occurrence, email="GRACE@example.org"))
    assert again.status_code == 409
    assert "already registered" in again.content.decode()
    assert Registration.objects.count() == 1


def test_a_full_event_offers_the_waitlist(client):
    event = EventFactory(capacity=1)
    occurrence = event.occurrences.get()
    register_people(occurrence, 1)
    from coalition.events.services.registrations import _refresh_full_flag

    _refresh_full_flag(occurrence)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This date is full" in page and "Join the waitlist" in page
    response = client.post(f"/events/{event.slug}/register/", form_data(occurrence))
    assert Registration.objects.get(email="grace@example.org").status == Status.WAITLISTED
    assert response.status_code == 302


def test_a_cancelled_event_takes_no_registrations(client):
    event = EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Snow.")
    occurrence = event.occurrences.get()
    assert "This event has been cancelled" in client.get(event.get_absolute_url()).content.decode()
    response = client.post(f"/events/{event.slug}/register/", form_data(occurrence))
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_registrations_are_rate_limited(client, settings):
    settings.EVENT_REGISTRATION_RATE_LIMIT = "2/10m"
    event = EventFactory(capacity=None)
    occurrence = event.occurrences.get()
    for n in range(2):
        client.post(f"/events/{event.slug}/register/", form_data(occurrence, email=f"{n}@x.org"))
    response = client.post(f"/events/{event.slug}/register/", form_data(occurrence))
    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_the_joining_link_is_only_for_people_with_a_place(client):
    event = EventFactory(
        attendance=Event.Attendance.ONLINE, venue="", online_url="https://meet.example.org/s3cret"
    )
    assert "s3cret" not in client.get(event.get_absolute_url()).content.decode()
    (registration,) = register_people(event.occurrences.get(), 1)
    assert "s3cret" in client.get(registration.get_absolute_url()).content.decode()
    registration.status = Status.WAITLISTED
    registration.save()
    assert "s3cret" not in client.get(registration.get_absolute_url()).content.decode()


def test_my_events_finds_registrations_by_email(client):
    from coalition.members.tests.factories import UserFactory

    user = UserFactory(email="grace@example.org")
    event = EventFactory(title="Funding workshop")
    register_people(event.occurrences.get(), 1)
    Registration.objects.update(email="grace@example.org")
    client.force_login(user)
    page = client.get("/events/my/").content.decode()
    assert "Funding workshop" in page
    client.force_login(UserFactory())
    assert "Funding workshop" not in client.get("/events/my/").content.decode()


# --- staff and organisers ------------------------------------------------------------------


def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def event_form(**overrides):
    start = in_days(30)
    return {
        "title": "Community anchors day",
        "summary": "A day on running community buildings.",
        "description": "All **welcome**.",
        "event_type": "workshop",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "repeat": "",
        "attendance": "in-person",
        "venue": "Riverside Centre",
        "postcode": "ls1 1aa",
        "registration_enabled": "on",
        "capacity": "20",
        "waitlist_enabled": "on",
        "contact_email": "events@example.org",
        **overrides,
    }


def test_a_representative_submits_and_staff_approve(representative, organisation, staff, commit):
    client = Client()
    client.force_login(representative)
    response = client.post(
        "/events/organise/new/", event_form(organiser=organisation.pk, action="submit")
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.SUBMITTED and event.organiser == organisation
    assert event.postcode == "LS1 1AA"
    assert Client().get(event.get_absolute_url()).status_code == 404
    assert "Community anchors day" in staff_client(staff).get("/staff/events/").content.decode()
    with commit():
        response = staff_client(staff).post(f"/staff/events/{event.pk}/approve/")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert Client().get(event.get_absolute_url()).status_code == 200
    assert any(m.subject.startswith("Published:") for m in mail.outbox)
    again = staff_client(staff).post(f"/staff/events/{event.pk}/approve/")
    assert again.status_code == 409


def test_staff_reject_with_a_reason_and_the_organiser_sees_it(representative, organisation, staff):
    event = EventFactory(organiser=organisation, status=Event.Status.SUBMITTED)
    response = staff_client(staff).post(f"/staff/events/{event.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    staff_client(staff).post(
        f"/staff/events/{event.pk}/reject/", {"reason": "Please add the venue's access details."}
    )
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT
    client = Client()
    client.force_login(representative)
    page = client.get(f"/events/organise/{event.pk}/").content.decode()
    assert "Please add the venue&#x27;s access details." in page


def test_representatives_cannot_submit_for_other_organisations(representative, other_organisation):
    client = Client()
    client.force_login(representative)
    response = client.post(
        "/events/organise/new/", event_form(organiser=other_organisation.pk, action="submit")
    )
    assert response.status_code == 400
    assert not Event.objects.exists()
    other = EventFactory(organiser=other_organisation)
    assert client.get(f"/events/organise/{other.pk}/attendees/").status_code == 404


def test_the_event_form_refuses_bad_input(staff):
    client = staff_client(staff)
    start = in_days(30)
    response = client.post(
        "/staff/events/new/",
        event_form(
            ends_at=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            postcode="ZZ99 9Q",
            action="publish",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The event must end after it starts." in page
    assert "Enter a UK postcode" in page
    assert "Community anchors day" in page
    assert not Event.objects.exists()


def test_capacity_cannot_go_below_the_people_registered(staff):
    event = EventFactory(capacity=10)
    register_people(event.occurrences.get(), 6)
    client = staff_client(staff)
    data = event_form(title=event.title, capacity="5")
    data["starts_at"] = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/staff/events/{event.pk}/", data)
    assert response.status_code == 400
    assert "6 people already have a place" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 10


def test_staff_create_a_series_and_cancel_one_date(staff, commit):
    client = staff_client(staff)
    response = client.post(
        "/staff/events/new/",
        event_form(repeat="quarterly", repeat_count="4", action="publish"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.rrule == "FREQ=MONTHLY;INTERVAL=3;COUNT=4"
    dates = list(event.occurrences.order_by("starts_at"))
    assert len(dates) == 4
    register_people(dates[1], 2)
    sequence = event.sequence
    with commit():
        client.post(
            f"/staff/events/{event.pk}/dates/{dates[1].pk}/cancel/",
            {"cancel-reason": "The venue is flooded."},
        )
    dates[1].refresh_from_db()
    event.refresh_from_db()
    assert dates[1].is_cancelled and event.sequence > sequence
    assert not dates[1].registrations.active().exists()
    assert len([m for m in mail.outbox if m.subject.startswith("Cancelled:")]) == 2


def test_organisers_export_a_csv_safe_from_formulas(representative, organisation):
    event = EventFactory(organiser=organisation)
    (first, second) = register_people(event.occurrences.get(), 2)
    first.name = '=HYPERLINK("http://evil.example")'
    first.access_needs = "+wheelchair space"
    first.save()
    client = Client()
    client.force_login(representative)
    response = client.get(f"/events/organise/{event.pk}/attendees.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    names = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert any(row[4] == "'+wheelchair space" for row in rows[1:])


def test_organisers_mark_attendance(representative, organisation):
    event = EventFactory(organiser=organisation)
    (registration,) = register_people(event.occurrences.get(), 1)
    client = Client()
    client.force_login(representative)
    url = f"/events/organise/{event.pk}/attendees/{registration.pk}/attendance/"
    assert client.post(url, {"attended": "yes"}).status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    htmx = client.post(url, {"attended": "clear"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and b"<tr" in htmx.content
    registration.refresh_from_db()
    assert registration.attended is None
    assert client.post(url, {"attended": "maybe"}).status_code == 400


def test_the_staff_dashboard_shows_events_waiting_for_review(staff):
    EventFactory(title="Waiting for a decision", status=Event.Status.SUBMITTED)
    EventFactory(title="On the calendar")
    page = staff_client(staff).get("/staff/").content.decode()
    assert "events waiting for review" in page
    assert "Waiting for a decision" in page and "On the calendar" in page
