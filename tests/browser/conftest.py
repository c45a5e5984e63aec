"""Real-browser tests: the running app, driven by Chromium through Playwright.

The site runs in pytest-django's live server, a thread of this process with a
real database, so a test can read `django.core.mail.outbox` and the database
directly. Every page a test visits is checked with axe-core (see `Site`).
"""

import os
import re
import warnings
from pathlib import Path

import pytest
from browser_support import ARTIFACTS, AXE_JS, CHROMIUM, DESKTOP, Site, skip_or_fail

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Kept on the item, so fixtures can tell at teardown whether the test failed.
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed when its tests are done.

    Not per session: pytest-django runs tests in an order of its own, and other
    tests must not run while Playwright's event loop does (see below).
    """
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; without this Django
    # refuses database access from the test code ("async context"). Set only while
    # the browser runs, so it leaks into no other test or its subprocesses.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_site(live_server, settings):
    """The live server; links in emails point at it (as SITE_URL does in production)."""
    settings.SITE_URL = live_server.url
    # The test computes a code and the server checks it a moment later: allow the
    # neighbouring 30-second step so a code typed as the step ends still works.
    settings.MFA_TOTP_TOLERANCE = 1
    return live_server


@pytest.fixture
def browse(browser, live_site, request):
    """Open a browser window for one more person (each has their own cookies and session)."""
    opened = []

    def open_window(viewport=DESKTOP) -> Site:
        # bypass_csp: the site's Content-Security-Policy forbids inline scripts,
        # which is how Playwright injects axe-core. test_accessibility.py checks
        # that the pages work with the policy enforced.
        context = browser.new_context(base_url=live_site.url, viewport=viewport, bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        site = Site(context.new_page(), live_site.url)
        opened.append((context, site))
        return site

    yield open_window
    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    unchecked = []
    for number, (context, site) in enumerate(opened):
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            path = ARTIFACTS / f"{name}{f'-{number + 1}' if number else ''}.png"
            try:
                site.page.screenshot(path=str(path), full_page=True)
            except Exception as error:  # the failure itself matters more than its picture
                warnings.warn(f"No screenshot of the failure: {error}", stacklevel=1)
        unchecked += site.unchecked
        context.close()
    if report is not None and report.passed and unchecked:
        pages = ", ".join(dict.fromkeys(unchecked))
        pytest.fail(f"Pages reached without an accessibility check: {pages}", pytrace=False)


@pytest.fixture
def site(browse):
    """The browser of the person the test follows."""
    return browse()


@pytest.fixture
def page(site):
    return site.page


@pytest.fixture
def axe_required():
    """For tests that are only about accessibility: without axe-core there is nothing to run."""
    if not AXE_JS.exists():
        skip_or_fail(f"axe-core not found at {AXE_JS}: accessibility checks skipped")
