import pytest

from coalition.members.models import Membership
from coalition.members.tests.factories import (
    MembershipFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    RegionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    full = MembershipTypeFactory(name="Full", slug="full")
    associate = MembershipTypeFactory(name="Associate", slug="associate")
    london = RegionFactory(name="London", slug="london")
    rural = ThemeFactory(name="Rural communities", slug="rural-communities")
    acre = OrganisationFactory(name="Action with Communities in Rural England", short_name="ACRE")
    acre.themes.add(rural)
    MembershipFactory(organisation=acre, type=full)
    urban = OrganisationFactory(name="Urban Forum")
    urban.regions.add(london)
    MembershipFactory(organisation=urban, type=full)
    grants = OrganisationFactory(name="Local Grants Forum")
    MembershipFactory(organisation=grants, type=associate)
    former = OrganisationFactory(name="Former Friends", status="former")
    MembershipFactory(organisation=former, type=full, status=Membership.Status.RESIGNED)
    return {"acre": acre, "urban": urban, "grants": grants}


def names(response):
    return {o.name for o in response.context["page"].object_list}


def test_it_lists_current_members_only(client, members):
    response = client.get("/members/")
    assert names(response) == {
        "Action with Communities in Rural England",
        "Urban Forum",
        "Local Grants Forum",
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?q=forum", {"Urban Forum", "Local Grants Forum"}),
        ("?q=ACRE", {"Action with Communities in Rural England"}),
        ("?type=associate", {"Local Grants Forum"}),
        ("?region=london", {"Urban Forum"}),
        ("?theme=rural-communities", {"Action with Communities in Rural England"}),
        ("?type=full&q=forum", {"Urban Forum"}),
    ],
)
def test_it_searches_and_filters(client, members, query, expected):
    assert names(client.get(f"/members/{query}")) == expected


def test_it_ignores_unknown_filter_values(client, members):
    response = client.get("/members/?type=platinum&region=atlantis")
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_it_says_when_nothing_matches(client, members):
    response = client.get("/members/?q=zzzz")
    assert b"No members match your search" in response.content


def test_it_paginates(client):
    full = MembershipTypeFactory(name="Full", slug="full")
    for _ in range(30):
        MembershipFactory(type=full)
    first = client.get("/members/")
    assert len(first.context["page"].object_list) == 24
    second = client.get("/members/?page=2")
    assert len(second.context["page"].object_list) == 6
    assert client.get("/members/?page=999").status_code == 200


def test_the_directory_stays_within_its_query_budget(
    client, django_assert_max_num_queries, members
):
    for _ in range(30):
        MembershipFactory()
    with django_assert_max_num_queries(10):
        client.get("/members/")


def test_an_organisation_page_shows_public_people_only(client, members):
    from coalition.members.tests.factories import AffiliationFactory, PersonFactory

    acre = members["acre"]
    AffiliationFactory(
        organisation=acre, person=PersonFactory(name="Sylvia Brown", listed_publicly=True)
    )
    AffiliationFactory(organisation=acre, person=PersonFactory(name="Private Person"))
    response = client.get(f"/members/{acre.slug}/")
    assert b"Sylvia Brown" in response.content
    assert b"Private Person" not in response.content
    assert b"Full member since" in response.content


def test_an_unknown_organisation_is_404(client):
    assert client.get("/members/nobody/").status_code == 404


def test_cached_pages_change_when_an_organisation_changes(client, members, commit):
    first = client.get("/members/")
    assert b"Urban Forum" in first.content
    with commit():
        members["urban"].name = "Urban Forum for Neighbourhoods"
        members["urban"].save()
    second = client.get("/members/")
    assert b"Urban Forum for Neighbourhoods" in second.content
