import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from coalition.members.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 94, 87)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(organisation, **overrides):
    data = {
        "name": organisation.name,
        "short_name": "",
        "website": "https://www.example.org/",
        "description": "Updated description of our work.",
        "charity_number": "",
        "company_number": "",
        "contact_email": "",
        "feed_url": "",
    }
    data.update(overrides)
    return data


def test_a_representative_edits_their_organisation(client, representative, organisation):
    client.force_login(representative)
    url = f"/members/{organisation.slug}/edit/"
    assert client.get(url).status_code == 200
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client.post(url, {**form_data(organisation), "logo": logo})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "Updated description of our work."
    assert organisation.logo.name.startswith("logos/")
    entry = LogEntry.objects.get_for_object(organisation).latest("timestamp")
    assert entry.actor == representative
    assert "description" in entry.changes_dict


@pytest.mark.parametrize("persona", ["outsider", "executive_member"])
def test_others_cannot_edit_an_organisation_they_do_not_represent(
    client, request, persona, other_organisation
):
    client.force_login(request.getfixturevalue(persona))
    url = f"/members/{other_organisation.slug}/edit/"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(other_organisation, description="Hacked")).status_code == 404
    other_organisation.refresh_from_db()
    assert other_organisation.description != "Hacked"


def test_staff_may_edit_any_organisation(client, staff, organisation):
    client.force_login(staff)
    response = client.post(f"/members/{organisation.slug}/edit/", form_data(organisation))
    assert response.status_code == 302


def test_anonymous_visitors_are_sent_to_sign_in(client, organisation):
    response = client.get(f"/members/{organisation.slug}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("logo.png", b"not an image at all", "image/png"), "not an image"),
        (SimpleUploadedFile("logo.png", b"%PDF-1.4 fake", "image/png"), "not an image"),
    ],
)
def test_it_refuses_a_logo_that_is_not_really_an_image(
    client, representative, organisation, upload, message
):
    client.force_login(representative)
    response = client.post(
        f"/members/{organisation.slug}/edit/", {**form_data(organisation), "logo": upload}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo


def test_it_refuses_a_logo_in_the_wrong_format(client, representative, organisation):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    upload = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    client.force_login(representative)
    response = client.post(
        f"/members/{organisation.slug}/edit/", {**form_data(organisation), "logo": upload}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Upload a PNG, JPEG, GIF or WebP" in content


def test_it_refuses_a_logo_over_the_size_limit(client, representative, organisation, settings):
    settings.LOGO_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.png", png_bytes((400, 400)) + b"\0" * 2000, "image/png")
    client.force_login(representative)
    response = client.post(
        f"/members/{organisation.slug}/edit/", {**form_data(organisation), "logo": upload}
    )
    assert "too large" in response.content.decode()


def test_it_refuses_a_duplicate_name_whatever_the_case(client, representative, organisation):
    OrganisationFactory(name="Urban Forum")
    client.force_login(representative)
    response = client.post(
        f"/members/{organisation.slug}/edit/", form_data(organisation, name="urban forum")
    )
    assert response.status_code == 200
    assert "already listed" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name != "urban forum"


def test_my_organisation_lists_what_the_person_represents(client, representative, organisation):
    client.force_login(representative)
    response = client.get("/my-organisation/")
    assert response.status_code == 200
    assert organisation.name.encode() in response.content


def test_my_organisation_for_someone_without_one(client, outsider):
    client.force_login(outsider)
    response = client.get("/my-organisation/")
    assert b"does not represent an organisation yet" in response.content
