"""Site search in a real browser: a coordinator adds a source pointing at a sample website
on loopback, starts a crawl, watches it finish, and finds its pages and its PDF from the
search box in the header. Every page is checked with axe."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, SCREENSHOTS, crawl, sign_in, submit_empty
from playwright.sync_api import expect

from coalition.members.tests.factories import UserFactory
from coalition.sitesearch.models import Source
from coalition.sitesearch.samples import make_pdf
from coalition.sitesearch.testsite import Response, SiteServer, page

STAFF_SECRET = "JBSWY3DPEHPK3PXPSEARCHBROWSERAAA"  # noqa: S105 (tests only)


@pytest.fixture
def sample_site(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.SITESEARCH_NO_DELAY_HOSTS = ["127.0.0.1"]
    settings.SITESEARCH_EXTRACT_WORKERS = 0
    report = make_pdf(
        "Allotments and community growing 2010",
        [
            "Community growing schemes on allotments bring neighbours together.",
            "Waiting lists for allotments have doubled since 2005 in most towns.",
        ],
        author="Growing Communities",
    )
    routes = {
        "/robots.txt": Response(b"User-agent: *\nDisallow: /admin/\n", "text/plain"),
        "/": page(
            "Growing Communities",
            "<p>We help neighbourhoods start community gardens and allotment societies.</p>",
            [
                ("/projects/", "Our projects"),
                ("/reports/allotments-2010.pdf", "Report (PDF)"),
                ("/admin/", "Admin"),
            ],
        ),
        "/projects/": page(
            "Our projects",
            "<p>Community orchards, school gardens and allotment mentoring for new growers.</p>",
            [("/", "Home")],
        ),
        "/reports/allotments-2010.pdf": Response(report, "application/pdf"),
    }
    server = SiteServer(routes).start()
    yield server
    server.stop()


def test_a_coordinator_adds_a_source_crawls_it_and_searches_it(site, sample_site):
    page_ = site.page
    staff_user = UserFactory(is_staff=True)
    TOTP.activate(staff_user, STAFF_SECRET)
    sign_in(site, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)

    site.visit("/staff/search/")
    expect(page_.get_by_role("heading", level=1)).to_have_text("Site search")
    site.follow(page_.get_by_role("link", name="Add a source").first)
    submit_empty(site, "Add the source")
    page_.get_by_label("Name").fill("Growing Communities")
    page_.get_by_label("Start addresses").fill(sample_site.base_url)
    page_.get_by_label("Maximum pages").fill("50")
    site.follow(page_.get_by_role("button", name="Add the source"))
    expect(page_.get_by_role("heading", level=1)).to_have_text("Growing Communities")
    expect(page_.get_by_text("Not crawled yet.")).to_be_visible()

    # Crawl now: the progress panel shows the crawl and what it found.
    site.follow(page_.get_by_role("button", name="Crawl now"))
    progress = page_.locator("#progress")
    expect(progress).to_contain_text("Finished")
    expect(progress.get_by_text("Indexed", exact=True)).to_be_visible()
    source = Source.objects.get(name="Growing Communities")
    assert source.pages.filter(status="indexed").count() == 3
    assert source.pages.get(url__endswith="/admin/").error_kind == "robots"
    expect(page_.get_by_text("robots.txt asks crawlers not to fetch")).to_be_visible()

    # Anyone finds the PDF and the pages from the search box in the header.
    header = page_.get_by_role("search", name="Site")
    header.get_by_role("searchbox").fill("allotment")
    with page_.expect_navigation():
        header.get_by_role("button", name="Search").click()
    site.checked()
    results = page_.get_by_role("region", name=re.compile("result"))
    expect(page_.get_by_role("heading", level=2, name=re.compile(r"^3 results"))).to_be_visible()
    expect(page_.get_by_role("link", name="Allotments and community growing 2010")).to_be_visible()
    expect(page_.locator("mark").first).to_be_visible()
    del results
    site.follow(page_.get_by_role("navigation", name="Type").get_by_role("link", name="PDF"))
    expect(page_.get_by_role("heading", level=2, name=re.compile(r"^1 result"))).to_be_visible()
    expect(page_.locator(".search-hit .tag")).to_have_text("PDF")

    # Hostile input is a friendly answer, never an error page.
    site.visit("/search/?q=%22unbalanced+OR+-+%21%21%21")
    site.visit("/search/?q=%21%21%21")
    expect(page_.get_by_text("There were no words to search for")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    site.visit("/search/?q=community")
    page_.screenshot(path=str(SCREENSHOTS / "search-results-desktop.png"), full_page=True)
    crawl(site, ["/search/", f"/staff/search/{source.pk}/", "/staff/search/"])
