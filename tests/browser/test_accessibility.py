"""Every page of the demo coalition, checked with axe-core (WCAG 2.2 A and AA rules)."""

import pytest
from browser_support import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    assert_accessible,
    crawl,
    sign_in,
    submit_empty,
)
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.members.management.commands.load_demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    REPRESENTATIVE_EMAIL,
    STAFF_EMAIL,
)
from coalition.members.models import Application, Organisation

PUBLIC_PAGES = [
    "/",
    "/about/",
    "/members/",
    "/members/?type=full",
    "/members/?page=2",
    "/join/",
    "/join/?type=associate",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
REPRESENTATIVE_PAGES = [
    "/my-organisation/",
    "/members/community-matters/edit/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]
STAFF_PAGES = [
    "/staff/",
    "/staff/applications/",
    "/staff/applications/?status=approved",
    "/staff/applications/?status=rejected",
]
KEY_PAGES = ["/", "/members/", "/members/community-matters/", "/join/"]


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_public_pages(site, demo, axe_required):
    slugs = Organisation.objects.order_by("slug").values_list("slug", flat=True)
    crawl(site, PUBLIC_PAGES + [f"/members/{slug}/" for slug in slugs])


def test_forms_showing_errors(site, demo, axe_required):
    site.visit("/join/")
    submit_empty(site, "Send application")
    expect(site.page.locator("[data-error-summary]")).to_be_focused()
    site.visit("/accounts/login/")
    submit_empty(site, "Sign in")
    site.visit("/accounts/signup/")
    submit_empty(site, "Sign up")
    site.visit("/accounts/password/reset/")
    submit_empty(site, "Reset my password")


def test_pages_for_representatives(site, demo, axe_required):
    sign_in(site, REPRESENTATIVE_EMAIL, DEMO_PASSWORD)
    crawl(site, REPRESENTATIVE_PAGES)
    site.visit("/members/community-matters/edit/")
    site.page.get_by_label("Name", exact=True).fill("")
    submit_empty(site, "Save profile")


def test_pages_for_staff(site, demo, axe_required):
    sign_in(site, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    pending = Application.objects.filter(status=Application.Status.PENDING)
    assert pending.exists()
    reviews = [f"/staff/applications/{pk}/" for pk in pending.values_list("pk", flat=True)]
    crawl(site, STAFF_PAGES + reviews)
    site.visit(f"/staff/applications/{pending.first().pk}/")
    submit_empty(site, "Reject application")


def test_error_pages(site, demo):
    """A wrong address or a closed door still shows the site, with a way on."""
    page = site.page
    response = page.goto("/members/no-such-organisation/")
    assert response.status == 404
    site.checked()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    sign_in(site, REPRESENTATIVE_EMAIL, DEMO_PASSWORD)
    response = page.goto("/staff/")
    assert response.status == 403
    site.checked()
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_key_pages_fit_phones_and_desktops(browse, demo, viewport, request):
    """No sideways scrolling at 390px (WCAG 1.4.10); a screenshot of each for people to look at."""
    site = browse(viewport=viewport)
    width = request.node.callspec.id
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def look(path: str, name: str) -> None:
        site.visit(path)
        overflow = site.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"
        site.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)

    for path in KEY_PAGES:
        look(path, path.strip("/").replace("/", "-") or "home")
    site.visit("/join/")
    submit_empty(site, "Send application")
    site.page.screenshot(path=str(SCREENSHOTS / f"join-errors-{width}.png"), full_page=True)
    sign_in(site, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    look("/staff/", "staff")


def test_pages_work_under_the_content_security_policy(browser, live_site, demo):
    """The other tests bypass the CSP to inject axe-core; here it is enforced, as for everyone."""
    context = browser.new_context(base_url=live_site.url, viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        for path in ["/", "/members/", "/members/community-matters/", "/join/"]:
            assert page.goto(path).ok
        with page.expect_navigation():
            page.get_by_role("button", name="Send application").click()
        # site.js ran despite the policy: it moved focus to the error summary.
        expect(page.locator("[data-error-summary]")).to_be_focused()
        assert page.evaluate("() => typeof htmx") == "object"
        assert not errors, "\n".join(errors)
    finally:
        context.close()


def test_the_accessibility_check_finds_problems(site, axe_required):
    """The checker itself: a page with known faults must fail it."""
    site.page.set_content("<html><body><img src='data:,'><input type='text'></body></html>")
    with pytest.raises(AssertionError) as failure:
        assert_accessible(site.page)
    message = str(failure.value)
    for rule in ("image-alt", "label", "html-has-lang", "document-title"):
        assert rule in message
    assert "https://dequeuniversity.com/rules/axe/" in message
