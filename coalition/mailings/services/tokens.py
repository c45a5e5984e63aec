"""Signed links in emails: confirm a sign-up, manage preferences, unsubscribe.

Each token is signed with SECRET_KEY (django.core.signing), names the subscriber and
carries their `key`, and has an age limit: a forged token fails the signature, an old
one is expired, and changing a subscriber's key revokes every link sent to them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from coalition.mailings.models import MailingList, Subscriber

CONFIRM = "mailings.confirm"
PREFERENCES = "mailings.preferences"
UNSUBSCRIBE = "mailings.unsubscribe"


class BadToken(Exception):
    """The link is forged, damaged or for an address we no longer hold."""


class ExpiredToken(BadToken):
    """The link was genuine but is too old."""


def _dumps(values: list, salt: str) -> str:
    return signing.dumps(values, salt=salt, compress=False)


def _loads(token: str, salt: str, days: int) -> list:
    try:
        values = signing.loads(token, salt=salt, max_age=days * 86400)
    except signing.SignatureExpired:
        raise ExpiredToken from None
    except signing.BadSignature:
        raise BadToken from None
    if not isinstance(values, list) or len(values) < 2:
        raise BadToken
    return values


def _subscriber(values: list) -> Subscriber:
    subscriber = Subscriber.objects.filter(pk=values[0]).first()
    if subscriber is None or subscriber.key != values[1]:
        raise BadToken
    return subscriber


def confirm_token(subscriber: Subscriber) -> str:
    return _dumps([subscriber.pk, subscriber.key], CONFIRM)


def read_confirm_token(token: str) -> Subscriber:
    return _subscriber(_loads(token, CONFIRM, settings.MAILINGS_CONFIRM_DAYS))


def preferences_token(subscriber: Subscriber) -> str:
    return _dumps([subscriber.pk, subscriber.key], PREFERENCES)


def read_preferences_token(token: str) -> Subscriber:
    return _subscriber(_loads(token, PREFERENCES, settings.MAILINGS_LINK_DAYS))


def unsubscribe_token(subscriber_pk: int, key: str, list_pk: int) -> str:
    return _dumps([subscriber_pk, key, list_pk], UNSUBSCRIBE)


@dataclass
class Unsubscribe:
    subscriber: Subscriber
    mailing_list: MailingList


def read_unsubscribe_token(token: str) -> Unsubscribe:
    values = _loads(token, UNSUBSCRIBE, settings.MAILINGS_LINK_DAYS)
    if len(values) != 3:
        raise BadToken
    subscriber = _subscriber(values)
    mailing_list = MailingList.objects.filter(pk=values[2]).first()
    if mailing_list is None:
        raise BadToken
    return Unsubscribe(subscriber, mailing_list)
