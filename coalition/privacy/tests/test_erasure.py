"""Erasure: the person is gone from every table; every total stays the same."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model

from coalition.mailings.models import Suppression
from coalition.privacy.models import Erasure
from coalition.privacy.services import PrivacyError, collect, erase_person, was_erased
from coalition.privacy.tests.people import EMAIL, build, totals, where_address_appears

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    return build(client)


def test_totals_stay_the_same_after_erasure(world, staff):
    before = totals(world)
    assert before["petition (public count)"] == 4
    assert before["survey responses"] == 2
    assert before["attendance confirmed"] == 2
    erase_person(EMAIL, "Asked by email on 1 December", staff)
    assert totals(world) == before


def test_the_address_is_nowhere_but_the_suppression_list(world, staff):
    assert len(where_address_appears(EMAIL)) > 10
    erase_person(EMAIL.upper(), "Asked by email", staff)
    assert where_address_appears(EMAIL) == ["mailings.Suppression.email"]
    assert Suppression.objects.get(email=EMAIL).note == "Erased on request"
    assert collect(EMAIL, None) == {
        "mailings.Suppression": collect(EMAIL, None)["mailings.Suppression"]
    }


def test_names_free_text_and_links_are_removed(world, staff):
    erase_person(EMAIL, "Asked by email", staff)
    user = get_user_model().objects.get(pk=world.user.pk)
    assert not user.is_active and not user.has_usable_password() and user.first_name == ""
    response = world.survey.responses.filter(answers__text="Rosa here.").get()
    assert response.user is None and response.ip_address is None and response.user_agent == ""
    from coalition.events.models import Registration

    mine = Registration.objects.get(occurrence=world.occurrence, attended=True)
    assert (mine.name, mine.access_needs, mine.user) == ("Erased", "", None)
    assert not LogEntry.objects.filter(object_repr__icontains="Rosa Ferreira").exists()


def test_the_erasure_is_in_the_audit_log_without_the_address(world, staff):
    erasure = erase_person(EMAIL, "Asked by email", staff)
    entry = LogEntry.objects.get_for_object(erasure).get()
    assert entry.actor == staff
    assert entry.additional_data["reason"] == "Asked by email"
    assert EMAIL not in str(entry.additional_data) + entry.object_repr
    assert EMAIL not in str(Erasure.objects.values())
    assert was_erased(EMAIL) == erasure
    assert erasure.counts["campaigns.Participation"] == 1


def test_a_reason_is_required(world, staff):
    with pytest.raises(PrivacyError):
        erase_person(EMAIL, "  ", staff)
    assert not Erasure.objects.exists()


def test_erasing_twice_changes_nothing_more(world, staff):
    erase_person(EMAIL, "Asked", staff)
    before = totals(world)
    erase_person(EMAIL, "Asked again", staff)
    assert totals(world) == before
    assert Suppression.objects.filter(email=EMAIL).count() == 1
