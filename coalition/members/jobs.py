"""Periodic jobs for memberships, registered with the one scheduler."""

from datetime import time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from coalition.core.scheduler import periodic
from coalition.lib.email import queue_email
from coalition.members.models import Membership, RenewalReminder


def reminder_recipients(membership: Membership) -> list[str]:
    emails = [
        affiliation.person.email
        for affiliation in membership.organisation.affiliations.all()
        if affiliation.is_representative
    ]
    if not emails and membership.organisation.contact_email:
        emails = [membership.organisation.contact_email]
    return emails


@periodic("members.renewal_reminders", at=time(8, 0))
def send_renewal_reminders() -> str:
    """Email representatives 30 and 7 days before renewal; each reminder at most once."""
    today = timezone.localdate()
    sent = 0
    for days in settings.RENEWAL_REMINDER_DAYS:
        # A window rather than one day, so a day the scheduler missed is caught up.
        memberships = (
            Membership.objects.filter(
                status=Membership.Status.ACTIVE,
                renewal_date__gt=today + timedelta(days=max(days - 7, 0)),
                renewal_date__lte=today + timedelta(days=days),
            )
            .exclude(
                Exists(
                    RenewalReminder.objects.filter(
                        membership=OuterRef("pk"),
                        renewal_date=OuterRef("renewal_date"),
                        days_before=days,
                    )
                )
            )
            .select_related("organisation", "type")
            .prefetch_related("organisation__affiliations__person")
        )
        for membership in memberships:
            recipients = reminder_recipients(membership)
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    RenewalReminder.objects.create(
                        membership=membership,
                        renewal_date=membership.renewal_date,
                        days_before=days,
                        sent_to=", ".join(recipients),
                    )
                    queue_email(
                        recipients,
                        "members/emails/renewal_reminder",
                        {
                            "membership": membership,
                            "organisation": membership.organisation,
                            "days": (membership.renewal_date - today).days,
                        },
                    )
            except IntegrityError:
                continue  # already reminded
            sent += 1
    return f"{sent} renewal reminders queued"
