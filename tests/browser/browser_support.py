"""Helpers for the browser tests: accessibility checks, email links, sign-in, TOTP codes."""

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "var" / "test-artifacts"
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-battery"  # noqa: S105 (the factories' password, tests only)


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip when a tool is missing, unless REQUIRE_BROWSER=1 says it must be there (CI)."""
    if browser_required():
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so this is a failure)", pytrace=False)
    pytest.skip(reason)


# --- Accessibility -----------------------------------------------------------


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return results["violations"]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        lines.extend(f"    at {' '.join(map(str, node['target']))}" for node in violation["nodes"])
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail with every axe violation of the WCAG 2.2 A and AA rules on the page as it is now."""
    if not AXE_JS.exists():
        if browser_required():
            pytest.fail(f"axe-core not found at {AXE_JS} (REQUIRE_BROWSER=1)", pytrace=False)
        return  # accessibility assertions skipped; the journey itself still runs
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def without_fragment(url: str) -> str:
    return urlsplit(url)._replace(fragment="").geturl()


class Site:
    """A person's browser on the live site.

    Every page the browser lands on must be checked with `checked()`, or reached
    with `visit()` or `follow()`, which check it: the `browse` fixture fails a
    test that left a page unchecked.
    """

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.unchecked: list[str] = []
        # "load" fires for each new document, not for a jump to an #anchor.
        page.on("load", self._loaded)

    def _loaded(self, page) -> None:
        if page.url != "about:blank":
            self.unchecked.append(without_fragment(page.url))

    def visit(self, path_or_url: str):
        """Go to a page (a path on the site, or a full URL) and check its accessibility."""
        response = self.page.goto(path_or_url)
        assert response is not None, f"No response from {path_or_url}"
        assert response.ok, f"{path_or_url} answered {response.status}"
        self.checked()
        return response

    def follow(self, locator) -> None:
        """Click a link or button that loads a page (the same URL or another), and check it."""
        with self.page.expect_navigation():
            locator.click()
        self.checked()

    def press_and_follow(self, key: str) -> None:
        """Press a key that loads a page (Enter on a link or a submit button), and check it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.checked()

    def checked(self) -> None:
        """Check the page now in the browser, after a click or a submit led to it."""
        self.page.wait_for_load_state("load")
        assert_accessible(self.page)
        current = without_fragment(self.page.url)
        self.unchecked = [url for url in self.unchecked if url != current]

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(site: Site, paths) -> None:
    """Visit every page, then fail once with the problems of all of them."""
    problems = []
    for path in paths:
        try:
            site.visit(path)
        except AssertionError as error:
            problems.append(str(error))
    assert not problems, "\n\n".join(problems)


def submit_empty(site: Site, button: str) -> None:
    """Submit a form as it is and expect errors shown (the summary or a field's message)."""
    from playwright.sync_api import expect

    site.follow(site.page.get_by_role("button", name=button))
    expect(site.page.locator(".field--error, .error-summary").first).to_be_visible()


# --- Email and accounts ------------------------------------------------------


def last_email_to(address: str):
    messages = [message for message in mail.outbox if address in message.to]
    outbox = [(message.to, message.subject) for message in mail.outbox]
    assert messages, f"No email to {address}; the outbox holds {outbox}"
    return messages[-1]


def link_in(message, base_url: str) -> str:
    """The link in an email's plain-text part that leads back to the site."""
    links = re.findall(r"https?://[^\s<>\"]+", message.body)
    ours = [link for link in links if link.startswith(base_url)]
    assert ours, f"No link to {base_url} in the email {message.subject!r}: {links}"
    return ours[0]


def totp_code(secret: str, steps_from_now: int = 0) -> str:
    """The code an authenticator app shows now, computed with allauth's own functions."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // 30 + steps_from_now
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code(secret: str) -> str:
    """A six-digit code that is not valid at any moment near now."""
    valid = {totp_code(secret, steps) for steps in range(-3, 4)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


def sign_in(site: Site, email: str, password: str, totp_secret: str | None = None) -> None:
    """Sign in through the site's own pages, typing the authenticator code when asked."""
    page = site.page
    site.visit("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    site.follow(page.get_by_role("button", name="Sign in"))
    if totp_secret:
        assert site.path == "/accounts/2fa/authenticate/"
        page.get_by_label("Code").fill(totp_code(totp_secret))
        site.follow(page.get_by_role("button", name="Sign in"))


def sign_out(site: Site) -> None:
    site.follow(site.page.get_by_role("button", name="Sign out"))
