"""Representatives make and revoke their organisation's tokens; nobody else can."""

import pytest
from django.urls import reverse

from coalition.api.models import ApiToken, hash_key

pytestmark = pytest.mark.django_db


def test_a_representative_makes_a_token_seen_once(client, representative, organisation):
    client.force_login(representative)
    url = reverse("api:tokens", args=[organisation.slug])
    response = client.post(url, {"name": "Our website"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # a new token is on this page once
    token = ApiToken.objects.get()
    key = response.context["new_key"]
    assert key.startswith("coa_") and key in response.content.decode()
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert token.created_by == representative
    # Shown once: the page does not show it again.
    assert key not in client.get(url).content.decode()


def test_token_names_are_checked(client, representative, organisation):
    client.force_login(representative)
    url = reverse("api:tokens", args=[organisation.slug])
    client.post(url, {"name": "Our website"})
    again = client.post(url, {"name": "our website"})
    assert again.status_code == 400
    assert "already has this name" in again.content.decode()
    assert client.post(url, {"name": ""}).status_code == 400
    assert ApiToken.objects.count() == 1


def test_revoking_stops_the_token(client, representative, organisation):
    token, key = ApiToken.issue(organisation, "Old plugin", representative)
    client.force_login(representative)
    response = client.post(reverse("api:revoke", args=[organisation.slug, token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by == representative
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_another_organisations_tokens_are_out_of_reach(
    client, representative, organisation, other_organisation
):
    theirs, _ = ApiToken.issue(other_organisation, "Their site", None)
    client.force_login(representative)
    assert client.get(reverse("api:tokens", args=[other_organisation.slug])).status_code == 404
    revoke = reverse("api:revoke", args=[other_organisation.slug, theirs.pk])
    assert client.post(revoke).status_code == 404
    # Not even through their own organisation's address.
    assert (
        client.post(reverse("api:revoke", args=[organisation.slug, theirs.pk])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.is_active
