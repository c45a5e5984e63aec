"""generate_load_data: realistic volumes for the benchmark, made again without duplicates."""

import pytest
from django.core.management import call_command

from coalition.members.management.commands import generate_load_data as command
from coalition.members.models import Affiliation, Membership, Organisation, Person, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_scales(monkeypatch):
    monkeypatch.setitem(command.SCALES, "S", command.Scale(30, 120, 60))
    monkeypatch.setitem(command.SCALES, "M", command.Scale(40, 150, 70))


def generated():
    organisations = Organisation.objects.filter(slug__startswith=command.SLUG_PREFIX)
    return {
        "organisations": organisations.count(),
        "people": Person.objects.filter(email__endswith=f"@{command.EMAIL_DOMAIN}").count(),
        "memberships": Membership.objects.filter(organisation__in=organisations).count(),
    }


def test_it_makes_the_volumes_of_its_scale():
    call_command("generate_load_data", scale="S")
    assert generated() == {"organisations": 30, "people": 120, "memberships": 60}
    assert Subscription.objects.filter(membership__organisation__slug__startswith="load-").exists()
    # Every organisation has a representative; every current member one active membership.
    assert (
        Affiliation.objects.filter(is_representative=True, person__email__contains="load.").count()
        == 30
    )
    listed = Organisation.objects.listed().filter(slug__startswith=command.SLUG_PREFIX)
    assert (
        listed.count()
        == Membership.objects.filter(
            organisation__in=listed, status=Membership.Status.ACTIVE
        ).count()
    )


def test_running_it_again_changes_nothing_and_another_scale_replaces_the_data():
    call_command("generate_load_data", scale="S")
    first = set(Organisation.objects.values_list("pk", flat=True))
    call_command("generate_load_data", scale="S")
    assert set(Organisation.objects.values_list("pk", flat=True)) == first
    call_command("generate_load_data", scale="M")
    assert generated() == {"organisations": 40, "people": 150, "memberships": 70}


def test_clear_removes_only_the_generated_data():
    call_command("generate_load_data", scale="S")
    demo_organisations = Organisation.objects.exclude(slug__startswith="load-").count()
    call_command("generate_load_data", scale="S", clear=True)
    assert generated() == {"organisations": 0, "people": 0, "memberships": 0}
    assert Organisation.objects.count() == demo_organisations > 0
