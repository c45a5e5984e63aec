"""Background work for mailings (django-tasks)."""

from django_tasks import task

from coalition.mailings.services import sending


@task()
def send_bulletins() -> dict:
    """Send every bulletin's pending messages until none is left to claim now.

    Several of these (and `manage.py send_bulletins` workers) may run at once: each
    claims its own batches. Retries that are not due yet are picked up by the
    `mailings.send_bulletins` periodic job.
    """
    return sending.work(until_idle=True)
