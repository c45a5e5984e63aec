"""Staff page of the periodic jobs (/staff/jobs/): each job's last run, outcome and next run.

Every job registered through coalition.core.scheduler (each app's jobs.py) is listed,
run or not, so a new app's jobs appear here without any change to this page. A job
whose next run is well past means no scheduler is running (or it is stuck).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coalition.core import scheduler
from coalition.core.models import ScheduledJob
from coalition.core.permissions import staff_required

STATE_STYLES = {"ok": "ok", "failed": "failed", "overdue": "bad", "stuck": "bad", "never": "never"}


@dataclass
class JobStatus:
    name: str
    description: str
    schedule: str
    row: ScheduledJob | None
    state: str  # running, stuck, overdue, never, ok, failed, retired
    state_label: str

    @property
    def css(self) -> str:
        """The site's status style (coalition/static/css/site.css) for the state."""
        return STATE_STYLES.get(self.state, "warn")

    @property
    def duration(self) -> timedelta | None:
        row = self.row
        if row and row.last_started and row.last_finished and row.last_finished >= row.last_started:
            return row.last_finished - row.last_started
        return None

    @property
    def summary(self) -> str:
        """The last line of the last message (for a failure, the exception)."""
        lines = [line for line in (self.row.last_message if self.row else "").splitlines() if line]
        return lines[-1][:300] if lines else ""


def schedule_label(job: scheduler.Job) -> str:
    if job.every is None:
        return f"daily at {job.at:%H:%M}"
    seconds = int(job.every.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0 and seconds >= size:
            count = seconds // size
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds} seconds"


def describe(func) -> str:
    doc = (func.__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""


def job_state(row: ScheduledJob | None, now: datetime) -> tuple[str, str]:
    if row is None:
        return "never", "Never run"
    stale_before = now - timedelta(seconds=settings.SCHEDULER_STALE_AFTER_SECONDS)
    if row.running_since:
        if row.running_since < stale_before:
            return "stuck", "Abandoned run (taken over on the next check)"
        return "running", "Running now"
    if row.next_run < now - timedelta(minutes=settings.SCHEDULER_OVERDUE_MINUTES):
        return "overdue", "Overdue"
    if row.last_outcome == ScheduledJob.Outcome.FAILED:
        return "failed", "Failed"
    if row.last_outcome == ScheduledJob.Outcome.OK:
        return "ok", "Succeeded"
    return "never", "Never run"


def job_statuses(now: datetime) -> tuple[list[JobStatus], list[JobStatus]]:
    """(registered jobs, rows of jobs no longer registered), each sorted by name."""
    rows = {row.name: row for row in ScheduledJob.objects.all()}
    jobs = []
    for job in sorted(scheduler.registry.values(), key=lambda j: j.name):
        row = rows.pop(job.name, None)
        state, label = job_state(row, now)
        jobs.append(JobStatus(job.name, describe(job.func), schedule_label(job), row, state, label))
    retired = [
        JobStatus(row.name, "", "no longer registered", row, "retired", "Not registered")
        for row in rows.values()
    ]
    return jobs, retired


@never_cache
@staff_required
@require_safe
def staff_jobs(request):
    now = timezone.now()
    jobs, retired = job_statuses(now)
    started = [job.row.last_started for job in jobs if job.row and job.row.last_started]
    last_activity = max(started) if started else None
    return render(
        request,
        "core/staff_jobs.html",
        {
            "jobs": jobs,
            "retired": retired,
            "now": now,
            "last_activity": last_activity,
            "just_now": last_activity is not None and now - last_activity < timedelta(minutes=1),
            "overdue": [job for job in jobs if job.state in {"overdue", "stuck"}],
            "failed": [job for job in jobs if job.state == "failed"],
            "overdue_minutes": settings.SCHEDULER_OVERDUE_MINUTES,
        },
    )
