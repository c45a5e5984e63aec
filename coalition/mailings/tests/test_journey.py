"""The whole way: sign up, confirm, get a bulletin through real SMTP, one-click unsubscribe."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from coalition.events.tests.factories import EventFactory
from coalition.mailings.models import Bulletin, ConsentRecord, Delivery, Subscription
from coalition.mailings.tests.factories import MailingListFactory

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_subscribe_confirm_receive_and_unsubscribe_with_one_click(
    client, staff, smtp_server, commit
):
    bulletin_list = MailingListFactory(name="The bulletin", slug="bulletin")
    EventFactory(title="Nottingham workshop on funding")

    # Sign up: nothing is ticked until the person ticks it.
    page = client.get(reverse("mailings:subscribe"))
    assert b"checked" not in page.content
    with commit():
        response = client.post(
            reverse("mailings:subscribe"),
            {"email": "Sam@Example.org", "name": "Sam", "lists": [bulletin_list.pk]},
        )
    assert response.status_code == 302
    subscription = Subscription.objects.get(subscriber__email="sam@example.org")
    assert subscription.status == Subscription.Status.PENDING

    # Confirm from the emailed link: the GET only shows a button.
    confirmation = smtp_server.last_to("sam@example.org")
    link = smtp_server.link_in(confirmation, "https://coalition.example.org/subscribe/confirm/")
    assert client.get(path_of(link)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PENDING
    assert client.post(path_of(link)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    consent = ConsentRecord.objects.get(email="sam@example.org")
    assert consent.action == ConsentRecord.Action.GIVEN
    assert bulletin_list.consent_wording in consent.wording

    # Staff compose from the site and send; the worker task sends through real SMTP.
    staff_client = Client()
    staff_client.force_login(staff)
    response = staff_client.post(
        reverse("mailings:staff_bulletin_new"),
        {"mailing_list": bulletin_list.pk, "subject": "Bulletin, March 2010", "action": "fill"},
    )
    bulletin = Bulletin.objects.get()
    assert response["Location"] == bulletin.get_staff_url()
    assert bulletin.items.filter(title="Nottingham workshop on funding").exists()
    with commit():
        staff_client.post(reverse("mailings:staff_bulletin_send", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.SENT
    delivery = Delivery.objects.get(bulletin=bulletin)
    assert delivery.status == Delivery.Status.SENT, delivery.error

    message = smtp_server.last_to("sam@example.org")
    assert message["Subject"] == "Bulletin, March 2010"
    assert message["List-Id"] == "The bulletin <bulletin.coalition.example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = "".join(message["List-Unsubscribe"].split())  # unfold
    unsubscribe_url = re.fullmatch(r"<(https://[^>]+)>", header).group(1)
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    html = html.get_payload(decode=True).decode()
    assert "Nottingham workshop on funding" in html
    assert 'style="' in html and "<style" not in html  # CSS inlined
    assert unsubscribe_url.replace("&", "&amp;") in html or unsubscribe_url in html
    assert unsubscribe_url in smtp_server.text(message)  # footer link in the text part too

    # The mail client's one-click POST: no cookies, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    withdrawal = ConsentRecord.objects.filter(action=ConsentRecord.Action.WITHDRAWN).get()
    assert withdrawal.source == "unsubscribe link"
    # A second click changes nothing and records nothing.
    mail_client.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert ConsentRecord.objects.filter(action=ConsentRecord.Action.WITHDRAWN).count() == 1


def test_the_unsubscribe_get_only_asks(client):
    from coalition.mailings.services.tokens import unsubscribe_token
    from coalition.mailings.tests.factories import SubscriptionFactory

    subscription = SubscriptionFactory()
    subscriber = subscription.subscriber
    url = reverse(
        "mailings:unsubscribe",
        args=[unsubscribe_token(subscriber.pk, subscriber.key, subscription.mailing_list_id)],
    )
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="List-Unsubscribe" value="One-Click"' in response.content
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    # A post that is not the one-click form is refused like a failed CSRF check.
    assert Client(enforce_csrf_checks=True).post(url, {"other": "1"}).status_code == 403
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED
