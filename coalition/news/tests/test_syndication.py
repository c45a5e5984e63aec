"""RSS 2.0 and Atom 1.0 feeds of published news: valid, complete, per theme and organisation."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from coalition.core.models import Theme
from coalition.news.tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(organisation):
    theme = Theme.objects.create(name="Local democracy", slug="local-democracy")
    member = NewsItemFactory(
        title="Neighbourhood budgets & you", organisation=organisation, body="A <b>guide</b>."
    )
    member.themes.add(theme)
    coalition = NewsItemFactory(title="The Planning Group meets")
    NewsItemFactory(title="Draft news", status="draft", published_at=None)
    return theme, member, coalition


def test_the_rss_feed_is_valid_rss_with_every_published_item(client, news):
    theme, member, coalition = news
    response = client.get(reverse("news:feed_rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # nosec B314 (our own feed, in a test)
    assert root.tag == "rss" and root.get("version") == "2.0"
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["The Planning Group meets", "Neighbourhood budgets & you"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "rss20"
    entry = parsed.entries[1]
    assert entry.link == f"http://testserver{member.get_absolute_url()}"
    assert entry.id == entry.link
    assert [tag.term for tag in entry.tags] == ["Local democracy"]
    assert entry.published_parsed
    assert "Draft news" not in response.content.decode()


def test_the_atom_feed_is_valid_atom(client, news):
    response = client.get(reverse("news:feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # nosec B314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    assert len(root.findall(f"{ATOM}entry")) == 2
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "atom10"
    assert parsed.entries[1].author == news[1].organisation.name
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href").endswith(reverse("news:feed_atom"))


def test_feeds_per_theme_and_per_organisation(client, news, organisation, other_organisation):
    theme, member, coalition = news
    for name, slug in [("theme_feed", theme.slug), ("organisation_feed", organisation.slug)]:
        for kind in ("rss", "atom"):
            response = client.get(reverse(f"news:{name}_{kind}", args=[slug]))
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, (name, kind)
            assert [e.title for e in parsed.entries] == ["Neighbourhood budgets & you"]
    empty = client.get(reverse("news:organisation_feed_rss", args=[other_organisation.slug]))
    assert feedparser.parse(empty.content).entries == []


def test_unknown_themes_and_organisations_are_404(client):
    assert client.get(reverse("news:theme_feed_rss", args=["nothing"])).status_code == 404
    assert client.get(reverse("news:organisation_feed_atom", args=["nobody"])).status_code == 404


def test_feeds_refuse_other_methods(client, news):
    assert client.post(reverse("news:feed_rss")).status_code == 405
