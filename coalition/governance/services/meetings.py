"""Meetings: publishing the agenda, approving minutes at the next meeting, actions."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from coalition.governance.models import ActionItem, Meeting
from coalition.lib.email import queue_email


def publish_agenda(meeting: Meeting) -> None:
    if not meeting.agenda_items.exists():
        raise ValidationError("Add at least one agenda item before publishing the agenda.")
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def approve_minutes(minutes_of: Meeting, at: Meeting) -> None:
    """Record that meeting `at` approved the minutes of `minutes_of` (the one before it)."""
    if minutes_of.body_id != at.body_id:
        raise ValidationError("Minutes are approved by a meeting of the same body.")
    if at.starts_at <= minutes_of.starts_at:
        raise ValidationError("Minutes are approved at a later meeting.")
    if not minutes_of.minutes.strip():
        raise ValidationError("There are no draft minutes to approve.")
    if minutes_of.minutes_status == Meeting.MinutesStatus.APPROVED:
        raise ValidationError("These minutes are already approved.")
    minutes_of.minutes_status = Meeting.MinutesStatus.APPROVED
    minutes_of.minutes_approved_at = at
    minutes_of.save(update_fields=["minutes_status", "minutes_approved_at"])


def carried_forward(meeting: Meeting):
    """Actions from earlier meetings of the same body that are still open."""
    return (
        ActionItem.objects.filter(
            meeting__body=meeting.body,
            meeting__starts_at__lt=meeting.starts_at,
            status__in=ActionItem.OPEN_STATUSES,
        )
        .select_related("owner", "meeting")
        .order_by("due", "pk")
    )


def set_action_status(action: ActionItem, status: str) -> None:
    action.status = status
    action.completed_on = timezone.localdate() if status == ActionItem.Status.DONE else None
    action.save(update_fields=["status", "completed_on"])


def send_action_reminders(today=None) -> int:
    """Email each owner of an open action due within the next few days (or overdue and
    never reminded for this due date). Once per due date: moving the date re-arms it."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.GOVERNANCE_ACTION_REMINDER_DAYS)
    due = (
        ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES, due__lte=horizon)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due")))
        .exclude(owner__email="")
        .select_related("owner", "meeting__body")
    )
    sent = 0
    for action in due:
        with transaction.atomic():
            claimed = (
                ActionItem.objects.filter(pk=action.pk)
                .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=action.due))
                .update(reminded_for=action.due)
            )
            if not claimed:
                continue
            queue_email(
                action.owner.email,
                "governance/emails/action_reminder",
                {"action": action, "overdue": action.due < today, "today": today},
            )
            sent += 1
    return sent
