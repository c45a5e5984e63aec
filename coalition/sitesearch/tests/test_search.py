"""Searching: the parser, both pages, hostile input, facets, filters, platform content."""

import pytest
from django.db import connection  # noqa: F401 (skipif)
from django.urls import reverse

from coalition.members.tests.factories import OrganisationFactory
from coalition.sitesearch import index
from coalition.sitesearch.index import search
from coalition.sitesearch.models import Document
from coalition.sitesearch.query import parse

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"unbalanced quote',
    'funding"',
    "OR",
    "OR OR AND NOT",
    "-",
    "--rural",
    "-rural",
    "rural OR",
    "NEAR(rural funding, 3)",
    "title:rural",
    "rural*",
    "^rural",
    "a" * 2000,
    "rural " * 400,
    "!!! ??? ... ,,, ;;;",
    "'; DROP TABLE sitesearch_document; --",
    "\x00\x01\x02 rural \x03",
    "<script>alert(1)</script>",
    "(((",
    '"" "" ""',
    "rural -funding -village",
    "ру́сский 中文 عربي",
]


@pytest.fixture
def documents(db):
    org = OrganisationFactory(name="Rural Action Network")
    docs = [
        (
            "Village halls and rural funding",
            "Rural funding for village halls is falling across England.",
            "page",
        ),
        (
            "Annual report 2009",
            "The network supported 120 village halls. Rural transport is a concern.",
            "pdf",
        ),
        ("Youth work in cities", "Detached youth work reaches young people in cities.", "page"),
        (
            "<b>Bold</b> claims",
            "Funding <script>alert('x')</script> for rural youth clubs.",
            "page",
        ),
    ]
    for number, (title, body, kind) in enumerate(docs):
        index.upsert(
            key=f"test:{number}",
            kind=kind,
            title=title,
            body=body,
            url=f"https://rural.example.org/{number}/",
            organisation=org if number < 2 else None,
            themes="|rural-communities|" if number < 2 else "|youth|",
        )
    return org


def test_words_phrases_or_and_exclusions(documents):
    def titles(q):
        return {hit.title for hit in search(parse(q)).hits}

    assert titles("rural funding") == {"Village halls and rural funding", "<b>Bold</b> claims"}
    assert titles('"village halls"') == {"Village halls and rural funding", "Annual report 2009"}
    assert titles("transport OR cities") == {"Annual report 2009", "Youth work in cities"}
    assert titles("rural -youth") == {"Village halls and rural funding", "Annual report 2009"}
    assert titles("halls") == titles("hall")  # stemming


def test_the_title_weighs_more_than_the_body(documents):
    index.upsert(key="t:a", kind="page", title="Other", body="Transport " * 3, url="/a/")
    index.upsert(key="t:b", kind="page", title="Transport", body="Other words here", url="/b/")
    hits = search(parse("transport")).hits
    assert hits[0].title == "Transport"


def test_the_loose_query_drops_word_order_and_excluded_phrases():
    query = parse('"village halls" OR transport -"youth work" -cities')
    assert query.has_phrase and not parse("village halls").has_phrase
    loose = query.loose()
    assert [[t.words for t in group] for group in loose.groups] == [
        [["village", "halls"], ["transport"]]
    ]
    assert [t.words for t in loose.excluded] == [["cities"]]


def test_a_search_out_of_time_says_it_shows_the_first_results(client, documents, monkeypatch):
    engine = index.backend()
    candidates = engine.candidates

    def slow(*args):
        engine.partial = True
        return candidates(*args)

    monkeypatch.setattr(engine, "candidates", slow)
    monkeypatch.setattr(index, "backend", lambda: engine)
    page = client.get(reverse("sitesearch:search"), {"q": "rural"})
    assert b"Showing the first results found" in page.content
    assert b"or more results" in page.content
    data = client.get(reverse("sitesearch:search_json"), {"q": "rural"}).json()
    assert data["partial"] is True and data["total_is_capped"] is True


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_phrases_among_the_first_documents_holding_the_words(documents):
    engine = index.PostgresBackend()
    for text in ('"village halls"', '"village halls" OR cities -"youth work"', "rural -youth"):
        query = parse(text)
        whole = {row[0] for row in engine._candidates(query, {}, 1000, 2000)}
        scoped = {row[0] for row in engine._candidates(query, {}, 1000, 2000, scope=True)}
        assert whole == scoped and whole


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_never_fail(client, documents, text):
    for name in ("sitesearch:search", "sitesearch:search_json"):
        response = client.get(reverse(name), {"q": text, "page": "x", "organisation": "x'"})
        assert response.status_code == 200


def test_snippets_escape_everything_but_the_highlight(client, documents):
    response = client.get(reverse("sitesearch:search"), {"q": "clubs"})
    html = response.content.decode()
    assert "<mark>clubs</mark>" in html
    assert "<script>alert" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; claims" in html


def test_facets_filters_and_json(client, documents):
    data = client.get(reverse("sitesearch:search_json"), {"q": "rural"}).json()
    assert data["total"] == 3
    kinds = {f["value"]: f["count"] for f in data["facets"]["kind"]}
    assert kinds == {"page": 2, "pdf": 1}
    orgs = {f["label"]: f["count"] for f in data["facets"]["organisation"]}
    assert orgs == {"Rural Action Network": 2}
    filtered = client.get(reverse("sitesearch:search_json"), {"q": "rural", "kind": "pdf"}).json()
    assert [r["title"] for r in filtered["results"]] == ["Annual report 2009"]
    by_org = client.get(
        reverse("sitesearch:search_json"),
        {"q": "rural", "organisation": str(documents.pk)},
    ).json()
    assert by_org["total"] == 2
    page = client.get(reverse("sitesearch:search"), {"q": "rural", "kind": "pdf"})
    assert b"Filtered by" in page.content


def test_pagination(client, documents, settings):
    settings.SITESEARCH_PAGE_SIZE = 1
    first = client.get(reverse("sitesearch:search_json"), {"q": "rural"}).json()
    second = client.get(reverse("sitesearch:search_json"), {"q": "rural", "page": "2"}).json()
    assert first["pages"] == 3
    assert first["results"][0]["title"] != second["results"][0]["title"]
    page = client.get(reverse("sitesearch:search"), {"q": "rural", "page": "99"})
    assert page.status_code == 200 and b"page 3 of 3" in page.content


def test_friendly_messages(client, documents):
    assert b"There were no words to search for" in client.get("/search/?q=%21%21%21").content
    assert b"Nothing matched" in client.get("/search/?q=zebra").content
    assert client.get("/search/").status_code == 200


def test_opensearch_is_linked_from_every_page(client):
    home = client.get("/").content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml"' in home
    assert 'role="search"' in home
    response = client.get(reverse("sitesearch:opensearch"))
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert b"/search/?q={searchTerms}" in response.content


def test_platform_content_follows_saves(commit):
    with commit():
        org = OrganisationFactory(name="Tenants Together", description="Housing advice.")
    assert Document.objects.filter(key=f"organisation:{org.pk}").exists()
    assert [h.title for h in search(parse("tenants")).hits] == ["Tenants Together"]
    with commit():
        org.status = org.Status.FORMER
        org.save()
    assert not search(parse("tenants")).hits


def test_campaigns_and_events_are_indexed(commit):
    from coalition.campaigns.models import Campaign
    from coalition.events.tests.factories import EventFactory
    from coalition.sitesearch.registry import reindex

    with commit():
        Campaign.objects.create(
            title="Fair funding now",
            slug="fair-funding-now",
            policy_area="Funding",
            goal="Three-year grants",
            summary="Councils should give three-year grants.",
            status="active",
        )
        EventFactory(title="Grant writing workshop", status="published")
    reindex()
    kinds = {h.kind for h in search(parse("grants OR grant")).hits}
    assert {"campaign", "event"} <= kinds
