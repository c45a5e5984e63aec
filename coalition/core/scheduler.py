"""One registry of periodic jobs, run by one process (`manage.py run_scheduler`).

Apps register jobs in their `jobs.py` (imported from AppConfig.ready):

    @periodic("members.renewal_reminders", at=time(8, 0))
    def send_renewal_reminders() -> str: ...

A job runs either every `every` (a timedelta) or daily at `at` (local time).
Its state lives in a ScheduledJob row. A run is claimed with one conditional
UPDATE, so two scheduler processes (a cron line and a daemon, two machines)
never run the same job at once; a claim older than
SCHEDULER_STALE_AFTER_SECONDS is treated as abandoned by a crashed process.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], str | None]
    every: timedelta | None = None
    at: time | None = None

    def next_run_after(self, moment: datetime) -> datetime:
        if self.every is not None:
            return moment + self.every
        local = timezone.localtime(moment)
        candidate = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if candidate <= local:
            candidate = candidate + timedelta(days=1)
            # Keep the wall-clock time across a clock change.
            candidate = timezone.make_aware(candidate.replace(tzinfo=None))
        return candidate

    @property
    def schedule(self) -> str:
        if self.every is not None:
            return f"every {self.every}"
        return f"daily at {self.at:%H:%M}"


registry: dict[str, Job] = {}


def periodic(
    name: str, *, every: timedelta | None = None, at: time | None = None
) -> Callable[[Callable[[], str | None]], Callable[[], str | None]]:
    if (every is None) == (at is None):
        raise ValueError("A periodic job needs exactly one of every= or at=.")

    def register(func: Callable[[], str | None]) -> Callable[[], str | None]:
        registry[name] = Job(name=name, func=func, every=every, at=at)
        return func

    return register


def _ensure_row(job: Job, now: datetime) -> None:
    from coalition.core.models import ScheduledJob

    ScheduledJob.objects.get_or_create(
        name=job.name, defaults={"next_run": job.next_run_after(now) if job.at else now}
    )


def claim(job: Job, now: datetime) -> bool:
    """Mark the job as running if it is due and nobody else holds it."""
    from coalition.core.models import ScheduledJob

    stale_before = now - timedelta(seconds=settings.SCHEDULER_STALE_AFTER_SECONDS)
    return bool(
        ScheduledJob.objects.filter(name=job.name, next_run__lte=now)
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=stale_before))
        .update(running_since=now, last_started=now)
    )


def run_job(job: Job, now: datetime) -> str:
    from coalition.core.models import ScheduledJob

    try:
        message = job.func() or ""
        outcome = ScheduledJob.Outcome.OK
    except Exception:
        log.exception("Periodic job %s failed", job.name)
        message = traceback.format_exc(limit=5)
        outcome = ScheduledJob.Outcome.FAILED
    finished = timezone.now()
    ScheduledJob.objects.filter(name=job.name).update(
        running_since=None,
        last_finished=finished,
        last_outcome=outcome,
        last_message=message[:5000],
        next_run=job.next_run_after(finished),
        run_count=F("run_count") + 1,
    )
    return outcome


def run_due_jobs(now: datetime | None = None, only: str | None = None) -> dict[str, str]:
    """Run every job that is due (or just `only`, due or not). Returns name -> outcome."""
    from coalition.core.models import ScheduledJob

    now = now or timezone.now()
    results: dict[str, str] = {}
    for job in sorted(registry.values(), key=lambda j: j.name):
        if only and job.name != only:
            continue
        _ensure_row(job, now)
        if only:
            # Forced run: make it due, but still respect another process's claim.
            ScheduledJob.objects.filter(name=job.name).update(next_run=now)
        if claim(job, now):
            results[job.name] = run_job(job, now)
    return results
