from coalition.mailings.models.bulletins import Bulletin, BulletinItem, Delivery
from coalition.mailings.models.subscribers import (
    Bounce,
    ConsentRecord,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)

__all__ = [
    "Bounce",
    "Bulletin",
    "BulletinItem",
    "ConsentRecord",
    "Delivery",
    "MailingList",
    "Subscriber",
    "Subscription",
    "Suppression",
]
