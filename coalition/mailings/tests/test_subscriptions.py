"""Signing up, consent records, signed links, preferences, the account page."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from coalition.mailings.models import ConsentRecord, Subscriber, Subscription, Suppression
from coalition.mailings.services import subscriptions
from coalition.mailings.services.tokens import (
    confirm_token,
    preferences_token,
    unsubscribe_token,
)
from coalition.mailings.tests.factories import MailingListFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists():
    return [
        MailingListFactory(name="The bulletin", slug="bulletin"),
        MailingListFactory(name="Research briefings", slug="research-briefings"),
    ]


def test_an_invalid_address_is_refused_next_to_the_field(client, lists):
    response = client.post(
        reverse("mailings:subscribe"), {"email": "not-an-address", "lists": [lists[0].pk]}
    )
    assert response.status_code == 400
    assert b'id="id_email_error"' in response.content
    assert b"Enter an email address like name@example.org." in response.content
    assert not Subscriber.objects.exists()


def test_a_list_must_be_ticked(client, lists):
    response = client.post(reverse("mailings:subscribe"), {"email": "sam@example.org"})
    assert response.status_code == 400
    assert b"Tick at least one thing to receive." in response.content
    assert not Subscriber.objects.exists()


def test_sign_up_is_rate_limited(client, lists, settings):
    settings.MAILINGS_SUBSCRIBE_RATE_LIMIT = "2/10m"
    for n in range(2):
        response = client.post(
            reverse("mailings:subscribe"), {"email": f"p{n}@example.org", "lists": [lists[0].pk]}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("mailings:subscribe"), {"email": "p9@example.org", "lists": [lists[0].pk]}
    )
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="p9@example.org").exists()


def test_signing_up_records_nothing_until_confirmed(client, lists, commit, mailoutbox):
    with commit():
        client.post(
            reverse("mailings:subscribe"),
            {"email": "sam@example.org", "lists": [lists[0].pk, lists[1].pk]},
        )
    assert not ConsentRecord.objects.exists()
    assert len(mailoutbox) == 1
    subscriber = Subscriber.objects.get()
    subscriptions.confirm(subscriber)
    records = ConsentRecord.objects.order_by("mailing_list__name")
    assert [r.mailing_list.name for r in records] == ["Research briefings", "The bulletin"]
    for record in records:
        assert record.action == "given"
        assert record.source.startswith("sign-up form (/subscribe/)")
        assert record.mailing_list.consent_wording in record.wording
        assert subscriptions.STATEMENT in record.wording
        assert record.at is not None


def test_forged_and_expired_links_change_nothing(client, lists):
    subscription = SubscriptionFactory(mailing_list=lists[0])
    subscriber = subscription.subscriber
    good = unsubscribe_token(subscriber.pk, subscriber.key, lists[0].pk)
    forged = signing.dumps([subscriber.pk, subscriber.key, lists[0].pk], salt="other", key="x" * 50)
    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    mail = Client(enforce_csrf_checks=True)
    for token in (forged, tampered, "nonsense"):
        response = mail.post(
            reverse("mailings:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 404
        assert b"This link does not work" in response.content
    with freeze_time() as frozen:
        token = unsubscribe_token(subscriber.pk, subscriber.key, lists[0].pk)
        frozen.tick(delta=__import__("datetime").timedelta(days=401))
        response = mail.post(
            reverse("mailings:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 400
        assert b"This link has expired" in response.content
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.SUBSCRIBED
    assert not ConsentRecord.objects.exists()
    # Changing the subscriber's key revokes links already sent.
    subscriber.key = "new-key"
    subscriber.save()
    response = mail.post(
        reverse("mailings:unsubscribe", args=[good]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 404


def test_an_expired_confirmation_link(client, lists):
    subscriber = subscriptions.request_subscription("sam@example.org", "", [lists[0]])
    with freeze_time() as frozen:
        token = confirm_token(subscriber)
        frozen.tick(delta=__import__("datetime").timedelta(days=8))
        response = client.post(reverse("mailings:confirm", args=[token]))
    assert response.status_code == 400
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_preferences_by_signed_link_record_each_change(client, lists):
    subscription = SubscriptionFactory(mailing_list=lists[0])
    subscriber = subscription.subscriber
    url = reverse("mailings:preferences", args=[preferences_token(subscriber)])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"lists": [lists[1].pk]})
    assert response.status_code == 302
    assert subscriptions.subscribed_lists(subscriber) == {lists[1].pk}
    records = {(r.mailing_list.slug, r.action) for r in ConsentRecord.objects.all()}
    assert records == {("bulletin", "withdrawn"), ("research-briefings", "given")}
    assert set(ConsentRecord.objects.values_list("source", flat=True)) == {
        subscriptions.SOURCE_PREFERENCES
    }


def test_unsubscribe_from_everything_suppresses_until_a_confirmed_sign_up(client, lists):
    subscription = SubscriptionFactory(mailing_list=lists[0])
    subscriber = subscription.subscriber
    url = reverse("mailings:preferences", args=[preferences_token(subscriber)])
    client.post(url, {"everything": "1"})
    assert Suppression.objects.get(email=subscriber.email).reason == "unsubscribed"
    assert subscriptions.subscribed_lists(subscriber) == set()
    # They sign up again themselves and confirm: that lifts their own suppression.
    subscriptions.request_subscription(subscriber.email, "", [lists[0]])
    subscriptions.confirm(subscriber)
    assert not Suppression.objects.filter(email=subscriber.email).exists()
    assert subscriptions.subscribed_lists(subscriber) == {lists[0].pk}


def test_a_staff_suppression_cannot_be_lifted_by_signing_up(client, lists):
    Suppression.objects.create(email="blocked@example.org", reason="staff")
    subscriber = subscriptions.request_subscription("blocked@example.org", "", [lists[0]])
    response = client.post(reverse("mailings:confirm", args=[confirm_token(subscriber)]))
    assert response.status_code == 409
    assert Subscription.objects.get().status == Subscription.Status.PENDING


def test_signed_in_people_manage_their_lists_on_their_account(client, outsider, lists):
    client.force_login(outsider)
    url = reverse("mailings:account_subscriptions")
    assert client.get(url).status_code == 200
    response = client.post(url, {"lists": [lists[0].pk]})
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email=outsider.email.lower())
    assert subscriber.user == outsider
    record = ConsentRecord.objects.get()
    assert record.source == subscriptions.SOURCE_ACCOUNT
    assert record.user == outsider
    client.post(url, {})
    assert subscriptions.subscribed_lists(subscriber) == set()


def test_a_preferences_link_by_email_says_the_same_for_unknown_addresses(
    client, lists, commit, mailoutbox
):
    SubscriptionFactory(mailing_list=lists[0], subscriber__email="known@example.org")
    with commit():
        known = client.post(reverse("mailings:preferences_request"), {"email": "known@example.org"})
        unknown = client.post(reverse("mailings:preferences_request"), {"email": "who@example.org"})
    assert known.content.replace(b"known", b"") == unknown.content.replace(b"who", b"")
    assert [m.to for m in mailoutbox] == [["known@example.org"]]
