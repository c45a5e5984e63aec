"""Periodic jobs for mailings (imported from MailingsConfig.ready; run by run_scheduler)."""

from datetime import timedelta

from coalition.core.scheduler import periodic
from coalition.mailings.services import sending


@periodic("mailings.send_bulletins", every=timedelta(minutes=1))
def start_and_resume_sending() -> str:
    """Start scheduled bulletins; hand pending messages (retries, a stopped worker's) to a task."""
    from coalition.mailings.tasks import send_bulletins

    started = sending.start_due_bulletins()
    released = sending.release_stale()
    finished = sending.finish_bulletins()
    queued = sending.has_work()
    if queued:
        send_bulletins.enqueue()
    return (
        f"{started} started, {finished} finished, {released} uncertain after a stopped "
        f"worker, {'a sending task queued' if queued else 'nothing to send'}"
    )
