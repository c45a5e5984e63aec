"""Writing with a token: news and events enter moderation, safely retried, limited."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from coalition.api.models import ApiToken, Submission
from coalition.events.models import Event
from coalition.members.tests.factories import ThemeFactory
from coalition.news.models import NewsItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(organisation, representative):
    return ApiToken.issue(organisation, "Our website", representative)[1]


def post(client, path, data, key=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


NEWS = {
    "title": "Commissioning in West Sussex: our report",
    "summary": "What local groups told us about contracts and grants.",
    "body": "Read **the report**.",
}


def test_writing_needs_a_valid_token(client, key, organisation, representative):
    for value in [None, "coa_wrong", "nonsense", key + "x"]:
        response = post(client, "/api/news", NEWS, value)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert response["WWW-Authenticate"].startswith("Bearer")
    token = ApiToken.objects.get()
    token.revoke(representative)
    assert post(client, "/api/news", NEWS, key).status_code == 401
    assert not NewsItem.objects.exists()


def test_a_signed_in_session_cannot_write_without_a_token(client, representative):
    """Why the API asks for no CSRF token: the session cookie is never enough to write."""
    client.force_login(representative)
    response = post(client, "/api/news", NEWS)
    assert response.status_code == 401
    assert not NewsItem.objects.exists()


def test_news_from_a_token_waits_in_moderation(client, key, organisation, representative):
    ThemeFactory(slug="funding", name="Funding")
    response = post(client, "/api/news", {**NEWS, "themes": ["funding"]}, key)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted"
    item = NewsItem.objects.get(pk=body["id"])
    assert item.organisation == organisation
    assert item.status == NewsItem.Status.SUBMITTED
    assert item.submitted_by == representative
    assert [t.slug for t in item.themes.all()] == ["funding"]
    # Not public until staff approve it.
    assert client.get(f"/api/news/{item.slug}").status_code == 404
    assert ApiToken.objects.get().last_used_at is not None


def test_me_names_the_tokens_organisation(client, key, organisation):
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["organisation"]["slug"] == organisation.slug


def test_bad_news_is_refused_field_by_field_and_nothing_is_saved(client, key):
    response = post(client, "/api/news", {"summary": "x" * 400}, key)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"title", "summary"} <= set(fields)
    unknown = post(client, "/api/news", {**NEWS, "themes": ["no-such-theme"]}, key)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["fields"] == {
        "themes": ["No theme has the slug “no-such-theme”."]
    }
    broken = post(client, "/api/news", "{not json", key)
    assert broken.status_code == 400
    assert not NewsItem.objects.exists()


def test_the_nul_character_is_a_field_error_not_a_server_error(client, key):
    # PostgreSQL cannot store U+0000 in text (schemathesis found the 500 it caused).
    body = post(client, "/api/news", {**NEWS, "title": "Grants\x00", "themes": ["a\x00"]}, key)
    assert body.status_code == 400
    assert set(body.json()["error"]["fields"]) == {"title", "themes"}
    assert "NUL" in body.json()["error"]["fields"]["title"][0]
    assert client.get("/api/organisations", {"q": "care\x00"}).status_code == 400
    assert client.get("/api/news/a%00b").json()["error"]["code"] == "invalid"
    assert not NewsItem.objects.exists()


def test_a_retry_with_the_same_idempotency_key_makes_one_item(client, key):
    first = post(client, "/api/news", NEWS, key, HTTP_IDEMPOTENCY_KEY="post-123")
    again = post(client, "/api/news", NEWS, key, HTTP_IDEMPOTENCY_KEY="post-123")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert NewsItem.objects.count() == 1
    other = post(client, "/api/news", NEWS, key, HTTP_IDEMPOTENCY_KEY="post-124")
    assert other.status_code == 201
    assert NewsItem.objects.count() == 2
    assert Submission.objects.count() == 2


def event_payload(**overrides):
    start = (timezone.now() + timedelta(days=30)).replace(microsecond=0)
    return {
        "title": "Managing well: a workshop in Nottingham",
        "summary": "How management styles shape community groups.",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "venue": "Nottingham Council for Voluntary Service",
        "postcode": "NG1 5FS",
        "contact_email": "events@example.org",
        **overrides,
    }


def test_an_event_from_a_token_waits_in_moderation(client, key, organisation):
    response = post(client, "/api/events", event_payload(), key)
    assert response.status_code == 201, response.json()
    event = Event.objects.get(pk=response.json()["id"])
    assert event.organiser == organisation
    assert event.status == Event.Status.SUBMITTED
    assert event.occurrences.count() == 1


def test_an_event_ending_before_it_starts_is_refused(client, key):
    payload = event_payload()
    payload["ends_at"], payload["starts_at"] = payload["starts_at"], payload["ends_at"]
    response = post(client, "/api/events", payload, key)
    assert response.status_code == 400
    assert "ends_at" in response.json()["error"]["fields"]
    assert not Event.objects.exists()


def test_writes_are_limited_per_token(client, key, settings):
    settings.API_WRITE_RATE_LIMIT = "2/1h"
    assert post(client, "/api/news", NEWS, key).status_code == 201
    assert post(client, "/api/news", NEWS, key).status_code == 201
    refused = post(client, "/api/news", NEWS, key)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) > 0
    assert NewsItem.objects.count() == 2
    # Reading is counted apart.
    assert client.get("/api/news").status_code == 200


def test_reads_are_limited_per_address(client, settings):
    settings.API_RATE_LIMIT = "3/1m"
    assert [client.get("/api/themes").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_demo_sends_news_through_the_api_once(db):
    from datetime import date

    from coalition.api import demo
    from coalition.members.tests.factories import MembershipFactory, UserFactory

    MembershipFactory(
        organisation__slug="community-matters", organisation__name="Community Matters"
    )
    UserFactory(email=demo.REPRESENTATIVE_EMAIL)
    demo.load(date(2026, 12, 3))
    demo.load(date(2026, 12, 3))
    item = NewsItem.objects.get()
    assert item.status == NewsItem.Status.SUBMITTED
    assert item.organisation.slug == "community-matters"
    assert ApiToken.objects.count() == 1 and Submission.objects.count() == 1
