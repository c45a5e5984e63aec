"""The benchmark's load data: a petition with many confirmed signatures, counted."""

import random

import pytest
from django.utils import timezone

from coalition.campaigns import loaddata
from coalition.campaigns.models import Action, Participation
from coalition.campaigns.services import public_count
from coalition.members.management.commands.generate_load_data import Context, Scale
from coalition.members.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_it_generates_counts_and_clears():
    organisations = OrganisationFactory.create_batch(3)
    ctx = Context(
        scale=Scale(organisations=3, people=60, memberships=3),
        rng=random.Random(1),
        today=timezone.localdate(),
        organisation_ids=[o.pk for o in organisations],
    )
    counts = loaddata.generate(ctx)
    assert counts["signatures"] == 60 * loaddata.SIGNATURES_PER_PERSON
    petition = Action.objects.get(slug=loaddata.PETITION_SLUG)
    assert public_count(petition) == petition.confirmed_count == counts["signatures"]
    assert not Participation.objects.filter(confirmed_at__gt=timezone.now()).exists()
    assert loaddata.is_loaded(ctx)
    loaddata.clear(ctx)
    assert not Action.objects.filter(campaign__slug=loaddata.SLUG).exists()
    assert not loaddata.is_loaded(ctx)
