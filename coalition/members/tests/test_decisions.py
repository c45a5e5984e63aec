import re

import pytest
from django.core import mail

from coalition.members.models import (
    Affiliation,
    Application,
    Invitation,
    Membership,
    Organisation,
    Subscription,
)
from coalition.members.services import AlreadyDecided, approve_application
from coalition.members.tests.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(organisation_name="Rural Voices", contact_email="ana@example.org")


def test_it_shows_the_queue_to_staff(client, staff, application):
    client.force_login(staff)
    response = client.get("/staff/applications/")
    assert response.status_code == 200
    assert b"Rural Voices" in response.content


@pytest.mark.parametrize("persona", ["outsider", "representative", "executive_member"])
def test_it_refuses_the_queue_to_non_staff(client, request, persona, application):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/staff/applications/").status_code == 403
    assert client.post(f"/staff/applications/{application.pk}/approve/").status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_it_sends_anonymous_visitors_to_sign_in(client, application):
    response = client.get(f"/staff/applications/{application.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_approval_creates_member_subscription_and_invitation(client, staff, application, commit):
    client.force_login(staff)
    with commit():
        response = client.post(f"/staff/applications/{application.pk}/approve/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == staff
    organisation = Organisation.objects.get(name="Rural Voices")
    assert application.organisation == organisation
    membership = Membership.objects.get(organisation=organisation)
    assert membership.status == Membership.Status.ACTIVE
    assert Subscription.objects.get(membership=membership).amount == membership.type.annual_fee
    affiliation = Affiliation.objects.get(organisation=organisation)
    assert affiliation.is_representative
    assert affiliation.person.email == "ana@example.org"
    invitation = Invitation.objects.get(person=affiliation.person)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    body = mail.outbox[0].body
    assert invitation.get_absolute_url() in body
    assert mail.outbox[0].alternatives, "the welcome email has an HTML part as well as text"


def test_a_second_approval_is_refused_not_applied_twice(client, staff, application, commit):
    client.force_login(staff)
    with commit():
        client.post(f"/staff/applications/{application.pk}/approve/")
    with commit():
        response = client.post(f"/staff/applications/{application.pk}/approve/")
    assert response.status_code == 409
    assert "already been decided" in response.content.decode()
    assert Organisation.objects.filter(name="Rural Voices").count() == 1
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_rejecting_an_approved_application_is_refused(client, staff, application):
    client.force_login(staff)
    client.post(f"/staff/applications/{application.pk}/approve/")
    response = client.post(
        f"/staff/applications/{application.pk}/reject/", {"reason": "Changed my mind"}
    )
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED


def test_the_service_refuses_a_stale_decision(staff, application):
    stale_copy = Application.objects.get(pk=application.pk)
    approve_application(application, staff)
    with pytest.raises(AlreadyDecided):
        approve_application(stale_copy, staff)


def test_approval_is_refused_when_the_name_is_taken_and_nothing_changes(client, staff, application):
    OrganisationFactory(name="RURAL VOICES")
    client.force_login(staff)
    response = client.post(f"/staff/applications/{application.pk}/approve/")
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_rejection_needs_a_reason(client, staff, application):
    client.force_login(staff)
    response = client.post(f"/staff/applications/{application.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_rejection_emails_the_reason(client, staff, application, commit):
    client.force_login(staff)
    with commit():
        response = client.post(
            f"/staff/applications/{application.pk}/reject/",
            {"reason": "You work only in one county; a local CVS may help."},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "only in one county" in mail.outbox[0].body


def test_the_invited_person_is_linked_when_they_verify_their_email(
    client, staff, application, commit
):
    client.force_login(staff)
    with commit():
        client.post(f"/staff/applications/{application.pk}/approve/")
    client.logout()
    link = re.search(r"/join/invitation/\S+/", mail.outbox[0].body).group(0)
    page = client.get(link)
    assert page.status_code == 200
    assert b"/accounts/signup/?email=ana%40example.org" in page.content

    password = "a-long-pass-phrase"
    with commit():
        response = client.post(
            "/accounts/signup/",
            {"email": "ana@example.org", "password1": password, "password2": password},
        )
    assert response.status_code == 302
    confirm = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    response = client.post(confirm)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.person.user is not None
    assert client.get("/my-organisation/").content.count(b"Rural Voices") >= 1
