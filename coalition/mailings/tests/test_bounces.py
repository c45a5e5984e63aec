"""Bounces: DSNs (RFC 3464) from an mbox or a Maildir, the webhook, scores and suspension."""

import json
import mailbox
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from coalition.mailings.models import Bounce, Subscriber, Suppression
from coalition.mailings.services import bounces
from coalition.mailings.services.sending import recipients
from coalition.mailings.tests.factories import BulletinFactory, MailingListFactory, subscribed

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_parse_a_postfix_hard_bounce():
    [report] = bounces.parse_dsn(fixture("dsn_hard_postfix.eml"))
    assert report.email == "gone@example.net"
    assert report.kind == "hard"
    assert report.status == "5.1.1"
    assert "User unknown" in report.diagnostic


def test_parse_an_exim_delay_as_soft():
    [report] = bounces.parse_dsn(fixture("dsn_delayed_exim.eml"))
    assert (report.email, report.kind, report.status) == ("full@example.com", "soft", "4.2.2")


def test_parse_only_the_failed_recipients_and_ignore_other_mail():
    reports = bounces.parse_dsn(fixture("dsn_two_recipients.eml"))
    assert [(r.email, r.kind) for r in reports] == [("closed@example.net", "hard")]
    assert bounces.parse_dsn(fixture("not_a_bounce.eml")) == []
    assert bounces.parse_dsn(b"not an email at all") == []


def test_hard_counts_one_soft_half_once_a_day_and_the_threshold_suspends(settings):
    settings.MAILINGS_BOUNCE_THRESHOLD = "2"
    mailing_list = MailingListFactory()
    [person] = subscribed(mailing_list, 1, subscriber__email="full@example.com")
    with freeze_time("2010-03-17 10:00"):
        bounces.record_bounce(person.email, "soft", "4.2.2")
        bounces.record_bounce(person.email, "soft", "4.2.2")  # same day: not counted again
    person.refresh_from_db()
    assert person.bounce_score == Decimal("0.5")
    with freeze_time("2010-03-18 10:00"):
        bounces.record_bounce(person.email, "soft", "4.2.2")
    person.refresh_from_db()
    assert person.bounce_score == Decimal("1.0")
    assert person.suspended_at is None
    bounces.record_bounce(person.email, "hard", "5.1.1")
    person.refresh_from_db()
    assert person.bounce_score == Decimal("2.0")
    assert person.suspended_at is not None
    assert Suppression.objects.get(email=person.email).reason == "bounced"
    assert list(recipients(BulletinFactory(mailing_list=mailing_list))) == []


def write_maildir(path: Path, names: list[str]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for name in names:
        box.add(mailbox.MaildirMessage(fixture(name)))
    box.close()
    return path


def write_mbox(path: Path, names: list[str]) -> Path:
    box = mailbox.mbox(path, create=True)
    for name in names:
        box.add(mailbox.mboxMessage(fixture(name)))
    box.flush()
    box.close()
    return path


ALL = ["dsn_hard_postfix.eml", "dsn_delayed_exim.eml", "not_a_bounce.eml", "dsn_two_recipients.eml"]


@pytest.mark.parametrize("kind", ["mbox", "maildir"])
def test_the_command_reads_an_mbox_or_a_maildir(tmp_path, kind, capsys):
    for address in ("gone@example.net", "full@example.com", "closed@example.net"):
        Subscriber.objects.create(email=address)
    if kind == "mbox":
        path = write_mbox(tmp_path / "bounces.mbox", ALL)
    else:
        path = write_maildir(tmp_path / "Maildir", ALL)
    call_command("process_bounces", str(path), "--delete")
    assert "4 messages read, 3 bounces recorded." in capsys.readouterr().out
    scores = dict(Subscriber.objects.values_list("email", "bounce_score"))
    assert scores == {
        "gone@example.net": Decimal("1.0"),
        "full@example.com": Decimal("0.5"),
        "closed@example.net": Decimal("1.0"),
    }
    # --delete emptied the mailbox: reading again records nothing more.
    call_command("process_bounces", str(path))
    assert Bounce.objects.count() == 3


def test_the_command_says_when_there_is_no_mailbox(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No mailbox"):
        call_command("process_bounces", str(tmp_path / "missing"))


def test_the_webhook_needs_its_secret(settings):
    settings.MAILINGS_BOUNCE_WEBHOOK_SECRET = "s3cret-for-tests"
    Subscriber.objects.create(email="gone@example.net")
    url = reverse("mailings:bounce_webhook")
    client = Client(enforce_csrf_checks=True)
    body = json.dumps({"email": "gone@example.net", "type": "hard", "status": "5.1.1"})
    assert client.post(url, body, content_type="application/json").status_code == 403
    wrong = client.post(
        url, body, content_type="application/json", headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    assert not Bounce.objects.exists()
    response = client.post(
        url,
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer s3cret-for-tests"},
    )
    assert response.status_code == 200
    assert response.json() == {"recorded": 1}
    assert Subscriber.objects.get().bounce_score == Decimal("1.0")


def test_the_webhook_takes_a_raw_dsn_and_refuses_bad_json(settings):
    settings.MAILINGS_BOUNCE_WEBHOOK_SECRET = "s3cret-for-tests"
    auth = {"Authorization": "Bearer s3cret-for-tests"}
    client = Client()
    url = reverse("mailings:bounce_webhook")
    raw = fixture("dsn_hard_postfix.eml")
    response = client.post(url, raw, content_type="multipart/report", headers=auth)
    assert response.json() == {"recorded": 1}
    assert (
        client.post(url, b"{oops", content_type="application/json", headers=auth).status_code == 400
    )
    bad = json.dumps([{"email": "x@example.org", "type": "weird"}])
    assert client.post(url, bad, content_type="application/json", headers=auth).status_code == 400
    assert Bounce.objects.count() == 1


def test_soft_bounces_count_again_the_next_day():
    person = Subscriber.objects.create(email="slow@example.org")
    with freeze_time("2010-03-17 23:00") as frozen:
        bounces.record_bounce(person.email, "soft")
        frozen.tick(delta=timedelta(hours=2))
        bounces.record_bounce(person.email, "soft")
    person.refresh_from_db()
    assert person.bounce_score == Decimal("1.0")
