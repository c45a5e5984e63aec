"""Who may open each mailings page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import SIGNED_IN, STAFF

PUBLIC = {
    "mailings:subscribe",
    "mailings:subscribe_sent",
    "mailings:confirm",
    "mailings:preferences_request",
    "mailings:preferences",
    "mailings:unsubscribe",
    "mailings:bounce_webhook",
    "mailings:archive",
    "mailings:archive_bulletin",
}
PROTECTED = {
    "mailings:account_subscriptions": SIGNED_IN,
    "mailings:staff_home": STAFF,
    "mailings:staff_list_new": STAFF,
    "mailings:staff_list": STAFF,
    "mailings:staff_list_export": STAFF,
    "mailings:staff_import": STAFF,
    "mailings:staff_suppressions": STAFF,
    "mailings:staff_suppression_remove": STAFF,
    "mailings:staff_subscriber": STAFF,
    "mailings:staff_bulletin_new": STAFF,
    "mailings:staff_bulletin": STAFF,
    "mailings:staff_bulletin_fill": STAFF,
    "mailings:staff_item_add": STAFF,
    "mailings:staff_item": STAFF,
    "mailings:staff_item_move": STAFF,
    "mailings:staff_item_remove": STAFF,
    "mailings:staff_bulletin_preview": STAFF,
    "mailings:staff_bulletin_test": STAFF,
    "mailings:staff_bulletin_schedule": STAFF,
    "mailings:staff_bulletin_unschedule": STAFF,
    "mailings:staff_bulletin_send": STAFF,
    "mailings:staff_bulletin_progress": STAFF,
}
POST_ONLY = {
    "mailings:bounce_webhook",
    "mailings:staff_suppression_remove",
    "mailings:staff_bulletin_fill",
    "mailings:staff_item_add",
    "mailings:staff_item_move",
    "mailings:staff_item_remove",
    "mailings:staff_bulletin_test",
    "mailings:staff_bulletin_schedule",
    "mailings:staff_bulletin_unschedule",
    "mailings:staff_bulletin_send",
}
PUBLIC_STATUS = {"mailings:bounce_webhook": 405}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from django.utils import timezone

    from coalition.mailings.models import Suppression
    from coalition.mailings.services.tokens import (
        confirm_token,
        preferences_token,
        unsubscribe_token,
    )
    from coalition.mailings.tests.factories import (
        BulletinFactory,
        BulletinItemFactory,
        MailingListFactory,
        SubscriptionFactory,
    )

    mailing_list = MailingListFactory(slug="access-bulletin", name="Access bulletin")
    subscription = SubscriptionFactory(mailing_list=mailing_list)
    subscriber = subscription.subscriber
    draft = BulletinFactory(mailing_list=mailing_list)
    item = BulletinItemFactory(bulletin=draft)
    sent = BulletinFactory(mailing_list=mailing_list, status="sent", sent_at=timezone.now())
    suppression = Suppression.objects.create(email="gone@example.org", reason="staff")
    own = {"pk": draft.pk}
    return {
        "mailings:confirm": {"token": confirm_token(subscriber)},
        "mailings:preferences": {"token": preferences_token(subscriber)},
        "mailings:unsubscribe": {
            "token": unsubscribe_token(subscriber.pk, subscriber.key, mailing_list.pk)
        },
        "mailings:archive_bulletin": {"pk": sent.pk},
        "mailings:staff_list": {"pk": mailing_list.pk},
        "mailings:staff_list_export": {"pk": mailing_list.pk},
        "mailings:staff_suppression_remove": {"pk": suppression.pk},
        "mailings:staff_subscriber": {"pk": subscriber.pk},
        "mailings:staff_bulletin": own,
        "mailings:staff_bulletin_fill": own,
        "mailings:staff_item_add": own,
        "mailings:staff_item": {"pk": draft.pk, "item": item.pk},
        "mailings:staff_item_move": {"pk": draft.pk, "item": item.pk},
        "mailings:staff_item_remove": {"pk": draft.pk, "item": item.pk},
        "mailings:staff_bulletin_preview": own,
        "mailings:staff_bulletin_test": own,
        "mailings:staff_bulletin_schedule": own,
        "mailings:staff_bulletin_unschedule": own,
        "mailings:staff_bulletin_send": own,
        "mailings:staff_bulletin_progress": own,
    }
