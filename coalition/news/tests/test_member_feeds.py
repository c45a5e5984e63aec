"""Members' feeds fetched from a real HTTP server on loopback (allowed only in these tests)."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from coalition.core.scheduler import run_due_jobs
from coalition.news.models import MemberFeed, MemberFeedEntry
from coalition.news.services.feeds import fetch_due_feeds, fetch_feeds
from coalition.news.tests.factories import MemberFeedFactory

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Community Matters news</title><link>https://communitymatters.example.org/</link>
<description>News</description>
<item><title>Spring fair &amp; AGM</title><link>https://communitymatters.example.org/news/fair/</link>
<guid isPermaLink="false">cm-1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Join us at the &lt;b&gt;fair&lt;/b&gt;&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>No guid here</title><link>https://communitymatters.example.org/news/no-guid/</link>
<pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate><description>Plain</description></item>
<item><title>Same again</title><link>https://communitymatters.example.org/news/fair/</link>
<guid isPermaLink="false">cm-1</guid></item>
<item><title>Bad link</title><link>javascript:alert(1)</link>
<guid isPermaLink="false">cm-x</guid></item>
</channel></rss>"""

RSS_CHANGED = RSS.replace(b"Spring fair &amp; AGM", b"Spring fair and AGM").replace(
    b"</channel>",
    b"<item><title>New post</title><link>https://communitymatters.example.org/news/new/</link>"
    b"<guid>cm-2</guid></item></channel>",
)

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Urban Forum</title>
<link href="https://urbanforum.example.org/"/><id>urn:uf</id><updated>2026-03-01T10:00:00Z</updated>
<entry><title>Regeneration</title><link href="/news/regeneration/"/><id>urn:uf:1</id>
<updated>2026-03-01T10:00:00Z</updated>
<summary type="html">&lt;em&gt;After&lt;/em&gt; the recession</summary></entry>
</feed>"""


class FeedHandler(BaseHTTPRequestHandler):
    requests: list[dict] = []
    body = RSS

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="application/rss+xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        FeedHandler.requests.append({"path": self.path, **dict(self.headers)})
        if self.path == "/rss":
            etag = '"v1"' if FeedHandler.body is RSS else '"v2"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers=[("ETag", etag)])
            return self.send(
                200,
                FeedHandler.body,
                headers=[("ETag", etag), ("Last-Modified", "Mon, 02 Mar 2026 10:00:00 GMT")],
            )
        if self.path == "/atom":
            return self.send(200, ATOM, "application/atom+xml")
        if self.path == "/page":
            return self.send(200, b"<html><body><h1>Our news</h1></body></html>", "text/html")
        if self.path == "/broken":
            return self.send(500, b"oops", "text/plain")
        return self.send(404, b"not here", "text/plain")


@pytest.fixture
def server(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    FeedHandler.requests = []
    FeedHandler.body = RSS
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_an_rss_feed_is_read_and_its_entries_stored_as_text(server, organisation):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/rss")
    [outcome] = fetch_feeds([feed])
    assert outcome.ok and outcome.new == 2
    feed.refresh_from_db()
    assert feed.title == "Community Matters news" and feed.etag == '"v1"'
    assert feed.last_modified == "Mon, 02 Mar 2026 10:00:00 GMT"
    assert feed.last_success_at and feed.next_fetch_at > timezone.now()
    assert not feed.error_kind and feed.failure_count == 0
    fair = MemberFeedEntry.objects.get(guid="cm-1")
    assert fair.title == "Spring fair & AGM"
    assert fair.summary == "Join us at the fair"  # HTML to text, the script dropped
    assert fair.link == "https://communitymatters.example.org/news/fair/"
    assert fair.published_at.date().isoformat() == "2026-03-02"
    no_guid = MemberFeedEntry.objects.get(guid="")
    assert no_guid.link.endswith("/no-guid/")
    assert not MemberFeedEntry.objects.filter(title="Bad link").exists()


def test_a_second_fetch_is_conditional_and_304_changes_nothing(server, organisation):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/rss")
    fetch_feeds([feed])
    feed.refresh_from_db()
    [outcome] = fetch_feeds([feed])
    assert outcome.ok and outcome.not_modified
    assert FeedHandler.requests[-1]["If-None-Match"] == '"v1"'
    assert FeedHandler.requests[-1]["If-Modified-Since"] == "Mon, 02 Mar 2026 10:00:00 GMT"
    assert MemberFeedEntry.objects.count() == 2


def test_entries_are_deduplicated_by_guid_then_link_and_updated_in_place(server, organisation):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/rss")
    fetch_feeds([feed])
    first_ids = set(MemberFeedEntry.objects.values_list("pk", flat=True))
    FeedHandler.body = RSS_CHANGED
    feed.refresh_from_db()
    [outcome] = fetch_feeds([feed])
    assert outcome.new == 1 and outcome.updated == 1
    assert MemberFeedEntry.objects.count() == 3
    assert first_ids <= set(MemberFeedEntry.objects.values_list("pk", flat=True))
    assert MemberFeedEntry.objects.get(guid="cm-1").title == "Spring fair and AGM"
    # An entry that gains a GUID later is still the same entry (matched by its link).
    FeedHandler.body = RSS_CHANGED.replace(
        b"<link>https://communitymatters.example.org/news/no-guid/</link>",
        b"<link>https://communitymatters.example.org/news/no-guid/</link><guid>cm-0</guid>",
    )
    feed.refresh_from_db()
    fetch_feeds([feed])
    assert MemberFeedEntry.objects.filter(link__endswith="/no-guid/").count() == 1


def test_an_atom_feed_with_relative_links_is_read(server, organisation):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/atom")
    [outcome] = fetch_feeds([feed])
    assert outcome.ok
    entry = MemberFeedEntry.objects.get()
    assert entry.link == "https://urbanforum.example.org/news/regeneration/" or entry.link.endswith(
        "/news/regeneration/"
    )
    assert entry.summary == "After the recession"


@pytest.mark.parametrize(
    ("path", "kind", "words"),
    [
        ("/page", MemberFeed.ErrorKind.NOT_A_FEED, "not an RSS or Atom feed"),
        ("/broken", MemberFeed.ErrorKind.HTTP_ERROR, "HTTP 500"),
        ("/missing", MemberFeed.ErrorKind.HTTP_ERROR, "HTTP 404"),
    ],
)
def test_problems_are_recorded_on_the_feed_not_raised(server, organisation, path, kind, words):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}{path}")
    [outcome] = fetch_feeds([feed])
    assert not outcome.ok
    feed.refresh_from_db()
    assert feed.error_kind == kind and words in feed.error_message
    assert feed.failure_count == 1 and feed.error_at and not MemberFeedEntry.objects.exists()


def test_a_private_address_is_refused_and_recorded(settings, organisation):
    settings.FETCH_ALLOWED_NETWORKS = []
    feed = MemberFeedFactory(organisation=organisation, url="http://127.0.0.1:9/feed")
    fetch_feeds([feed])
    feed.refresh_from_db()
    assert feed.error_kind == MemberFeed.ErrorKind.BLOCKED_ADDRESS
    assert "not on the public internet" in feed.error_message


def test_a_failing_feed_is_backed_off_and_recovers(server, organisation, settings):
    settings.NEWS_FEED_INTERVAL_MINUTES = 60
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/broken")
    waits = []
    for _ in range(4):
        before = timezone.now()
        fetch_feeds([feed])
        feed.refresh_from_db()
        waits.append(round((feed.next_fetch_at - before) / timedelta(hours=1)))
    assert waits == [1, 2, 4, 8] and feed.failure_count == 4 and feed.is_backed_off
    feed.url = f"{server}/rss"
    feed.save()
    fetch_feeds([feed])
    feed.refresh_from_db()
    assert feed.failure_count == 0 and not feed.error_kind


def test_the_periodic_job_fetches_only_due_active_feeds(server, organisation, other_organisation):
    due = MemberFeedFactory(organisation=organisation, url=f"{server}/rss")
    MemberFeedFactory(organisation=other_organisation, url=f"{server}/atom", is_active=False)
    assert fetch_due_feeds() == "1 feeds fetched, 2 new entries, 0 failed"
    due.refresh_from_db()
    assert fetch_due_feeds() == "0 feeds fetched, 0 new entries, 0 failed"  # not due again yet
    results = run_due_jobs(only="news.fetch_member_feeds")
    assert results == {"news.fetch_member_feeds": "ok"}


def test_a_fetch_that_finds_nothing_new_keeps_the_page_cache(server, organisation, commit, client):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/rss")
    with commit():
        fetch_feeds([feed])
    from coalition.core.cache import GENERATION_KEY

    client.get(reverse("news:list"))
    generation = cache.get(GENERATION_KEY)
    feed.refresh_from_db()
    with commit():
        fetch_feeds([feed])  # 304
    assert cache.get(GENERATION_KEY) == generation


def test_staff_fetch_now_and_see_the_errors(server, organisation, staff, signed_in):
    feed = MemberFeedFactory(organisation=organisation, url=f"{server}/page")
    client = signed_in(staff)
    response = client.post(reverse("news:staff_feed_fetch", args=[feed.pk]), follow=True)
    content = response.content.decode()
    assert "could not be read" in content and "Not a feed" in content
    assert "Not a feed" in client.get(reverse("news:staff_feeds")).content.decode()
    assert "Not a feed" in client.get(reverse("core:staff_dashboard")).content.decode()
    feed.url = f"{server}/rss"
    feed.save()
    response = client.post(reverse("news:staff_feed_fetch", args=[feed.pk]), follow=True)
    assert "2 new entries" in response.content.decode()


def test_a_representative_registers_a_feed_and_sees_whether_it_works(
    server, organisation, representative, signed_in, commit
):
    client = signed_in(representative)
    url = reverse("news:my_feed", args=[organisation.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"url": "ftp://example.org/feed", "is_active": "on"})
    assert response.status_code == 400 and not MemberFeed.objects.exists()
    response = client.post(url, {"url": "not a url", "is_active": "on"})
    assert response.status_code == 400
    with commit():  # the new feed is fetched at once (an immediate task in tests)
        response = client.post(url, {"url": f"{server}/page", "is_active": "on"})
    assert response.status_code == 302
    feed = MemberFeed.objects.get()
    assert feed.organisation == organisation and feed.added_by == representative
    page = client.get(url).content.decode()
    assert "Not a feed" in page and "not an RSS or Atom feed" in page
    assert "Not a feed" in client.get(reverse("news:my_news")).content.decode()
    with commit():
        client.post(url, {"url": f"{server}/rss", "is_active": "on"})
    feed.refresh_from_db()
    assert not feed.error_kind and feed.entries.count() == 2
    assert "Spring fair" in client.get(url).content.decode()
    response = client.post(reverse("news:my_feed_remove", args=[organisation.slug]))
    assert response.status_code == 302 and not MemberFeed.objects.exists()
    assert not MemberFeedEntry.objects.exists()


def test_representatives_cannot_touch_another_organisations_feed(
    representative, other_organisation, signed_in
):
    feed = MemberFeedFactory(organisation=other_organisation)
    client = signed_in(representative)
    url = reverse("news:my_feed", args=[other_organisation.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"url": "https://evil.example.org/feed"}).status_code == 404
    remove = reverse("news:my_feed_remove", args=[other_organisation.slug])
    assert client.post(remove).status_code == 404
    feed.refresh_from_db()
    assert feed.url != "https://evil.example.org/feed"


def test_staff_add_a_feed_for_a_member_once(staff, organisation, signed_in, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    client = signed_in(staff)
    data = {"organisation": organisation.pk, "url": "http://127.0.0.1:9/feed", "is_active": "on"}
    assert client.post(reverse("news:staff_feeds"), data).status_code == 302
    response = client.post(reverse("news:staff_feeds"), data)
    assert response.status_code == 400 and MemberFeed.objects.count() == 1
