"""The policy and discussions demo loads from the seeds, twice, and its pages show it."""

import pytest
from django.core.management import call_command

from coalition.discussions.models import Post, Thread
from coalition.policy.models import Development, Position, Publication, Response, Signature

pytestmark = pytest.mark.django_db


def test_the_demo_loads_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
    counts = (Development.objects.count(), Signature.objects.count(), Post.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        Development.objects.count(),
        Signature.objects.count(),
        Post.objects.count(),
    ) == counts

    page = client.get("/policy/").content.decode()
    assert "Strong and Prosperous Communities" in page
    assert "Local Government and Public Involvement in Health Bill" in page
    deadlines = client.get("/policy/deadlines/").content.decode()
    assert "The Compact" in deadlines and "Personalisation" in deadlines
    published = Response.objects.get(status="published")
    assert published.pdf and published.signatures.count() >= 5
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Community Matters" in page and "Outcome" in page
    position = Position.objects.get(slug="commissioning-and-independent-action")
    assert position.decision is not None
    assert position.evidence.exists()
    assert Publication.objects.filter(kind="strategic_plan").exists()
    assert "Who stands where" in client.get("/policy/others/").content.decode()
    public = Thread.objects.filter(visibility="public").first()
    assert public.title in client.get("/discussions/").content.decode()
    assert "Members only" not in client.get("/discussions/").content.decode()
