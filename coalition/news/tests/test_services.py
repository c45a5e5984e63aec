"""The model's public interface, moderation services and feed parsing helpers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.news.models import MemberFeedEntry, NewsItem
from coalition.news.services.feeds import backoff, html_to_text
from coalition.news.services.moderation import (
    AlreadyDecided,
    approve_item,
    reject_item,
    submit_item,
    unique_slug,
)
from coalition.news.tests.factories import MemberFeedEntryFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def test_published_lists_only_published_items_whose_time_has_come_newest_first():
    now = timezone.now()
    old = NewsItemFactory(published_at=now - timedelta(days=3))
    new = NewsItemFactory(published_at=now - timedelta(hours=1))
    NewsItemFactory(published_at=now + timedelta(days=1))  # scheduled
    NewsItemFactory(status=NewsItem.Status.SUBMITTED, published_at=None)
    NewsItemFactory(status=NewsItem.Status.REJECTED, published_at=None)
    assert list(NewsItem.objects.published()) == [new, old]
    assert new.get_absolute_url() == f"/news/{new.slug}/"


def test_the_interface_for_bulletins(organisation):
    item = NewsItemFactory(organisation=organisation)
    coalition_item = NewsItemFactory(organisation=None)
    row = NewsItem.objects.published().get(pk=item.pk)
    assert (row.title, row.slug, row.summary) == (item.title, item.slug, item.summary)
    assert row.organisation == organisation and row.published_at
    assert NewsItem.objects.published().get(pk=coalition_item.pk).organisation is None
    entry = MemberFeedEntryFactory(feed__organisation=organisation)
    public = MemberFeedEntry.objects.public().get()
    assert public == entry and public.feed.organisation == organisation
    assert public.title and public.link.startswith("https://") and public.published_at


def test_entries_of_paused_feeds_are_not_public():
    MemberFeedEntryFactory(feed__is_active=False)
    assert not MemberFeedEntry.objects.public().exists()


def test_slugs_are_unique_and_never_a_reserved_word():
    NewsItemFactory(slug="annual-report")
    assert unique_slug("Annual report") == "annual-report-2"
    assert unique_slug("Submit") == "submit-news"
    item = NewsItemFactory.build(slug="feed")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "slug" in error.value.message_dict


def test_markdown_body_is_sanitised():
    item = NewsItemFactory(body="**Hi** <script>alert(1)</script> [x](javascript:alert(1))")
    html = str(item.body_html)
    assert "<strong>Hi</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_submit_approve_and_reject_email_the_right_people(
    organisation, representative, staff, commit
):
    item = NewsItemFactory(organisation=organisation, status="draft", published_at=None)
    with commit():
        submit_item(item, representative)
    assert item.status == NewsItem.Status.SUBMITTED and item.submitted_by == representative
    with commit():
        approve_item(item.pk, staff)
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED and item.published_at
    assert item in NewsItem.objects.published()
    assert mail.outbox[-1].to == [representative.email]
    assert "published" in mail.outbox[-1].subject
    with pytest.raises(AlreadyDecided):
        approve_item(item.pk, staff)
    other = NewsItemFactory(
        organisation=organisation,
        status="submitted",
        published_at=None,
        submitted_by=representative,
    )
    with commit():
        reject_item(other.pk, staff, "Please add the date of the meeting.")
    other.refresh_from_db()
    assert other.status == NewsItem.Status.REJECTED
    assert "Please add the date of the meeting." in mail.outbox[-1].body
    with pytest.raises(AlreadyDecided):
        reject_item(other.pk, staff, "Again")


def test_approving_keeps_a_later_publication_time(staff):
    later = timezone.now() + timedelta(days=2)
    item = NewsItemFactory(status="submitted", published_at=later)
    approve_item(item.pk, staff)
    item.refresh_from_db()
    assert item.published_at == later and item not in NewsItem.objects.published()


def test_html_summaries_become_plain_text():
    text = html_to_text(
        "<p>Hello <b>world</b> &amp; friends</p><script>alert(1)</script><img src=x onerror=y>"
    )
    assert text == "Hello world & friends"
    long = html_to_text("word " * 500, limit=50)
    assert len(long) <= 50 and long.endswith("…")


def test_a_failing_feed_is_tried_less_and_less_often(settings):
    settings.NEWS_FEED_INTERVAL_MINUTES = 60
    settings.NEWS_FEED_MAX_BACKOFF_HOURS = 24
    assert backoff(0) == timedelta(hours=1)
    assert backoff(1) == timedelta(hours=1)
    assert backoff(2) == timedelta(hours=2)
    assert backoff(4) == timedelta(hours=8)
    assert backoff(10) == timedelta(hours=24)
