"""Reminders for funding deadlines and grant reports, emailed to the treasurer or staff."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone

from coalition.lib.email import queue_email
from coalition.programme.models import FundingApplication, GrantReport


def recipients() -> list[str]:
    if settings.PROGRAMME_REMINDER_EMAIL:
        return [settings.PROGRAMME_REMINDER_EMAIL]
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def send_reminders(today=None) -> int:
    """Once per due date: reports not yet sent, and applications still being drafted."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.PROGRAMME_REMINDER_DAYS)
    to = recipients()
    if not to:
        return 0
    sent = 0
    reports = (
        GrantReport.objects.filter(received_on__isnull=True, due__lte=horizon)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due")))
        .select_related("application__funder")
    )
    for report in reports:
        if (
            GrantReport.objects.filter(pk=report.pk)
            .exclude(reminded_for=report.due)
            .update(reminded_for=report.due)
        ):
            queue_email(to, "programme/emails/report_due", {"report": report, "today": today})
            sent += 1
    applications = (
        FundingApplication.objects.filter(
            status=FundingApplication.Status.DRAFTING, deadline__gte=today, deadline__lte=horizon
        )
        .filter(Q(deadline_reminded_for__isnull=True) | ~Q(deadline_reminded_for=F("deadline")))
        .select_related("funder")
    )
    for application in applications:
        if (
            FundingApplication.objects.filter(pk=application.pk)
            .exclude(deadline_reminded_for=application.deadline)
            .update(deadline_reminded_for=application.deadline)
        ):
            queue_email(
                to, "programme/emails/deadline", {"application": application, "today": today}
            )
            sent += 1
    return sent
