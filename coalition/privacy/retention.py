"""Retention rules (settings in "# --- Privacy ---"), enforced daily by jobs.py.

- Campaign actions never confirmed, and mailing-list sign-ups never confirmed, are
  deleted PRIVACY_UNCONFIRMED_DAYS after they were made.
- IP addresses (survey responses, with the browser; the audit log) are removed
  PRIVACY_IP_ADDRESS_DAYS after they were recorded.
- Export files nobody downloaded are deleted PRIVACY_EXPORT_KEEP_DAYS after they were ready.
- Survey identifiers follow each survey's "keep identifiers for (days)" setting: after
  that many days a response loses its account, invitation and time (its answers and
  date stay, so results do not change), and the address of an invitation that was
  answered, or whose survey has closed, is removed. Empty: kept for the survey's life.
"""

from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone


def delete_unconfirmed(now=None) -> dict[str, int]:
    from coalition.campaigns.models import Participation
    from coalition.mailings.models import Subscriber, Subscription

    cutoff = (now or timezone.now()) - timedelta(days=settings.PRIVACY_UNCONFIRMED_DAYS)
    participations, _ = Participation.objects.filter(
        status=Participation.Status.PENDING, created__lt=cutoff
    ).delete()
    subscriptions, _ = Subscription.objects.filter(
        status=Subscription.Status.PENDING, requested_at__lt=cutoff
    ).delete()
    # Addresses left with nothing: no list, no consent on record, no bulletin sent to them.
    orphans = (
        Subscriber.objects.filter(created__lt=cutoff, user__isnull=True)
        .annotate(
            n_subs=Count("subscriptions", distinct=True),
            n_consents=Count("consent_records", distinct=True),
            n_deliveries=Count("deliveries", distinct=True),
        )
        .filter(n_subs=0, n_consents=0, n_deliveries=0)
        .values_list("pk", flat=True)
    )
    subscribers, _ = Subscriber.objects.filter(pk__in=list(orphans)).delete()
    return {
        "unconfirmed actions": participations,
        "unconfirmed subscriptions": subscriptions,
        "subscribers left with no list": subscribers,
    }


def remove_ip_addresses(now=None) -> dict[str, int]:
    from coalition.surveys.models import Response

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_IP_ADDRESS_DAYS)
    responses = (
        Response.objects.filter(submitted_on__lt=timezone.localdate(cutoff))
        .exclude(ip_address__isnull=True, user_agent="")
        .update(ip_address=None, user_agent="")
    )
    log = LogEntry.objects.filter(timestamp__lt=cutoff, remote_addr__isnull=False).update(
        remote_addr=None, remote_port=None
    )
    return {"survey responses": responses, "audit log entries": log}


def remove_survey_identifiers(now=None) -> dict[str, int]:
    from coalition.privacy.registry import ERASED_ADDRESS
    from coalition.surveys.models import Invitation, Response, Survey

    now = now or timezone.now()
    responses = invitations = 0
    for survey in Survey.objects.filter(identifiers_keep_days__isnull=False):
        cutoff = now - timedelta(days=survey.identifiers_keep_days)
        responses += (
            Response.objects.filter(survey=survey, submitted_on__lt=timezone.localdate(cutoff))
            .exclude(user__isnull=True, invitation__isnull=True, submitted_at__isnull=True)
            .update(user=None, invitation=None, submitted_at=None)
        )
        done_with = Q(used_at__lt=cutoff)
        if survey.availability(now) != "open":
            done_with |= Q(created__lt=cutoff)
        invitations += (
            Invitation.objects.filter(survey=survey)
            .filter(done_with)
            .exclude(email__endswith="@erased.invalid")
            .update(email=ERASED_ADDRESS)
        )
    return {"survey responses": responses, "survey invitations": invitations}


def expire_exports(now=None) -> int:
    from coalition.privacy.services import expire_exports as expire

    now = now or timezone.now()
    return expire(now - timedelta(days=settings.PRIVACY_EXPORT_KEEP_DAYS))


def apply_retention(now=None) -> dict[str, int]:
    done = {}
    done.update(delete_unconfirmed(now))
    for table, n in remove_ip_addresses(now).items():
        done[f"IP addresses removed: {table}"] = n
    for table, n in remove_survey_identifiers(now).items():
        done[f"identifiers removed: {table}"] = n
    done["export files expired"] = expire_exports(now)
    return done
