from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coalition.members.jobs import send_renewal_reminders
from coalition.members.models import RenewalReminder
from coalition.members.tests.factories import AffiliationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def membership_renewing_in(days):
    membership = MembershipFactory(renewal_date=timezone.localdate() + timedelta(days=days))
    AffiliationFactory(organisation=membership.organisation)
    return membership


@pytest.mark.parametrize("days", [30, 7])
def test_it_reminds_representatives_before_renewal(days, commit):
    membership = membership_renewing_in(days)
    with commit():
        assert send_renewal_reminders() == "1 renewal reminders queued"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [membership.organisation.affiliations.get().person.email]
    assert f"renews in {days} days" in message.subject


def test_it_never_sends_the_same_reminder_twice(commit):
    membership_renewing_in(30)
    with commit():
        send_renewal_reminders()
        send_renewal_reminders()
    assert len(mail.outbox) == 1
    assert RenewalReminder.objects.count() == 1


def test_it_leaves_memberships_far_from_renewal_alone(commit):
    membership_renewing_in(90)
    membership_renewing_in(15)
    with commit():
        send_renewal_reminders()
    assert mail.outbox == []


def test_it_catches_up_a_missed_day(commit):
    membership_renewing_in(28)
    with commit():
        send_renewal_reminders()
    assert len(mail.outbox) == 1
