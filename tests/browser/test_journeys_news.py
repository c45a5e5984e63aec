"""News in a real browser: a member's representative submits news, staff approve it, and it
appears on /news/ and in the RSS and Atom feeds. Plus an accessibility crawl of the news pages
(public, the representative's and the staff's)."""

import feedparser
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, crawl, sign_in, submit_empty
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.members.tests.factories import UserFactory
from coalition.news.models import MemberFeed, NewsItem

STAFF_SECRET = "JBSWY3DPEHPK3PXPNEWSBROWSERAAAAA"  # noqa: S105 (tests only)
TITLE = "Community centres open their doors for the energy winter"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def staff_window(browse, email):
    user = UserFactory(is_staff=True, email=email)
    TOTP.activate(user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, user.email, PASSWORD, totp_secret=STAFF_SECRET)
    return staff


def test_a_representative_submits_news_staff_approve_it_and_it_is_published(site, browse, demo):
    page = site.page
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    site.visit("/news/my/")
    site.follow(page.get_by_role("link", name="Submit news").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit news")
    # A mistake first: the form says what is wrong and keeps what was typed.
    page.get_by_label("Title").fill(TITLE)
    submit_empty(site, "Send for review")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    page.get_by_label("Summary").fill(
        "Twelve community associations will keep their halls warm and open this winter."
    )
    page.get_by_label("Body").fill("Find your nearest **warm space** on our website.")
    page.get_by_role("group", name="Themes").get_by_label("Community assets").check()
    site.follow(page.get_by_role("button", name="Send for review"))
    expect(page.get_by_role("status")).to_contain_text("has been sent to the coalition")
    item = NewsItem.objects.get(title=TITLE)
    assert item.status == NewsItem.Status.SUBMITTED
    assert item.organisation.slug == "community-matters"

    # Not on the site yet.
    visitor = browse()
    visitor.visit("/news/")
    expect(visitor.page.get_by_role("link", name=TITLE)).to_have_count(0)

    staff = staff_window(browse, "news.coordinator@example.org")
    staff.visit("/staff/")
    staff.follow(staff.page.get_by_role("link", name="All news"))
    staff.follow(staff.page.get_by_role("link", name=TITLE))
    staff.follow(staff.page.get_by_role("button", name="Approve and publish"))
    expect(staff.page.get_by_role("status")).to_contain_text("is published")

    # On /news/, its own page, and in the feeds.
    visitor.visit("/news/")
    visitor.follow(visitor.page.get_by_role("link", name=TITLE))
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.page.locator("strong", has_text="warm space")).to_be_visible()
    head_feeds = visitor.page.locator('head link[rel="alternate"][type="application/rss+xml"]')
    assert head_feeds.count() >= 2  # all news, and Community Matters' news
    for path in (
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/news/organisations/community-matters/feed/rss/",
    ):
        response = visitor.page.request.get(path)
        assert response.ok
        parsed = feedparser.parse(response.body())
        assert not parsed.bozo, path
        assert parsed.entries[0].title == TITLE, path

    # The representative sees it published.
    site.visit("/news/my/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Published")


def test_the_news_pages_are_accessible(site, browse, demo):
    item = NewsItem.objects.published().filter(organisation__isnull=False).first()
    crawl(
        site,
        [
            "/",
            "/news/",
            "/news/?theme=funding-and-finance",
            f"/news/?organisation={item.organisation.slug}",
            item.get_absolute_url(),
            "/news/commissioning-in-west-sussex-report/",
            "/news/from-members/",
        ],
    )
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    own = NewsItem.objects.filter(organisation__slug="community-matters").first()
    crawl(
        site,
        [
            "/news/my/",
            "/news/submit/",
            f"/news/my/{own.pk}/",
            "/news/my/feed/community-matters/",
        ],
    )
    staff = staff_window(browse, "news.staff@example.org")
    waiting = NewsItem.objects.filter(status="submitted").first()
    failing = MemberFeed.objects.exclude(error_kind="").first()
    working = MemberFeed.objects.filter(error_kind="").first()
    crawl(
        staff,
        [
            "/staff/",
            "/staff/news/",
            "/staff/news/?status=published",
            "/staff/news/?status=rejected",
            "/staff/news/new/",
            f"/staff/news/{waiting.pk}/",
            "/staff/news/feeds/",
            f"/staff/news/feeds/{failing.pk}/",
            f"/staff/news/feeds/{working.pk}/",
        ],
    )
    # A bad filter answers 400 with a readable page.
    response = site.page.goto("/news/?theme=no-such-theme")
    assert response.status == 400
    expect(site.page.get_by_role("alert")).to_contain_text("This address has a mistake")
    site.checked()
