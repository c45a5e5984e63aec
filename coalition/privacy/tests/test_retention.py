"""Retention: unconfirmed actions and sign-ups go after 30 days; IP addresses too."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from coalition.campaigns.models import Action, Participation
from coalition.campaigns.tests.factories import ActionFactory
from coalition.core.scheduler import registry
from coalition.mailings.models import Subscriber, Subscription
from coalition.mailings.tests.factories import MailingListFactory
from coalition.privacy.models import ExportRequest
from coalition.privacy.retention import apply_retention
from coalition.privacy.services import storage
from coalition.privacy.tests.people import sign
from coalition.surveys.models import Invitation, Response
from coalition.surveys.tests.factories import GOOD, make_survey

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _pending_subscription(email, mailing_list):
    subscriber = Subscriber.objects.create(email=email)
    return Subscription.objects.create(
        subscriber=subscriber, mailing_list=mailing_list, requested_at=timezone.now()
    )


def test_unconfirmed_actions_and_subscriptions_go_after_30_days():
    mailing_list = MailingListFactory()
    with freeze_time(START):
        action = ActionFactory(status=Action.Status.OPEN)
        old_pending = sign(action, "Old", "old@example.org", confirm=False)
        confirmed = sign(action, "Kept", "kept@example.org")
        old_sub = _pending_subscription("old-sub@example.org", mailing_list)
    with freeze_time(START + timedelta(days=20)):
        recent = sign(action, "Recent", "recent@example.org", confirm=False)
        recent_sub = _pending_subscription("recent-sub@example.org", mailing_list)
    with freeze_time(START + timedelta(days=30, hours=1)):
        done = apply_retention()
    assert done["unconfirmed actions"] == 1
    assert done["unconfirmed subscriptions"] == 1
    assert done["subscribers left with no list"] == 1
    left = set(Participation.objects.values_list("pk", flat=True))
    assert left == {confirmed.pk, recent.pk} and old_pending.pk not in left
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent_sub.pk}
    assert not Subscriber.objects.filter(pk=old_sub.subscriber_id).exists()


def test_ip_addresses_are_removed_after_30_days(client, staff):
    survey = make_survey(mode="identified")
    with freeze_time(START):
        client.post(reverse("surveys:survey", args=[survey.slug]), GOOD, REMOTE_ADDR="192.0.2.7")
        LogEntry.objects.log_create(
            staff,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={},
            remote_addr="192.0.2.8",
        )
    response = Response.objects.get()
    assert response.ip_address == "192.0.2.7"
    with freeze_time(START + timedelta(days=29)):
        apply_retention()
    assert Response.objects.get().ip_address == "192.0.2.7"
    with freeze_time(START + timedelta(days=31)):
        done = apply_retention()
    response.refresh_from_db()
    assert (response.ip_address, response.user_agent) == (None, "")
    assert done["IP addresses removed: survey responses"] == 1
    assert not LogEntry.objects.filter(remote_addr__isnull=False).exists()
    assert response.answers.count() > 0  # the answers themselves stay


def test_exports_not_downloaded_are_deleted_after_the_setting(settings, tmp_path):
    settings.PRIVACY_EXPORT_KEEP_DAYS = 7
    with freeze_time(START):
        name = storage().save("x.zip", io.BytesIO(b"zip"))
        export = ExportRequest.objects.create(
            email="a@example.org", status="ready", file_name=name, ready_at=timezone.now()
        )
    with freeze_time(START + timedelta(days=8)):
        apply_retention()
    export.refresh_from_db()
    assert export.status == "expired" and not storage().exists(name)


def test_the_job_is_registered_with_the_scheduler():
    job = registry["privacy.retention"]
    assert job.at is not None
    assert "unconfirmed actions: 0" in job.func()


def test_survey_identifiers_follow_the_surveys_own_setting(client, outsider):
    member = outsider
    kept = make_survey(mode="identified", slug="kept")
    short = make_survey(mode="identified", slug="short", identifiers_keep_days=90)
    client.force_login(member)
    with freeze_time(START):
        for survey in (kept, short):
            client.post(reverse("surveys:survey", args=[survey.slug]), GOOD)
        invited = Invitation.objects.create(
            survey=short, collector=short.collectors.first(), email="asked@example.org"
        )
        answered = Invitation.objects.create(
            survey=short,
            collector=short.collectors.first(),
            email="answered@example.org",
            used_at=timezone.now(),
        )
    with freeze_time(START + timedelta(days=89)):
        apply_retention()
    assert Response.objects.filter(user=member).count() == 2
    with freeze_time(START + timedelta(days=91)):
        done = apply_retention()
    assert done["identifiers removed: survey responses"] == 1
    assert done["identifiers removed: survey invitations"] == 1
    unlinked = Response.objects.get(survey=short)
    assert (unlinked.user, unlinked.submitted_at) == (None, None)
    assert unlinked.submitted_on == START.date() and unlinked.answers.count() > 0
    assert Response.objects.get(survey=kept).user == member
    # The address of an invitation still waiting for an answer is kept while the survey is open.
    invited.refresh_from_db()
    answered.refresh_from_db()
    assert (invited.email, answered.email) == ("asked@example.org", "erased@erased.invalid")
