"""The page cache: anonymous visitors get the same page, headers and all, from the cache."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from freezegun import freeze_time

from coalition.core.cache import (
    GENERATION_KEY,
    PageCacheMiddleware,
    bump_generation,
    current_generation,
    public_page,
)
from coalition.core.models import Value

pytestmark = pytest.mark.django_db

# Headers that differ between two responses for reasons other than the cache.
PER_RESPONSE = {"X-Page-Cache"}


def headers(response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k not in PER_RESPONSE}


def test_an_anonymous_visitor_gets_the_same_page_and_headers_from_the_cache(client):
    fresh = client.get("/")
    cached = client.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert cached["X-Page-Cache"] == "hit"
    assert cached.content == fresh.content
    assert headers(cached) == headers(fresh)
    assert "Cookie" in cached["Vary"]


def test_a_change_makes_every_cached_page_stale(client, django_capture_on_commit_callbacks):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        Value.objects.create(name="Solidarity", description="Standing together.")
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Solidarity" in response.content


def test_signed_in_people_always_get_a_fresh_page(client, outsider):
    client.get("/")
    client.force_login(outsider)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert b"Sign out" in response.content


def test_an_anonymous_visitor_with_a_session_is_served_from_the_cache_too(client):
    session = client.session
    session["application_id"] = 1
    session.save()
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in response


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(client):
    client.get("/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def run(view, request):
    request.user = AnonymousUser()
    return PageCacheMiddleware(public_page(view))(request)


def test_a_page_that_sets_a_cookie_is_never_shared():
    def view(request):
        response = HttpResponse("personal")
        response.set_cookie("seen", "yes")
        return response

    factory = RequestFactory()
    run(view, factory.get("/personal/"))
    assert "X-Page-Cache" not in run(view, factory.get("/personal/"))


def test_only_successful_pages_are_cached():
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("gone", status=410)

    factory = RequestFactory()
    run(view, factory.get("/gone/"))
    run(view, factory.get("/gone/"))
    assert len(calls) == 2


def test_each_query_string_is_its_own_page():
    def view(request):
        return HttpResponse(request.GET.get("q", ""))

    factory = RequestFactory()
    run(view, factory.get("/search/", {"q": "rural"}))
    response = run(view, factory.get("/search/", {"q": "urban"}))
    assert response.content == b"urban"
    assert response["X-Page-Cache"] == "miss"


def test_a_cached_page_is_not_served_for_an_unknown_host(client):
    client.get("/")
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production default: the file cache, whose incr() forgets "never expire"."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "cache",
        }
    }


def test_the_generation_never_expires_after_a_change(file_cache, commit):
    before = current_generation()
    with commit():
        bump_generation()
    assert current_generation() == before + 1
    with freeze_time(timedelta(days=2), tick=True):
        assert current_generation() == before + 1


def test_a_lost_generation_never_brings_back_old_pages(file_cache, commit):
    with commit():
        for _ in range(3):
            bump_generation()
    before = current_generation()
    cache.delete(GENERATION_KEY)  # as when a full cache culls it
    assert current_generation() > before
    cache.delete(GENERATION_KEY)
    with commit():
        bump_generation()
    assert current_generation() > before
