"""Periodic jobs for surveys (imported from SurveysConfig.ready; run by run_scheduler)."""

from datetime import time, timedelta

from coalition.core.scheduler import periodic
from coalition.surveys.models import Survey
from coalition.surveys.services.invitations import send_reminders
from coalition.surveys.services.results import fold


@periodic("surveys.send_reminders", at=time(10, 0))
def remind_invitees() -> str:
    return f"{send_reminders()} survey reminders sent"


@periodic("surveys.count_results", every=timedelta(minutes=1))
def count_results() -> str:
    """Keep the stored counts close behind busy surveys, so a results page folds little."""
    counted = sum(fold(survey) for survey in Survey.objects.filter(status=Survey.Status.OPEN))
    return f"{counted} new responses counted"
