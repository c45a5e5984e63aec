import factory
from django.utils import timezone

from coalition.mailings.models import (
    Bulletin,
    BulletinItem,
    MailingList,
    Subscriber,
    Subscription,
)


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"List {n}")
    slug = factory.Sequence(lambda n: f"list-{n}")
    consent_wording = factory.LazyAttribute(lambda o: f"Email me {o.name}.")


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    mailing_list = factory.SubFactory(MailingListFactory)
    status = Subscription.Status.SUBSCRIBED
    subscribed_at = factory.LazyFunction(timezone.now)


class BulletinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bulletin

    mailing_list = factory.SubFactory(MailingListFactory)
    subject = factory.Sequence(lambda n: f"Bulletin {n}")
    intro = "News from the coalition."


class BulletinItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulletinItem

    bulletin = factory.SubFactory(BulletinFactory)
    kind = BulletinItem.Kind.OTHER
    title = factory.Sequence(lambda n: f"Item {n}")
    summary = "Something worth reading."
    url = "https://example.org/item"
    order = factory.Sequence(lambda n: n)


def subscribed(mailing_list, count: int = 1, **kwargs) -> list[Subscriber]:
    return [
        SubscriptionFactory(mailing_list=mailing_list, **kwargs).subscriber for _ in range(count)
    ]
