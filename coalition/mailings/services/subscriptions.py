"""Signing up (double opt-in), confirming, changing preferences, unsubscribing, suppression.

Every change of consent writes a ConsentRecord in the same transaction as the change.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coalition.lib.email import queue_email
from coalition.mailings.models import (
    ConsentRecord,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)
from coalition.mailings.services.tokens import confirm_token

# Shown on every form where people choose lists, and recorded with their consent.
STATEMENT = (
    "We will use your email address only to send you what you ticked. Every email has a "
    "link to unsubscribe, and you can change your choices at any time."
)
# Suppressions a person lifts by confirming a sign-up themselves (their address works and
# they asked again). Staff entries and spam complaints stay until staff remove them.
LIFTED_BY_CONFIRMATION = (Suppression.Reason.UNSUBSCRIBED, Suppression.Reason.BOUNCED)

SOURCE_SIGNUP = "sign-up form (/subscribe/)"
SOURCE_PREFERENCES = "preferences page (emailed link)"
SOURCE_ACCOUNT = "account page (signed in)"
SOURCE_ONE_CLICK = "unsubscribe link"


def wording_for(mailing_list: MailingList, ticked: bool = True) -> str:
    box = "[x]" if ticked else "[ ]"
    return f"{box} {mailing_list.consent_wording}\n{STATEMENT}"


def is_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email=email.strip().lower()).exists()


def _record(subscriber, mailing_list, action, source, wording, user=None, at=None):
    ConsentRecord.objects.create(
        subscriber=subscriber,
        email=subscriber.email,
        mailing_list=mailing_list,
        action=action,
        source=source,
        wording=wording,
        user=user if user is not None and user.is_authenticated else None,
        at=at or timezone.now(),
    )


@transaction.atomic
def request_subscription(
    email: str, name: str, lists: list[MailingList], source: str = SOURCE_SIGNUP
) -> Subscriber:
    """Record what was asked and email a confirmation link. Nothing is sent to the lists yet.

    The same answer whatever the address's history, so the form tells nobody who is
    subscribed. Lists the address is already on stay as they are.
    """
    now = timezone.now()
    subscriber, _ = Subscriber.objects.get_or_create(email=email.strip().lower())
    if name and not subscriber.name:
        subscriber.name = name
        subscriber.save(update_fields=["name"])
    for mailing_list in lists:
        subscription, _ = Subscription.objects.get_or_create(
            subscriber=subscriber, mailing_list=mailing_list
        )
        if subscription.status == Subscription.Status.SUBSCRIBED:
            continue
        subscription.status = Subscription.Status.PENDING
        subscription.requested_at = now
        subscription.requested_source = source
        subscription.requested_wording = wording_for(mailing_list)
        subscription.save()
    confirm_url = settings.SITE_URL + reverse("mailings:confirm", args=[confirm_token(subscriber)])
    queue_email(
        subscriber.email,
        "mailings/emails/confirm",
        {
            "subscriber": subscriber,
            "lists": lists,
            "confirm_url": confirm_url,
            "days": settings.MAILINGS_CONFIRM_DAYS,
        },
    )
    return subscriber


class Blocked(Exception):
    """The address is on the suppression list for a reason the person cannot lift."""


@transaction.atomic
def confirm(subscriber: Subscriber) -> list[MailingList]:
    """Follow the link: every pending list becomes subscribed, with its consent recorded."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    pending = list(
        subscriber.subscriptions.filter(status=Subscription.Status.PENDING).select_related(
            "mailing_list"
        )
    )
    if not pending:
        return []
    suppression = Suppression.objects.filter(email=subscriber.email).first()
    if suppression is not None:
        if suppression.reason not in LIFTED_BY_CONFIRMATION:
            raise Blocked
        suppression.delete()
    if subscriber.suspended_at:
        subscriber.suspended_at = None
        subscriber.bounce_score = 0
        subscriber.save(update_fields=["suspended_at", "bounce_score"])
    now = timezone.now()
    for subscription in pending:
        subscription.status = Subscription.Status.SUBSCRIBED
        subscription.subscribed_at = now
        subscription.unsubscribed_at = None
        subscription.save()
        _record(
            subscriber,
            subscription.mailing_list,
            ConsentRecord.Action.GIVEN,
            f"{subscription.requested_source}, confirmed by the emailed link",
            subscription.requested_wording,
            at=now,
        )
    return [subscription.mailing_list for subscription in pending]


def subscribed_lists(subscriber: Subscriber) -> set[int]:
    return set(
        subscriber.subscriptions.filter(status=Subscription.Status.SUBSCRIBED).values_list(
            "mailing_list_id", flat=True
        )
    )


@transaction.atomic
def set_preferences(
    subscriber: Subscriber, wanted: list[MailingList], offered: list[MailingList], source, user=None
) -> tuple[list[MailingList], list[MailingList]]:
    """The person (known by a signed link or their account) chose these lists of `offered`.

    Adding a list here needs no email confirmation: the link or the account proves the
    address. Returns (added, removed).
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    current = subscribed_lists(subscriber)
    wanted_ids = {mailing_list.pk for mailing_list in wanted}
    added, removed = [], []
    if wanted_ids - current and is_suppressed(subscriber.email):
        suppression = Suppression.objects.get(email=subscriber.email)
        if suppression.reason not in LIFTED_BY_CONFIRMATION:
            raise Blocked
        suppression.delete()
    now = timezone.now()
    for mailing_list in offered:
        if mailing_list.pk in wanted_ids and mailing_list.pk not in current:
            subscription, _ = Subscription.objects.get_or_create(
                subscriber=subscriber, mailing_list=mailing_list
            )
            subscription.status = Subscription.Status.SUBSCRIBED
            subscription.subscribed_at = now
            subscription.unsubscribed_at = None
            subscription.save()
            _record(
                subscriber,
                mailing_list,
                ConsentRecord.Action.GIVEN,
                source,
                wording_for(mailing_list),
                user,
                now,
            )
            added.append(mailing_list)
        elif mailing_list.pk not in wanted_ids and mailing_list.pk in current:
            _unsubscribe_one(subscriber, mailing_list, source, user, now, ticked=False)
            removed.append(mailing_list)
    return added, removed


def _unsubscribe_one(subscriber, mailing_list, source, user, now, ticked=False, wording=None):
    updated = Subscription.objects.filter(
        subscriber=subscriber,
        mailing_list=mailing_list,
        status__in=[Subscription.Status.SUBSCRIBED, Subscription.Status.PENDING],
    ).update(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now)
    if updated:
        _record(
            subscriber,
            mailing_list,
            ConsentRecord.Action.WITHDRAWN,
            source,
            wording or wording_for(mailing_list, ticked=ticked),
            user,
            now,
        )
    return updated


UNSUBSCRIBE_WORDING = "Unsubscribe {email} from {list}."


@transaction.atomic
def unsubscribe(subscriber: Subscriber, mailing_list: MailingList, source=SOURCE_ONE_CLICK) -> bool:
    """One list; True when something changed (a second click changes nothing)."""
    wording = UNSUBSCRIBE_WORDING.format(email=subscriber.email, list=mailing_list.name)
    return bool(
        _unsubscribe_one(subscriber, mailing_list, source, None, timezone.now(), wording=wording)
    )


@transaction.atomic
def unsubscribe_everything(subscriber: Subscriber, source: str, user=None) -> int:
    """Leave every list and go on the suppression list (a new sign-up, confirmed, lifts it)."""
    now = timezone.now()
    count = 0
    for subscription in subscriber.subscriptions.select_related("mailing_list"):
        count += _unsubscribe_one(subscriber, subscription.mailing_list, source, user, now)
    suppress(subscriber.email, Suppression.Reason.UNSUBSCRIBED, note=source)
    return count


def suppress(email: str, reason: str, note: str = "") -> Suppression:
    suppression, created = Suppression.objects.get_or_create(
        email=email.strip().lower(), defaults={"reason": reason, "note": note[:300]}
    )
    return suppression


def subscriber_for_user(user, create: bool = False) -> Subscriber | None:
    """The subscriber with a signed-in person's address (linked to their account)."""
    if not user.is_authenticated or not user.email:
        return None
    email = user.email.strip().lower()
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is None and create:
        subscriber = Subscriber.objects.create(email=email, user=user)
    if subscriber is not None and subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user"])
    return subscriber
