"""Public write endpoints are rate limited per client address."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from coalition.lib.ratelimit import Rate, parse_rate
from coalition.members.models import Application
from coalition.members.tests.factories import MembershipTypeFactory, application_form_data

pytestmark = pytest.mark.django_db

JOIN = "/join/"


@pytest.fixture
def application_data(db):
    full = MembershipTypeFactory(name="Full", slug="full")
    counter = iter(range(1000))

    def data(**overrides):
        n = next(counter)
        unique = {
            "organisation_name": f"Neighbourhood Action Network {n}",
            "contact_email": f"sam{n}@example.org",
        }
        return application_form_data(full, **{**unique, **overrides})

    return data


def apply(client, data, **extra):
    return client.post(JOIN, data, **extra)


def test_the_join_form_accepts_five_applications_then_answers_429(
    client, application_data, commit, settings
):
    assert settings.JOIN_RATE_LIMIT == "5/10m"
    with commit():
        for _ in range(5):
            assert apply(client, application_data()).status_code == 302
    assert Application.objects.count() == 5
    assert len(mail.outbox) == 5
    with commit():
        response = apply(client, application_data(organisation_name="One Too Many"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 601
    assert b"Please wait a few minutes" in response.content
    assert b"Nothing you sent in this last request has been saved" in response.content
    assert b'class="site-header"' in response.content, "the page uses the site's layout"
    assert Application.objects.count() == 5
    assert not Application.objects.filter(organisation_name="One Too Many").exists()
    assert len(mail.outbox) == 5
    # Reading the form is never limited.
    assert client.get(JOIN).status_code == 200


def test_mistakes_in_the_form_do_not_use_up_the_allowance(client, application_data):
    for _ in range(8):
        response = apply(client, application_data(declaration=""))
        assert response.status_code == 200
        assert b"declaration" in response.content
    assert apply(client, application_data()).status_code == 302


def test_once_limited_even_a_faulty_form_gets_429(client, application_data, settings):
    settings.JOIN_RATE_LIMIT = "1/10m"
    assert apply(client, application_data()).status_code == 302
    assert apply(client, application_data(declaration="")).status_code == 429


def test_the_limit_is_per_client_address(client, application_data, settings):
    settings.JOIN_RATE_LIMIT = "2/10m"
    first, second = {"REMOTE_ADDR": "203.0.113.1"}, {"REMOTE_ADDR": "203.0.113.2"}
    for _ in range(2):
        assert apply(client, application_data(), **first).status_code == 302
    assert apply(client, application_data(), **first).status_code == 429
    assert apply(client, application_data(), **second).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(application_data, settings):
    settings.JOIN_RATE_LIMIT = "2/10m"
    client = Client()
    for n in range(2):
        response = apply(client, application_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 302
    response = apply(client, application_data(), HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(application_data, settings):
    settings.JOIN_RATE_LIMIT = "1/10m"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.1")  # the proxy
    alice = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    bob = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert apply(client, application_data(), **alice).status_code == 302
    assert apply(client, application_data(), **alice).status_code == 429
    assert apply(client, application_data(), **bob).status_code == 302


def test_the_limit_lifts_after_the_period(client, application_data, settings):
    settings.JOIN_RATE_LIMIT = "1/10m"
    with freeze_time("2026-03-02 09:00:00") as clock:
        assert apply(client, application_data()).status_code == 302
        clock.tick(timedelta(minutes=5))
        assert apply(client, application_data()).status_code == 429
        clock.tick(timedelta(minutes=6))
        assert apply(client, application_data()).status_code == 302


def test_an_empty_rate_turns_the_limit_off(client, application_data, settings):
    settings.JOIN_RATE_LIMIT = ""
    for _ in range(7):
        assert apply(client, application_data()).status_code == 302


def test_rates_are_read_like_allauths():
    assert parse_rate("5/10m") == Rate(5, 600)
    assert parse_rate("20/h") == Rate(20, 3600)
    assert parse_rate("  ") is None
    for bad in ("5", "five/10m", "5/10x", "0/10m", "5/m/ip"):
        with pytest.raises(ImproperlyConfigured):
            parse_rate(bad)


def test_repeated_failed_sign_ins_lock_the_account_out(client, outsider, settings):
    """After five wrong passwords even the right one is refused for a while."""
    assert "5/5m/key" in settings.ACCOUNT_RATE_LIMITS["login_failed"]
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": outsider.email, "password": "wrong-password-1"})
        assert response.status_code == 200
        assert b"Too many failed login attempts" not in response.content
    response = client.post(url, {"login": outsider.email, "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_flood_of_sign_in_attempts_gets_429(client, outsider, settings):
    assert settings.ACCOUNT_RATE_LIMITS["login"] == "30/m/ip"
    url = reverse("account_login")
    for n in range(30):
        data = {"login": f"nobody{n}@example.org", "password": "wrong-password-1"}
        assert client.post(url, data).status_code == 200
    response = client.post(url, {"login": outsider.email, "password": "correct-horse-battery"})
    assert response.status_code == 429
    assert b"Please wait a few minutes" in response.content
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.50")
    data = {"login": outsider.email, "password": "correct-horse-battery"}
    assert other.post(url, data).status_code == 302
