from datetime import time, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from coalition.core import scheduler
from coalition.core.models import ScheduledJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(monkeypatch):
    """A private registry, so tests do not depend on which apps registered jobs."""
    registry = {}
    monkeypatch.setattr(scheduler, "registry", registry)
    return registry


def test_it_runs_a_due_job_once_and_records_the_outcome(jobs):
    calls = []
    scheduler.periodic("test.count", every=timedelta(hours=1))(lambda: calls.append(1) or "done")
    assert scheduler.run_due_jobs() == {"test.count": "ok"}
    assert scheduler.run_due_jobs() == {}
    assert calls == [1]
    row = ScheduledJob.objects.get(name="test.count")
    assert row.last_outcome == "ok"
    assert row.last_message == "done"
    assert row.running_since is None
    assert row.next_run > timezone.now() + timedelta(minutes=59)


def test_it_records_a_failure_and_carries_on(jobs):
    def broken():
        raise RuntimeError("feed unreachable")

    scheduler.periodic("test.broken", every=timedelta(minutes=5))(broken)
    scheduler.periodic("test.fine", every=timedelta(minutes=5))(lambda: "fine")
    assert scheduler.run_due_jobs() == {"test.broken": "failed", "test.fine": "ok"}
    row = ScheduledJob.objects.get(name="test.broken")
    assert "feed unreachable" in row.last_message


def test_a_claimed_job_is_not_run_by_a_second_process(jobs):
    calls = []
    scheduler.periodic("test.once", every=timedelta(hours=1))(lambda: calls.append(1))
    now = timezone.now()
    ScheduledJob.objects.create(name="test.once", next_run=now, running_since=now)
    assert scheduler.run_due_jobs() == {}
    assert calls == []


def test_an_abandoned_claim_is_taken_over(jobs, settings):
    settings.SCHEDULER_STALE_AFTER_SECONDS = 60
    scheduler.periodic("test.stale", every=timedelta(hours=1))(lambda: "ok")
    long_ago = timezone.now() - timedelta(hours=2)
    ScheduledJob.objects.create(name="test.stale", next_run=long_ago, running_since=long_ago)
    assert scheduler.run_due_jobs() == {"test.stale": "ok"}


@freeze_time("2026-11-23 10:00:00")
def test_daily_jobs_run_at_their_time_of_day():
    job = scheduler.Job(name="x", func=lambda: None, at=time(8, 0))
    after = timezone.localtime(job.next_run_after(timezone.now()))
    assert (after.day, after.hour, after.minute) == (24, 8, 0)


def test_a_job_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        scheduler.periodic("bad")
    with pytest.raises(ValueError):
        scheduler.periodic("bad", every=timedelta(1), at=time(1))


def test_the_renewal_reminders_job_is_registered():
    assert "members.renewal_reminders" in scheduler.registry
