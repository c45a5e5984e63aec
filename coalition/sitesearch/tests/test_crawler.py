"""The crawler against real HTTP servers on loopback."""

import gzip

import pytest

from coalition.sitesearch.index import search
from coalition.sitesearch.models import CrawlRun, Document, Page
from coalition.sitesearch.query import parse
from coalition.sitesearch.samples import make_docx, make_pdf
from coalition.sitesearch.services import run_crawl
from coalition.sitesearch.tests.factories import SourceFactory
from coalition.sitesearch.testsite import Response, page

pytestmark = pytest.mark.django_db
ROBOTS = "text/plain"


def crawl(source) -> CrawlRun:
    run = CrawlRun.objects.create(source=source)
    return run_crawl(run.pk)


def statuses(source) -> dict:
    return {p.url.split("/", 3)[3]: p.status for p in source.pages.all()}


def test_crawls_pages_pdfs_and_docx_and_finds_them(serve):
    pdf = make_pdf("Rural transport in crisis", ["Village bus services have halved since 2005."])
    docx = make_docx("Volunteer handbook", ["Volunteers are welcomed with an induction."])
    site = serve(
        {
            "/robots.txt": Response(b"User-agent: *\nAllow: /\n", ROBOTS),
            "/": page(
                "Home",
                "<p>The Rural Action Network supports village halls across England.</p>",
                [
                    ("/about/", "About"),
                    ("/report.pdf", "Report"),
                    ("/handbook.docx", "Handbook"),
                    ("/logo.png", "Logo"),
                    ("https://elsewhere.example.com/", "Elsewhere"),
                ],
            ),
            "/about/": page("About us", "<p>We campaign for fair funding of rural charities.</p>"),
            "/report.pdf": Response(pdf, "application/pdf"),
            "/handbook.docx": Response(
                docx,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    run = crawl(source)
    assert run.status == "done"
    assert statuses(source) == {
        "": "indexed",
        "about/": "indexed",
        "report.pdf": "indexed",
        "handbook.docx": "indexed",
    }
    kinds = dict(Document.objects.values_list("title", "kind"))
    assert kinds["Rural transport in crisis"] == "pdf"
    assert kinds["Volunteer handbook"] == "docx"
    results = search(parse("village bus"))
    assert [hit.title for hit in results.hits] == ["Rural transport in crisis"]
    assert "<mark>" in results.hits[0].snippet
    assert "/logo.png" not in site.hits  # images are never fetched


def test_robots_rules_are_obeyed_and_sitemaps_read(serve):
    index = b"""<?xml version="1.0"?><sitemapindex><sitemap><loc>SITE/pages.xml.gz</loc></sitemap>
    </sitemapindex>"""
    pages = b"""<urlset><url><loc>SITE/from-sitemap/</loc></url>
    <url><loc>SITE/private/secret/</loc></url></urlset>"""
    routes = {
        "/": page("Home", "<p>Welcome to the advice network.</p>", [("/private/", "Staff")]),
        "/private/": page("Private", "<p>Staff only.</p>"),
        "/private/secret/": page("Secret", "<p>Staff only.</p>"),
        "/from-sitemap/": page("Listed only in the sitemap", "<p>Debt advice for tenants.</p>"),
    }
    site = serve(routes)
    base = site.base_url.encode()
    routes["/robots.txt"] = Response(
        b"User-agent: *\nDisallow: /private/\nSitemap: " + base + b"/sitemap-index.xml\n", ROBOTS
    )
    routes["/sitemap-index.xml"] = Response(index.replace(b"SITE", base), "application/xml")
    routes["/pages.xml.gz"] = Response(
        gzip.compress(pages.replace(b"SITE", base)), "application/gzip"
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    found = statuses(source)
    assert found["from-sitemap/"] == "indexed"
    assert found["private/"] == "skipped"
    assert found["private/secret/"] == "skipped"
    assert "/private/" not in site.hits and "/private/secret/" not in site.hits
    assert source.pages.get(url__endswith="/private/").error_kind == "robots"


def test_a_host_asking_for_a_long_crawl_delay_is_skipped_and_reported(serve, settings):
    settings.SITESEARCH_MAX_CRAWL_DELAY_SECONDS = 10
    site = serve(
        {
            "/robots.txt": Response(b"User-agent: *\nCrawl-delay: 60\n", ROBOTS),
            "/": page("Home", "<p>Hello</p>"),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    run = crawl(source)
    assert site.hits == ["/robots.txt"]
    assert "60 seconds" in run.skipped_hosts[site.netloc]
    assert source.pages.get().error_kind == "crawl_delay"


def test_a_modest_crawl_delay_is_respected(serve):
    site = serve(
        {
            "/robots.txt": Response(b"User-agent: *\nCrawl-delay: 0.01\n", ROBOTS),
            "/": page("Home", "<p>Hello there friends</p>"),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    assert statuses(source) == {"": "indexed"}


def test_second_crawl_uses_conditional_get_and_removes_gone_pages(serve):
    routes = {
        "/robots.txt": Response(b"", ROBOTS),
        "/": page("Home", "<p>Youth work in cities.</p>", [("/a/", "A"), ("/b/", "B")]),
        "/a/": page("Page A", "<p>Detached youth work reaches young people on the street.</p>"),
        "/b/": page("Page B", "<p>Funding for youth clubs is falling.</p>"),
    }
    site = serve(routes)
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    assert Document.objects.count() == 3
    del routes["/b/"]
    site.not_modified = 0
    second = crawl(source)
    assert site.not_modified == 2  # "/" and "/a/" were unchanged
    assert second.not_modified == 2
    assert statuses(source) == {"": "not_modified", "a/": "not_modified", "b/": "gone"}
    assert Document.objects.count() == 2
    assert not search(parse("clubs")).hits


def test_redirects_within_the_source_are_followed_and_outside_refused(serve):
    routes = {
        "/robots.txt": Response(b"", ROBOTS),
        "/": page("Home", "<p>Home page text.</p>", [("/old/", "Old"), ("/away/", "Away")]),
        "/new/": page("New page", "<p>The new place of the housing report.</p>"),
    }
    site = serve(routes)
    routes["/old/"] = Response(status=301, headers=[("Location", "/new/")], validators=False)
    routes["/away/"] = Response(
        status=302, headers=[("Location", "http://169.254.169.254/latest/")], validators=False
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    found = statuses(source)
    assert found["old/"] == "redirected"
    assert found["new/"] == "indexed"
    assert found["away/"] == "skipped"
    assert source.pages.get(url__endswith="/away/").error_kind == "redirect_refused"


def test_canonical_links_and_identical_pages_are_indexed_once(serve):
    text = "<p>Neighbourhood renewal needs long-term investment in people.</p>"
    site = serve(
        {
            "/robots.txt": Response(b"", ROBOTS),
            "/": page("Home", "<p>Home</p>", [("/story/?ref=home", "Story"), ("/copy/", "Copy")]),
            "/story/?ref=home": page("Renewal", text, head='<link rel="canonical" href="/story/">'),
            "/story/": page("Renewal", text, head='<link rel="canonical" href="/story/">'),
            "/copy/": page("Renewal", text),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    found = statuses(source)
    assert found["story/?ref=home"] == "duplicate"
    # The first of the two identical pages fetched is indexed, the other is not.
    assert sorted([found["story/"], found["copy/"]]) == ["duplicate", "indexed"]
    assert Document.objects.filter(title="Renewal").count() == 1


def test_failures_are_recorded_per_address_and_the_crawl_goes_on(serve):
    site = serve(
        {
            "/robots.txt": Response(b"\x89PNG\r\n\x00\x00binary", "image/png"),
            "/": page(
                "Home",
                "<p>Start</p>",
                [
                    ("/broken.pdf", "Broken"),
                    ("/data.json", "Data"),
                    ("/error/", "Err"),
                    ("/loop/", "Loop"),
                    ("/fine/", "Fine"),
                ],
            ),
            "/broken.pdf": Response(b"%PDF-1.4 this is not really a pdf", "application/pdf"),
            "/data.json": Response(b"{}", "application/json"),
            "/error/": Response(b"oops", status=500, validators=False),
            "/fine/": page("Fine", "<p>Learning and skills for adults.</p>"),
            "/loop/": Response(status=302, headers=[("Location", "/loop/")], validators=False),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    run = crawl(source)
    pages = {p.url.split("/", 3)[3]: p for p in source.pages.all()}
    assert pages["broken.pdf"].status == "error" and "PDF" in pages["broken.pdf"].reason
    assert (
        pages["data.json"].status == "skipped" and "application/json" in pages["data.json"].reason
    )
    assert pages["error/"].error_kind == "http_500"
    assert pages["loop/"].error_kind == "too_many_redirects"
    assert pages["fine/"].status == "indexed"
    assert "not text" in run.skipped_hosts[site.netloc]


def test_unreachable_host_is_recorded(settings):
    source = SourceFactory(start_urls="http://127.0.0.1:9/")  # nothing listens on port 9
    run = crawl(source)
    assert run.status == "done"
    page_row = source.pages.get()
    assert page_row.status == "skipped"
    assert page_row.error_kind == "connection"


def test_forbidden_addresses_are_never_fetched(settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    source = SourceFactory(start_urls="http://127.0.0.1:8299/")
    crawl(source)
    assert source.pages.get().error_kind == "blocked_address"


def test_a_killed_crawl_resumes_without_fetching_again(serve):
    routes = {
        "/robots.txt": Response(b"", ROBOTS),
        "/": page("Home", "<p>Home of the faith forum.</p>", [("/a/", "A"), ("/b/", "B")]),
        "/a/": page("A", "<p>Interfaith dialogue in the city.</p>"),
        "/b/": page("B", "<p>Faith groups running food banks.</p>"),
    }
    site = serve(routes)
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    # Pretend the worker died after "/" and "/a/": "/b/" is still waiting.
    source.pages.filter(url__endswith="/b/").update(status=Page.Status.QUEUED)
    run = CrawlRun.objects.create(source=source, status="running", started=source.created)
    site.hits.clear()
    run_crawl(run.pk)
    assert site.hits == ["/robots.txt", "/sitemap.xml", "/b/"]
    assert statuses(source)["b/"] == "not_modified"  # asked with its ETag: still indexed
    assert search(parse("food banks")).hits


def test_max_pages_and_exclusions(serve):
    links = [(f"/p{i}/", f"P{i}") for i in range(10)] + [("/search?q=x", "Search")]
    routes = {"/robots.txt": Response(b"", ROBOTS), "/": page("Home", "<p>Hi</p>", links)}
    for i in range(10):
        routes[f"/p{i}/"] = page(f"Page {i}", f"<p>Unique page number {i} text.</p>")
    site = serve(routes)
    source = SourceFactory(
        start_urls=site.base_url + "/", max_pages=5, excluded_patterns="/search?"
    )
    crawl(source)
    assert source.pages.count() == 5
    assert not any("search" in hit for hit in site.hits)


def test_a_source_below_a_path_still_reads_robots_and_sitemaps(serve):
    routes = {
        "/robots.txt": Response(b"User-agent: *\nDisallow: /canfa/private/\n", ROBOTS),
        "/canfa": page("CANFA", "<p>Carers and families network.</p>", [("/canfa/a/", "A")]),
        "/canfa/a/": page("A", "<p>Support for young carers.</p>", [("/other/", "Other")]),
        "/other/": page("Other", "<p>Another organisation's page.</p>"),
    }
    site = serve(routes)
    routes["/sitemap.xml"] = Response(
        f"<urlset><url><loc>{site.base_url}/canfa/b/</loc></url>"
        f"<url><loc>{site.base_url}/other/x/</loc></url></urlset>".encode(),
        "application/xml",
    )
    routes["/canfa/b/"] = page("B", "<p>Respite breaks for carers.</p>")
    source = SourceFactory(start_urls=site.base_url + "/canfa", path_prefixes="/canfa")
    crawl(source)
    assert statuses(source) == {"canfa": "indexed", "canfa/a/": "indexed", "canfa/b/": "indexed"}


def test_pages_the_source_no_longer_covers_are_dropped(serve):
    site = serve(
        {
            "/": page("Home", "<p>Home</p>", [("/news/", "News"), ("/shop/", "Shop")]),
            "/news/": page("News", "<p>Our annual general meeting.</p>"),
            "/shop/": page("Shop", "<p>Mugs and tea towels for sale.</p>"),
        }
    )
    source = SourceFactory(start_urls=site.base_url + "/")
    crawl(source)
    assert search(parse("mugs")).hits
    source.excluded_patterns = "/shop/"
    source.save()
    crawl(source)
    assert "shop/" not in statuses(source)
    assert not search(parse("mugs")).hits
