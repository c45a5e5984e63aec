import pytest
from django.core.management import call_command
from django.urls import reverse

from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem
from coalition.news.services.feeds import fetch_due_feeds


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_demo_has_the_news_the_seeds_describe(demo, client):
    published = NewsItem.objects.published()
    assert 12 <= NewsItem.objects.count() <= 20
    titles = " ".join(published.values_list("title", flat=True))
    for words in ["Adur Voluntary Action", "£3,300", "Planning Group", "Personalisation",
                  "Local Government White Paper"]:  # fmt: skip
        assert words in titles
    assert published.filter(organisation__isnull=False).count() >= 5
    assert published.filter(organisation__isnull=True).count() >= 5
    # Two sent from the site, and one a member's website sent through the API (api/demo.py).
    assert NewsItem.objects.filter(status="submitted").count() == 3
    rejected = NewsItem.objects.get(status="rejected")
    assert rejected.rejection_reason
    assert MemberFeedEntry.objects.public().count() >= 8
    assert MemberFeed.objects.exclude(error_kind="").count() == 1
    content = client.get(reverse("news:list")).content.decode()
    assert "From our members" in content and "Community Matters" in content


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = (NewsItem.objects.count(), MemberFeed.objects.count(), MemberFeedEntry.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (
        NewsItem.objects.count(),
        MemberFeed.objects.count(),
        MemberFeedEntry.objects.count(),
    )


def test_the_demo_feeds_failing_offline_are_recorded_not_raised(demo, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    settings.NEWS_FEED_DEADLINE_SECONDS = 5
    MemberFeed.objects.update(next_fetch_at=None)
    message = fetch_due_feeds()  # example.org subdomains do not resolve (or we are offline)
    assert "4 feeds fetched" in message
    assert MemberFeed.objects.filter(error_kind="").count() == 0
    assert MemberFeedEntry.objects.count() >= 8  # what was read before stays
