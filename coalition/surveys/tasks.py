"""Background work for surveys (django-tasks), queued after the transaction commits."""

from django_tasks import task

from coalition.surveys.services.invitations import send_unsent


@task()
def send_invitations(survey_id: int) -> int:
    """Thousands of invitations are emailed outside the request that made them."""
    return send_unsent(survey_id)
