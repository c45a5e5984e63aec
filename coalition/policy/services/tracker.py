"""Deadlines: consultations closing soon, and the weekly digest to staff and members who asked."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.lib.email import queue_email
from coalition.policy.models import DeadlineSubscriber, Development


def closing_soon(today: date | None = None, days: int | None = None):
    today = today or timezone.localdate()
    days = settings.POLICY_DIGEST_DAYS if days is None else days
    return (
        Development.objects.filter(
            closes_on__gte=today, closes_on__lte=today + timedelta(days=days)
        )
        .exclude(status=Development.Status.CLOSED)
        .prefetch_related("themes", "responses")
        .order_by("closes_on", "title")
    )


def digest_recipients() -> list[str]:
    """Staff, and members who subscribed, each address once."""
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    members = DeadlineSubscriber.objects.filter(user__is_active=True).exclude(user__email="")
    emails = set(staff.values_list("email", flat=True))
    emails |= set(members.values_list("user__email", flat=True))
    return sorted(emails)


def send_deadline_digest(today: date | None = None) -> int:
    """One email per recipient listing what closes in the coming weeks; none if nothing does."""
    today = today or timezone.localdate()
    developments = list(closing_soon(today))
    if not developments:
        return 0
    rows = [(d, d.days_left(today)) for d in developments]
    recipients = digest_recipients()
    for email in recipients:
        queue_email(
            email,
            "policy/emails/deadline_digest",
            {"rows": rows, "today": today, "days": settings.POLICY_DIGEST_DAYS},
        )
    return len(recipients)
