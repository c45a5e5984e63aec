"""Single-use invitations: made in bulk, emailed from a task, reminded by a periodic job."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from coalition.lib.email import queue_email
from coalition.surveys.models import Invitation, Survey
from coalition.surveys.services.building import invitations_collector

BATCH = 1000


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """(valid addresses, lowercased and without repeats; what was not an address)."""
    seen, valid, invalid = set(), [], []
    for item in re.split(r"[\s,;]+", text or ""):
        item = item.strip().strip("<>\"'").lower()
        if not item:
            continue
        try:
            validate_email(item)
        except ValidationError:
            invalid.append(item)
            continue
        if item not in seen:
            seen.add(item)
            valid.append(item)
    return valid, invalid


def create_invitations(survey: Survey, emails: list[str]) -> int:
    """Invitations for the addresses not invited already (bulk inserts); returns how many."""
    collector = invitations_collector(survey)
    have = set(
        Invitation.objects.filter(survey=survey, email__in=emails).values_list("email", flat=True)
    )
    new = [
        Invitation(survey=survey, collector=collector, email=email)
        for email in emails
        if email not in have
    ]
    Invitation.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    if new:
        from coalition.surveys.tasks import send_invitations

        transaction.on_commit(lambda: send_invitations.enqueue(survey.pk))
    return len(new)


def send_unsent(survey_id: int) -> int:
    """Email every invitation of the survey not sent yet; returns how many were queued."""
    survey = Survey.objects.get(pk=survey_id)
    sent = 0
    while True:
        batch = list(
            Invitation.objects.filter(survey=survey, sent_at__isnull=True).order_by("pk")[:BATCH]
        )
        if not batch:
            return sent
        with transaction.atomic():
            for invitation in batch:
                queue_email(
                    invitation.email,
                    "surveys/emails/invitation",
                    {"survey": survey, "invitation": invitation},
                )
            Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(sent_at=timezone.now())
        sent += len(batch)


def send_reminders(now=None) -> int:
    """Remind people who have not answered an open survey, up to SURVEY_MAX_REMINDERS times."""
    now = now or timezone.now()
    reminded = 0
    for survey in Survey.objects.filter(status=Survey.Status.OPEN, reminder_days__gt=0):
        if survey.availability(now) != "open":
            continue
        due = now - timedelta(days=survey.reminder_days)
        waiting = Invitation.objects.filter(
            survey=survey,
            used_at__isnull=True,
            sent_at__lte=due,
            reminders__lt=settings.SURVEY_MAX_REMINDERS,
        ).exclude(reminded_at__gt=due)
        for invitation in waiting.order_by("pk")[:5000]:
            with transaction.atomic():
                updated = Invitation.objects.filter(
                    pk=invitation.pk, reminders=invitation.reminders, used_at__isnull=True
                ).update(reminded_at=now, reminders=invitation.reminders + 1)
                if updated:
                    queue_email(
                        invitation.email,
                        "surveys/emails/reminder",
                        {"survey": survey, "invitation": invitation},
                    )
                    reminded += 1
    return reminded
