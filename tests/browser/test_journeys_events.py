"""Events in a real browser: find an event, register, get the email with the .ics through a
real SMTP server on loopback, cancel, and the first person on the waitlist gets the offer.
Plus staff moderation and an accessibility crawl of the calendar's pages."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, PHONE, SCREENSHOTS, crawl, sign_in, submit_empty
from django.core.management import call_command
from icalendar import Calendar
from playwright.sync_api import expect

from coalition.events.models import Event, Registration
from coalition.events.tests.factories import EventFactory
from coalition.members.tests.factories import UserFactory

STAFF_SECRET = "JBSWY3DPEHPK3PXPEVENTSBROWSERAAA"  # noqa: S105 (tests only)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def workshop(db):
    return EventFactory(
        title="Funding our independence",
        slug="funding-our-independence",
        summary="How community groups keep their independence when funding is tight.",
        capacity=1,
    )


def register(site, name: str, email: str, button: str = "Register") -> None:
    page = site.page
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your email").fill(email)
    page.get_by_label("Access needs").fill("A hearing loop, please.")
    site.follow(page.get_by_role("button", name=button))


def test_a_person_registers_cancels_and_the_waitlist_gets_the_offer(
    site, browse, workshop, smtp_server
):
    page = site.page
    # Find the event on the calendar, from the main navigation.
    site.visit("/")
    site.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Events"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    site.follow(page.get_by_role("link", name="List", exact=True))
    site.follow(page.get_by_role("link", name="Funding our independence"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding our independence")
    site.follow(page.get_by_role("link", name=re.compile(r"^Register\b")))

    # A mistake first: the form says what is wrong and keeps what was typed.
    page.get_by_label("Your name").fill("Grace Mensah")
    submit_empty(site, "Register")
    expect(page.get_by_label("Your name")).to_have_value("Grace Mensah")
    register(site, "Grace Mensah", "grace@example.org")
    expect(page.get_by_role("heading", level=2, name="Place confirmed")).to_be_visible()

    # The confirmation arrives by SMTP with the calendar entry attached.
    message = smtp_server.last_to("grace@example.org")
    assert message["Subject"] == "Your place: Funding our independence"
    (ics,) = smtp_server.attachments(message).values()
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Funding our independence"

    # Someone else finds it full and joins the waitlist.
    other = browse()
    other.visit("/events/funding-our-independence/")
    expect(other.page.get_by_text("This date is full.")).to_be_visible()
    other.follow(other.page.get_by_role("link", name=re.compile(r"^Join the waitlist")))
    register(other, "Farid Hussain", "farid@example.org", button="Join the waitlist")
    expect(other.page.get_by_text("You are number 1 on the waitlist")).to_be_visible()

    # Grace cancels from the link in her email.
    site.visit(smtp_server.link_in(message, site.base_url))
    site.follow(page.get_by_role("button", name="Cancel my registration"))
    expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled")

    # Farid is offered the place by email and takes it.
    offer = smtp_server.last_to("farid@example.org")
    assert offer["Subject"] == "A place has come free: Funding our independence"
    other.visit(smtp_server.link_in(offer, other.base_url))
    other.follow(other.page.get_by_role("button", name="Accept the place"))
    expect(other.page.get_by_role("status")).to_contain_text("The place is yours")
    assert Registration.objects.get(email="farid@example.org").status == "confirmed"


def test_a_representative_submits_an_event_and_staff_publish_it(site, browse, demo):
    page = site.page
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    site.visit("/events/organise/")
    site.follow(page.get_by_role("link", name="Submit an event").first)
    submit_empty(site, "Send for review")
    page.get_by_label("Title").fill("Community centres and the cost of energy")
    page.get_by_label(re.compile(r"^Starts")).fill("2031-03-04T10:00")
    page.get_by_label(re.compile(r"^Ends")).fill("2031-03-04T13:00")
    page.get_by_label("Venue").fill("Community Matters")
    page.get_by_label("Postcode").fill("n1 9ll")
    site.follow(page.get_by_role("button", name="Send for review"))
    expect(page.get_by_role("status")).to_contain_text("has been sent to the coalition")
    event = Event.objects.get(title="Community centres and the cost of energy")
    assert event.status == Event.Status.SUBMITTED

    staff_user = UserFactory(is_staff=True, email="events.coordinator@example.org")
    TOTP.activate(staff_user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)
    staff.visit("/staff/events/")
    staff.follow(staff.page.get_by_role("link", name=event.title))
    staff.follow(staff.page.get_by_role("button", name="Approve and publish"))
    expect(staff.page.get_by_role("status")).to_contain_text("is published")
    visitor = browse()
    visitor.visit(event.get_absolute_url())
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(event.title)


def test_the_calendar_pages_are_accessible(site, browse, demo):
    conference = Event.objects.get(slug="national-conference")
    meetings = Event.objects.get(slug="coalition-members-meeting")
    registration = Registration.objects.filter(event=conference, status="waitlisted").first()
    pages = [
        "/",
        "/events/",
        "/events/?view=month",
        "/events/?view=list",
        "/events/?view=list&when=past",
        "/events/?type=workshop&view=list",
        f"/events/{conference.slug}/",
        f"/events/{meetings.slug}/",
        "/events/impact-of-management-styles-nottingham-2010/",
        f"/events/{conference.slug}/register/",
        f"/events/{meetings.slug}/register/",
        registration.get_absolute_url(),
    ]
    crawl(site, pages)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    site.visit("/events/?view=month")
    site.page.screenshot(path=str(SCREENSHOTS / "events-month-desktop.png"), full_page=True)
    site.visit(f"/events/{conference.slug}/")
    site.page.screenshot(path=str(SCREENSHOTS / "events-conference-desktop.png"), full_page=True)
    phone = browse(viewport=PHONE)
    phone.visit("/events/")
    expect(phone.page.get_by_role("heading", name="Coming up")).to_be_visible()
    phone.page.screenshot(path=str(SCREENSHOTS / "events-list-phone.png"), full_page=True)

    # The representative's and the staff pages.
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    member_event = Event.objects.filter(organiser__slug="community-matters").first()
    crawl(
        site,
        [
            "/events/my/",
            "/events/organise/",
            "/events/organise/new/",
            f"/events/organise/{member_event.pk}/",
            f"/events/organise/{member_event.pk}/attendees/",
        ],
    )
    staff_user = UserFactory(is_staff=True, email="events.staff@example.org")
    TOTP.activate(staff_user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)
    date = meetings.occurrences.order_by("starts_at").last()
    crawl(
        staff,
        [
            "/staff/events/",
            "/staff/events/?status=published",
            "/staff/events/new/",
            f"/staff/events/{conference.pk}/",
            f"/staff/events/{meetings.pk}/dates/{date.pk}/",
            f"/events/organise/{conference.pk}/attendees/",
        ],
    )
