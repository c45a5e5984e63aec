"""The registration service: places, the waitlist, offers, their expiry, reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from coalition.core.scheduler import run_due_jobs
from coalition.events.models import Event, Registration
from coalition.events.services.registrations import (
    RegistrationRefused,
    cancel_registration,
    claim_offer,
    register,
    send_reminders,
)
from coalition.events.tests.factories import EventFactory, in_days, register_people

pytestmark = pytest.mark.django_db
Status = Registration.Status


def sign_up(occurrence, n, **kwargs):
    return register(occurrence.pk, name=f"Person {n}", email=f"p{n}@example.org", **kwargs)


def test_it_confirms_until_full_then_waitlists(commit):
    occurrence = EventFactory(capacity=2).occurrences.get()
    with commit():
        first, second, third = (sign_up(occurrence, n) for n in range(3))
    assert [r.status for r in (first, second, third)] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    occurrence.refresh_from_db()
    assert occurrence.is_full
    assert third.waitlist_position() == 1
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"Your place: {occurrence.event.title}") == 2
    assert f"You're on the waitlist: {occurrence.event.title}" in subjects


def test_the_confirmation_has_the_calendar_entry_and_a_cancel_link(commit):
    occurrence = EventFactory().occurrences.get()
    with commit():
        registration = sign_up(occurrence, 1)
    message = mail.outbox[-1]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content
    assert registration.manage_url in message.body


def test_a_second_registration_with_the_same_email_is_refused():
    occurrence = EventFactory().occurrences.get()
    sign_up(occurrence, 1)
    with pytest.raises(RegistrationRefused) as refusal:
        register(occurrence.pk, name="Again", email="P1@Example.org ")
    assert refusal.value.code == "duplicate"
    assert occurrence.registrations.count() == 1


def test_a_cancelled_event_or_date_takes_no_registrations():
    event = EventFactory(status=Event.Status.CANCELLED)
    with pytest.raises(RegistrationRefused) as refusal:
        sign_up(event.occurrences.get(), 1)
    assert refusal.value.code == "cancelled"
    other = EventFactory().occurrences.get()
    other.is_cancelled = True
    other.save()
    with pytest.raises(RegistrationRefused):
        sign_up(other, 1)
    assert not Registration.objects.exists()


def test_registration_outside_its_window_is_refused():
    event = EventFactory(registration_opens=in_days(3))
    with pytest.raises(RegistrationRefused) as refusal:
        sign_up(event.occurrences.get(), 1)
    assert refusal.value.code == "not-yet"
    past = EventFactory(starts_at=in_days(-2))
    with pytest.raises(RegistrationRefused) as refusal:
        sign_up(past.occurrences.get(), 1)
    assert refusal.value.code == "closed"


def test_a_full_event_without_a_waitlist_refuses():
    occurrence = EventFactory(capacity=1, waitlist_enabled=False).occurrences.get()
    sign_up(occurrence, 1)
    with pytest.raises(RegistrationRefused) as refusal:
        sign_up(occurrence, 2)
    assert refusal.value.code == "full"


def test_a_freed_place_is_offered_to_the_first_on_the_waitlist(commit, settings):
    settings.EVENT_OFFER_HOLD_HOURS = 48
    occurrence = EventFactory(capacity=1).occurrences.get()
    holder = sign_up(occurrence, 1)
    first, second = sign_up(occurrence, 2), sign_up(occurrence, 3)
    mail.outbox.clear()
    with commit():
        cancel_registration(holder.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.OFFERED and second.status == Status.WAITLISTED
    hold = first.offer_expires_at - first.offered_at
    assert timedelta(hours=47, minutes=59) < hold <= timedelta(hours=48)
    offer = next(m for m in mail.outbox if m.to == ["p2@example.org"])
    assert offer.subject.startswith("A place has come free")
    assert first.manage_url in offer.body
    claim_offer(first.pk)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_an_unclaimed_offer_passes_to_the_next_person(commit):
    occurrence = EventFactory(capacity=1).occurrences.get()
    holder = sign_up(occurrence, 1)
    first, second = sign_up(occurrence, 2), sign_up(occurrence, 3)
    cancel_registration(holder.pk)
    with freeze_time(timezone.now() + timedelta(hours=49)), commit():
        results = run_due_jobs(only="events.pass_on_expired_offers")
    assert results == {"events.pass_on_expired_offers": "ok"}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.EXPIRED
    assert second.status == Status.OFFERED
    with pytest.raises(RegistrationRefused):
        claim_offer(first.pk)


def test_an_expired_offer_cannot_be_claimed_even_before_the_job_runs():
    occurrence = EventFactory(capacity=1).occurrences.get()
    holder = sign_up(occurrence, 1)
    first, second = sign_up(occurrence, 2), sign_up(occurrence, 3)
    cancel_registration(holder.pk)
    with freeze_time(timezone.now() + timedelta(hours=49)):
        with pytest.raises(RegistrationRefused) as refusal:
            claim_offer(first.pk)
    assert refusal.value.code == "expired"
    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_cancelling_a_waitlist_place_offers_nothing():
    occurrence = EventFactory(capacity=1).occurrences.get()
    sign_up(occurrence, 1)
    waiting, next_one = sign_up(occurrence, 2), sign_up(occurrence, 3)
    cancel_registration(waiting.pk)
    next_one.refresh_from_db()
    assert next_one.status == Status.WAITLISTED


def test_reminders_go_once_a_day_before(commit):
    # Half a day ahead, whatever the time of day the test runs.
    event = EventFactory(starts_at=timezone.now().replace(microsecond=0) + timedelta(hours=12))
    occurrence = event.occurrences.get()
    confirmed = register_people(occurrence, 2)
    register_people(occurrence, 1, status=Status.CANCELLED, start=5)
    later = EventFactory(starts_at=in_days(3)).occurrences.get()
    register_people(later, 1, start=9)
    mail.outbox.clear()
    with commit():
        assert send_reminders() == 2
        assert send_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in confirmed)
    assert all(m.attachments for m in mail.outbox)


def test_raising_the_capacity_offers_the_new_places(django_capture_on_commit_callbacks):
    from coalition.events.services.moderation import save_event

    event = EventFactory(capacity=1)
    occurrence = event.occurrences.get()
    sign_up(occurrence, 1)
    waiting = sign_up(occurrence, 2)
    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        save_event(event)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
