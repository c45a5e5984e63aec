"""The staff page of scheduled jobs: /staff/jobs/."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.core import scheduler
from coalition.core.jobs_views import schedule_label
from coalition.core.models import ScheduledJob

pytestmark = pytest.mark.django_db
URL = "/staff/jobs/"


@pytest.fixture
def jobs(monkeypatch):
    """A private registry with one job of each kind."""
    registry = {}
    monkeypatch.setattr(scheduler, "registry", registry)

    def reminders():
        """Email representatives before renewal."""
        return "2 reminders sent"

    def feeds():
        raise RuntimeError("feed unreachable")

    scheduler.periodic("test.reminders", at=time(8, 0))(reminders)
    scheduler.periodic("test.feeds", every=timedelta(minutes=10))(feeds)
    scheduler.periodic("test.never", every=timedelta(hours=2))(lambda: "ok")
    return registry


def test_the_url_is_under_staff():
    assert reverse("core:staff_jobs") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["outsider", "representative", "executive_member"])
def test_people_who_are_not_staff_are_refused(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(client, staff_without_2fa):
    client.force_login(staff_without_2fa)
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/staff/jobs/" in response["Location"]


def test_it_only_shows_things(client, staff, jobs):
    client.force_login(staff)
    assert client.post(URL).status_code == 405


def test_staff_see_every_registered_job_its_last_run_outcome_and_next_run(client, staff, jobs):
    # test.reminders is daily at 08:00: its row is made, its first run is still to come.
    assert scheduler.run_due_jobs(only="test.feeds") == {"test.feeds": "failed"}
    scheduler.run_due_jobs(only="test.reminders")
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    rows = {job.name: job for job in response.context["jobs"]}
    assert list(rows) == ["test.feeds", "test.never", "test.reminders"]
    assert rows["test.feeds"].state == "failed"
    assert rows["test.feeds"].summary == "RuntimeError: feed unreachable"
    assert "What went wrong" in page and "feed unreachable" in page
    assert rows["test.never"].state == "never" and rows["test.never"].row is None
    assert rows["test.reminders"].schedule == "daily at 08:00"
    assert "Email representatives before renewal." in page
    assert rows["test.feeds"].schedule == "every 10 minutes"
    feeds = ScheduledJob.objects.get(name="test.feeds")
    assert f"{timezone.localtime(feeds.next_run):%-d %b %Y, %H:%M}" in page
    assert "1 job failed on its last run" in page


def test_a_late_job_says_the_scheduler_may_not_be_running(client, staff, jobs, settings):
    settings.SCHEDULER_OVERDUE_MINUTES = 15
    now = timezone.now()
    ScheduledJob.objects.create(name="test.feeds", next_run=now - timedelta(hours=3))
    ScheduledJob.objects.create(name="test.reminders", next_run=now - timedelta(minutes=5))
    client.force_login(staff)
    response = client.get(URL)
    rows = {job.name: job for job in response.context["jobs"]}
    assert rows["test.feeds"].state == "overdue"
    assert rows["test.reminders"].state != "overdue"
    page = response.content.decode()
    assert "1 job is more than 15 minutes late" in page
    assert "The scheduler may not be running" in page


def test_running_abandoned_and_retired_jobs(client, staff, jobs, settings):
    settings.SCHEDULER_STALE_AFTER_SECONDS = 3600
    now = timezone.now()
    ScheduledJob.objects.create(name="test.feeds", next_run=now, running_since=now)
    ScheduledJob.objects.create(
        name="test.reminders", next_run=now, running_since=now - timedelta(hours=2)
    )
    ScheduledJob.objects.create(name="old.renamed", next_run=now, last_finished=now)
    client.force_login(staff)
    response = client.get(URL)
    rows = {job.name: job for job in response.context["jobs"]}
    assert rows["test.feeds"].state == "running"
    assert rows["test.reminders"].state == "stuck"
    assert [job.name for job in response.context["retired"]] == ["old.renamed"]
    assert "No longer registered" in response.content.decode()


def test_every_app_job_is_listed_without_changes_to_the_page(client, staff):
    """The real registry: whatever the apps' jobs.py register appears."""
    client.force_login(staff)
    response = client.get(URL)
    names = [job.name for job in response.context["jobs"]]
    assert names == sorted(scheduler.registry)
    assert "members.renewal_reminders" in names


def test_schedules_read_as_words():
    def job(**kwargs):
        return scheduler.Job(name="x", func=lambda: None, **kwargs)

    assert schedule_label(job(every=timedelta(minutes=1))) == "every minute"
    assert schedule_label(job(every=timedelta(hours=6))) == "every 6 hours"
    assert schedule_label(job(every=timedelta(days=7))) == "every 7 days"
    assert schedule_label(job(every=timedelta(seconds=90))) == "every 90 seconds"
    assert schedule_label(job(at=time(3, 30))) == "daily at 03:30"
