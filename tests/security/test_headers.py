"""Every response carries the security headers, and production settings make cookies safe."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SECURITY_ENV = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_PROXY",
    "DATABASE_URL",
    "CACHE_URL",
    "DJANGO_SETTINGS_MODULE",
}
STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in STRICT_REFERRER_POLICIES
    assert response["X-Frame-Options"] == "DENY"
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, "The policy must restrict scripts"
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in scripts, f"script-src allows {unsafe}"
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert "base-uri" in csp
    assert "form-action" in csp


@pytest.fixture
def pages(organisation):
    """Anonymous pages and the status each should answer with."""
    return {
        reverse("core:home"): 200,
        reverse("core:about"): 200,
        reverse("core:health"): 200,
        reverse("members:directory"): 200,
        reverse("members:organisation", args=[organisation.slug]): 200,
        reverse("members:join"): 200,
        reverse("account_login"): 200,
        reverse("core:staff_dashboard"): 302,
        "/no-such-page/": 404,
    }


@pytest.mark.django_db
def test_every_anonymous_page_sends_the_security_headers(client, pages):
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert_security_headers(response)
        assert "Strict-Transport-Security" not in response, "no HSTS over plain HTTP"


@pytest.mark.django_db
def test_a_page_served_from_the_page_cache_keeps_the_headers(client):
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert_security_headers(response)


@pytest.mark.django_db
def test_signed_in_and_error_pages_send_the_security_headers(client, staff, outsider, organisation):
    client.force_login(staff)
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 200
    assert_security_headers(response)
    client.force_login(outsider)
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 403
    assert_security_headers(response)
    response = client.get(reverse("members:organisation_edit", args=[organisation.slug]))
    assert response.status_code == 404
    assert_security_headers(response)


def test_static_files_are_not_sniffed(client):
    response = client.get("/static/js/site.js")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in STRICT_REFERRER_POLICIES


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in client.get("/about/")


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_ssl_is_on(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/about/"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_hidden_from_scripts(client, settings, outsider):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("account_login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post(
        reverse("account_login"),
        {"login": outsider.email, "password": "correct-horse-battery"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session.value
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


class InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy would block in a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= handler on <{tag}>")
            if name == "style":
                self.found.append(f"style= attribute on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inline_code_detector_finds_what_csp_blocks():
    html = '<script>x()</script><a onclick="x()" style="color:red" href="javascript:x()">a</a>'
    assert len(inline_code(html)) == 4
    assert inline_code('<script src="/static/js/site.js"></script>') == []


@pytest.mark.django_db
def test_pages_need_no_inline_script_or_style(client, representative, staff, organisation):
    """The policy forbids inline code, so a page that relied on it would break."""
    urls = [
        reverse("core:home"),
        reverse("core:about"),
        reverse("members:directory"),
        reverse("members:organisation", args=[organisation.slug]),
        reverse("members:join"),
        reverse("account_login"),
        "/no-such-page/",
    ]
    for url in urls:
        assert inline_code(client.get(url).content.decode()) == [], url
    client.force_login(representative)
    for url in [
        reverse("members:my_organisation"),
        reverse("members:organisation_edit", args=[organisation.slug]),
    ]:
        assert inline_code(client.get(url).content.decode()) == [], url
    client.force_login(staff)
    for url in [reverse("core:staff_dashboard"), reverse("members:application_queue")]:
        assert inline_code(client.get(url).content.decode()) == [], url


def run_with_production_env(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run Python with the real settings and only what a production deployment must set."""
    env = {k: v for k, v in os.environ.items() if k not in SECURITY_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="coalition.settings",
        DEBUG="false",
        SECRET_KEY="p" + os.urandom(40).hex(),
        ALLOWED_HOSTS="coalition.example.org",
        VAR_DIR=str(tmp_path),
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_defaults_are_secure(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "DEBUG",
    ]
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_with_production_env(code, tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    for name in (
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
    ):
        assert values[name] is True, name
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_REFERRER_POLICY"] in STRICT_REFERRER_POLICIES
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_deployment_checks_pass_with_production_settings(tmp_path):
    result = run_with_production_env(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
