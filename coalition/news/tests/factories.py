from datetime import timedelta

import factory
from django.utils import timezone

from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A published item from the coalition, an hour old."""

    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Community news {n}")
    slug = factory.Sequence(lambda n: f"community-news-{n}")
    summary = "Something happened that matters to community groups."
    body = "We have **news**."
    status = NewsItem.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class MemberFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberFeed

    organisation = factory.SubFactory("coalition.members.tests.factories.OrganisationFactory")
    url = factory.Sequence(lambda n: f"https://member{n}.example.org/feed/")


class MemberFeedEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberFeedEntry

    feed = factory.SubFactory(MemberFeedFactory)
    guid = factory.Sequence(lambda n: f"tag:member.example.org,2026:{n}")
    link = factory.Sequence(lambda n: f"https://member.example.org/news/{n}/")
    title = factory.Sequence(lambda n: f"Member post {n}")
    summary = "What we have been doing."
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
