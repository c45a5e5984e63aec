import pytest
from django.core import mail

from coalition.members.models import Application
from coalition.members.tests.factories import (
    ApplicationFactory,
    MembershipTypeFactory,
    OrganisationFactory,
    RegionFactory,
    application_form_data,
)

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    full = MembershipTypeFactory(name="Full", slug="full")
    region = RegionFactory(name="London")
    extra = {
        "website": "https://www.example.org/nan",
        "charity_number": "1123456",
        "regions": [region.pk],
    }
    return application_form_data(full, **{**extra, **overrides})


def test_it_shows_the_join_form(client):
    MembershipTypeFactory(name="Full", slug="full")
    response = client.get("/join/")
    assert response.status_code == 200
    assert b"Join the coalition" in response.content


def test_it_accepts_an_application_and_emails_the_applicant(client, commit):
    with commit():
        response = client.post("/join/", valid_data())
    assert response.status_code == 302
    assert response["Location"] == "/join/thanks/"
    application = Application.objects.get()
    assert application.organisation_name == "Neighbourhood Action Network"
    assert application.status == Application.Status.PENDING
    assert [m.to for m in mail.outbox] == [["sam.patel@example.org"]]
    assert "received your application" in mail.outbox[0].subject
    thanks = client.get("/join/thanks/")
    assert b"Neighbourhood Action Network" in thanks.content


def test_it_keeps_what_was_typed_and_explains_errors(client):
    response = client.post("/join/", valid_data(declaration=None, charity_number="12"))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Confirm the declaration" in content
    assert "charity number of 6 or 7 digits" in content
    assert 'value="Neighbourhood Action Network"' in content
    assert 'aria-describedby="id_charity_number_error' in content
    assert not mail.outbox


def test_it_refuses_an_organisation_that_is_already_a_member(client):
    OrganisationFactory(name="Neighbourhood Action Network")
    response = client.post("/join/", valid_data(organisation_name="neighbourhood action network"))
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert Application.objects.count() == 0


def test_it_refuses_a_second_pending_application_from_the_same_organisation(client):
    ApplicationFactory(organisation_name="Neighbourhood Action Network")
    response = client.post("/join/", valid_data())
    assert "already have an application" in response.content.decode()
    assert Application.objects.count() == 1


def test_full_membership_needs_most_work_for_the_community_sector(client):
    response = client.post("/join/", valid_data(works_mainly_for_community_sector=None))
    assert "Associate membership may suit you" in response.content.decode()
    assert Application.objects.count() == 0


def test_associates_need_not_work_mainly_for_the_sector(client):
    data = valid_data(works_mainly_for_community_sector=None)
    data["membership_type"] = MembershipTypeFactory(name="Associate", slug="associate").pk
    response = client.post("/join/", data)
    assert response.status_code == 302
    assert Application.objects.get().membership_type.slug == "associate"


def test_thanks_page_without_an_application_sends_people_to_the_form(client):
    response = client.get("/join/thanks/")
    assert response.status_code == 302
    assert response["Location"] == "/join/"
