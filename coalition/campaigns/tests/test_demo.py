"""The campaigns demo: convincing, and loading it twice duplicates nothing."""

import pytest
from django.utils import timezone
from freezegun import freeze_time

from coalition.campaigns import demo, services
from coalition.campaigns.models import (
    Action,
    Campaign,
    CampaignTip,
    DecisionMaker,
    EvidenceItem,
    Letter,
    Material,
    Participation,
    PartnerLink,
)
from coalition.members.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Campaign,
    Action,
    EvidenceItem,
    CampaignTip,
    Material,
    DecisionMaker,
    PartnerLink,
    Participation,
    Letter,
]


@pytest.fixture
def members():
    """The member organisations the demo names (the members' demo makes them for real)."""
    names = [
        ("National Association for Voluntary and Community Action", "NAVCA"),
        ("Community Matters", ""),
        ("Action with Communities in Rural England", "ACRE"),
        ("Urban Forum", ""),
        ("Federation for Community Development Learning", "FCDL"),
    ]
    for name, short in names:
        MembershipFactory(organisation=OrganisationFactory(name=name, short_name=short))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_twice_duplicates_nothing(members):
    today = timezone.localdate()
    summary = demo.load(today)
    assert summary.startswith("Campaigns demo loaded: 5 campaigns")
    first = counts()
    files = sorted(Material.objects.values_list("file", flat=True))
    assert demo.load(today) == summary
    assert counts() == first
    assert sorted(Material.objects.values_list("file", flat=True)) == files


@freeze_time("2026-03-10 12:00")  # midday: the letters written "today" fit in the day
def test_the_demo_has_every_kind_of_action_and_outcome(members):
    demo.load(timezone.localdate())
    assert set(Campaign.objects.values_list("status", flat=True)) == {"active", "won", "closed"}
    assert set(Action.objects.values_list("kind", flat=True)) == {"petition", "letter", "pledge"}

    petition = Action.objects.get(slug="keep-small-grants")
    assert services.public_count(petition) > 2000  # counted, after the demo's recount
    assert petition.participations.filter(status=Participation.Status.PENDING).exists()
    assert petition.participations.filter(partner__isnull=False).count() > 500
    assert petition.campaign.lead_organisation.short_name == "NAVCA"

    letter_action = Action.objects.get(kind=Action.Kind.LETTER)
    letters = Letter.objects.filter(participation__action=letter_action)
    statuses = set(letters.values_list("status", flat=True))
    assert {"sent", "held", "failed", "waiting"} <= statuses
    assert letter_action.decision_makers.filter(postcode_districts="").count() == 1

    pledge = Action.objects.get(slug="raise-it-at-your-board")
    assert len(services.listed_pledgers(pledge)) > 10

    won = Campaign.objects.get(status=Campaign.Status.WON)
    handed_in = won.actions.get()
    assert handed_in.handed_in_on is not None and "County Hall" in handed_in.hand_in_note


def test_the_demos_files_are_real_documents(members):
    demo.load(timezone.localdate())
    kinds = set()
    for material in Material.objects.all():
        with material.file.open("rb") as handle:
            head = handle.read(8)
        kinds.add(material.kind)
        if material.kind == "pdf":
            assert head.startswith(b"%PDF-")
        assert material.size > 500
    assert kinds == {"pdf", "docx", "png"}
    assert EvidenceItem.objects.exclude(file="").count() >= 4


def test_campaign_pages_of_the_demo_open_within_a_query_budget(
    client, members, django_assert_max_num_queries
):
    demo.load(timezone.localdate())
    with django_assert_max_num_queries(15):
        assert client.get("/campaigns/").status_code == 200
    for campaign in Campaign.objects.all():
        with django_assert_max_num_queries(15):
            assert client.get(campaign.get_absolute_url()).status_code == 200
    material = Material.objects.first()
    assert client.get(material.get_absolute_url()).status_code == 200
