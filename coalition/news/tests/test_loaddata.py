"""The benchmark's load data: news and members' feeds, generated, listed and cleared."""

import random

import pytest
from django.utils import timezone

from coalition.members.management.commands.generate_load_data import Context, Scale
from coalition.members.tests.factories import OrganisationFactory, ThemeFactory
from coalition.news import loaddata
from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem

pytestmark = pytest.mark.django_db


def test_it_generates_and_clears(client):
    ThemeFactory.create_batch(3)
    organisations = [OrganisationFactory(slug=f"load-org-{n}") for n in range(12)]
    ctx = Context(
        scale=Scale(organisations=12, people=60, memberships=12),
        rng=random.Random(1),
        today=timezone.localdate(),
        organisation_ids=[o.pk for o in organisations],
        active_organisation_ids=[o.pk for o in organisations],
    )
    counts = loaddata.generate(ctx)
    assert counts["news items"] == 24 and NewsItem.objects.published().count() == 24
    assert counts["member feeds"] == 2 and counts["member feed entries"] == 40
    assert loaddata.is_loaded(ctx)
    assert client.get("/news/").status_code == 200
    loaddata.clear(ctx)
    assert not NewsItem.objects.exists() and not MemberFeed.objects.exists()
    assert not MemberFeedEntry.objects.exists() and not loaddata.is_loaded(ctx)
