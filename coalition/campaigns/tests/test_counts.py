"""The public count: exact, without one hot row, right after invalidations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.campaigns import jobs, services
from coalition.campaigns.models import Action, Participation
from coalition.campaigns.services import (
    invalidate,
    normalise_email,
    progress,
    public_count,
    reconcile_counts,
    recount,
)
from coalition.campaigns.tests.factories import ActionFactory, ParticipationFactory

pytestmark = pytest.mark.django_db
CONFIRMED = Participation.Status.CONFIRMED


def confirmed(action, ago: timedelta, **kwargs):
    return ParticipationFactory(
        action=action, status=CONFIRMED, confirmed_at=timezone.now() - ago, **kwargs
    )


@pytest.mark.parametrize(
    ("email", "normalised"),
    [
        ("Asha.Patel@Example.NET", "asha.patel@example.net"),
        ("asha+petition@example.net", "asha@example.net"),
        ("S.a.m.Jones+x@gmail.com", "samjones@gmail.com"),
        ("sam.jones@googlemail.com", "samjones@gmail.com"),
        ("  someone@example.org ", "someone@example.org"),
    ],
)
def test_it_normalises_emails(email, normalised):
    assert normalise_email(email) == normalised


def test_the_count_is_exact_before_and_after_reconciling():
    action = ActionFactory()
    confirmed(action, timedelta(hours=2))
    confirmed(action, timedelta(minutes=5))
    ParticipationFactory(action=action)  # pending
    assert public_count(action) == 2
    reconcile_counts()
    action.refresh_from_db()
    assert action.confirmed_count == 2
    assert action.counted_up_to is not None
    confirmed(action, timedelta(seconds=1))  # after the reconciled moment
    assert public_count(action) == 3
    action.refresh_from_db()
    assert action.confirmed_count == 2  # not reconciled yet: the row was not touched


def test_reconciling_adds_each_confirmation_once():
    action = ActionFactory()
    confirmed(action, timedelta(minutes=10))
    reconcile_counts()
    reconcile_counts()
    action.refresh_from_db()
    assert action.confirmed_count == 1
    confirmed(action, timedelta(seconds=5))  # inside the lag: counted live, not yet added
    reconcile_counts()
    action.refresh_from_db()
    assert action.confirmed_count == 1
    assert public_count(action) == 2
    reconcile_counts(now=timezone.now() + timedelta(minutes=1))
    action.refresh_from_db()
    assert action.confirmed_count == 2
    assert public_count(action) == 2


def test_a_late_committing_confirmation_is_not_skipped():
    """A confirmation stamped just before a reconcile but committed after it still counts."""
    action = ActionFactory()
    reconcile_counts()
    action.refresh_from_db()
    stamped = action.counted_up_to + timedelta(seconds=1)
    ParticipationFactory(action=action, status=CONFIRMED, confirmed_at=stamped)
    assert public_count(action) == 1


def test_invalidating_keeps_the_count_right_whether_or_not_reconciled(staff):
    action = ActionFactory()
    old = confirmed(action, timedelta(hours=1))
    new = confirmed(action, timedelta(hours=1))
    reconcile_counts()
    recent = confirmed(action, timedelta(seconds=1))
    assert public_count(action) == 3
    assert invalidate(old, "Made-up name", user=staff)
    action.refresh_from_db()
    assert public_count(action) == 2
    assert invalidate(recent, "Duplicate person")
    action.refresh_from_db()
    assert public_count(action) == 1
    assert not invalidate(recent, "Again")  # only once
    recent.refresh_from_db()
    assert recent.status == Participation.Status.INVALIDATED
    assert recent.invalidated_reason == "Duplicate person"
    assert recent.confirmed_at is None
    reconcile_counts(now=timezone.now() + timedelta(minutes=1))
    action.refresh_from_db()
    assert public_count(action) == 1 == recount(action)
    assert new.pk  # the one left


def test_invalidating_a_pending_signature_changes_no_count():
    action = ActionFactory()
    confirmed(action, timedelta(hours=1))
    reconcile_counts()
    pending = ParticipationFactory(action=action)
    invalidate(pending, "Spam")
    action.refresh_from_db()
    assert public_count(action) == 1


def test_recount_counts_everything_again():
    action = ActionFactory()
    for _ in range(3):
        confirmed(action, timedelta(days=1))
    Action.objects.filter(pk=action.pk).update(confirmed_count=99, counted_up_to=timezone.now())
    action.refresh_from_db()
    assert recount(action) == 3
    action.refresh_from_db()
    assert action.confirmed_count == 3
    assert public_count(action) == 3


def test_the_jobs_are_registered_and_run():
    action = ActionFactory()
    confirmed(action, timedelta(hours=1))
    assert "Added 1" in jobs.reconcile_counts()
    assert "1 confirmations" in jobs.recount()


def test_progress_towards_the_goal():
    action = ActionFactory(goal=4)
    confirmed(action, timedelta(hours=1))
    assert progress(action) == {"count": 1, "goal": 4, "percent": 25}
    for _ in range(5):
        confirmed(action, timedelta(hours=1))
    assert progress(action)["percent"] == 100
    assert services.progress(ActionFactory(goal=None))["percent"] is None


def test_counting_does_not_touch_the_action_row(django_assert_num_queries):
    action = ActionFactory()
    confirmed(action, timedelta(hours=1))
    with django_assert_num_queries(1):
        assert public_count(action) == 1
