"""The pages: staff export and erase, a person's own export, the download, the notice."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.urls import reverse

from coalition.mailings.models import Suppression
from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.services import storage
from coalition.privacy.tests.people import EMAIL, build, totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    return build(client)


def _zip(response) -> zipfile.ZipFile:
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_staff_export_is_built_and_downloaded_once(client, staff, world, commit):
    client.force_login(staff)
    with commit():
        response = client.post(reverse("privacy:staff_export"), {"export-email": EMAIL})
    assert response.status_code == 302
    export = ExportRequest.objects.get()
    assert export.status == "ready" and export.by_staff
    assert export.tables["campaigns.Participation"] == 1
    assert storage().exists(export.file_name)
    page = client.get(reverse("privacy:staff_home"))
    assert export.get_absolute_url() in page.content.decode()
    assert client.get(export.get_absolute_url()).status_code == 200
    archive = _zip(client.post(export.get_absolute_url()))
    names = set(archive.namelist())
    assert {"README.txt", "summary.json", "json/campaigns.Participation.json"} <= names
    assert "csv/events.Registration.csv" in names
    rows = json.loads(archive.read("json/events.Registration.json"))
    assert rows[0]["access_needs"] == "Hearing loop" and "token" not in rows[0]
    assert "Rosa here." in archive.read("csv/surveys.Response.csv").decode()
    export.refresh_from_db()
    assert export.status == "downloaded" and not storage().exists(export.file_name)
    again = client.post(export.get_absolute_url(), follow=True)
    assert "no longer available" in again.content.decode()
    events = [
        e.additional_data["event"] for e in LogEntry.objects.get_for_object(export).order_by("pk")
    ]
    assert events == ["export requested", "export downloaded"]


def test_only_the_requester_may_download(client, staff, superuser, world, commit):
    client.force_login(staff)
    with commit():
        client.post(reverse("privacy:staff_export"), {"export-email": EMAIL})
    export = ExportRequest.objects.get()
    client.force_login(superuser)
    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.post(export.get_absolute_url()).status_code == 404
    client.force_login(world.user)
    assert client.post(export.get_absolute_url()).status_code == 404
    export.refresh_from_db()
    assert export.status == "ready"


def test_a_person_exports_their_own_verified_address(client, world, commit, mailoutbox):
    client.force_login(world.user)
    page = client.get(reverse("privacy:my_data"))
    assert EMAIL in page.content.decode()
    with commit():
        response = client.post(reverse("privacy:my_data"), {"email": EMAIL})
    assert response.status_code == 302
    export = ExportRequest.objects.get()
    assert export.requested_by == world.user and export.subject_user == world.user
    assert any(export.get_absolute_url() in m.body for m in mailoutbox)
    archive = _zip(client.post(export.get_absolute_url()))
    summary = json.loads(archive.read("summary.json"))
    assert summary["auth.User"] == 1 and summary["mailings.Subscriber"] == 1


def test_a_person_cannot_export_an_address_not_theirs(client, world):
    EmailAddress.objects.create(user=world.user, email="unverified@example.net", verified=False)
    client.force_login(world.user)
    for address in ("someone.else@example.org", "unverified@example.net"):
        response = client.post(reverse("privacy:my_data"), {"email": address})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not ExportRequest.objects.exists()


def test_staff_export_needs_a_valid_address(client, staff):
    client.force_login(staff)
    response = client.post(reverse("privacy:staff_export"), {"export-email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()


def test_staff_erase_shows_what_is_held_then_needs_a_reason_and_confirmation(client, staff, world):
    client.force_login(staff)
    url = reverse("privacy:staff_erase")
    step = client.post(url, {"erase-email": EMAIL})
    assert step.status_code == 200
    assert "campaigns.Participation" in step.content.decode()
    missing = client.post(url, {"confirm_step": "1", "email": EMAIL, "reason": ""})
    assert missing.status_code == 400
    assert "This field is required" in missing.content.decode()
    unticked = client.post(url, {"confirm_step": "1", "email": EMAIL, "reason": "Asked"})
    assert "Tick the box to confirm" in unticked.content.decode()
    assert not Erasure.objects.exists()
    before = totals(world)
    done = client.post(
        url, {"confirm_step": "1", "email": EMAIL, "reason": "Asked", "confirm": "on"}
    )
    assert done.status_code == 302
    assert Erasure.objects.get().erased_by == staff
    assert Suppression.objects.filter(email=EMAIL).exists()
    assert totals(world) == before


def test_the_notice_says_what_is_collected_and_for_how_long(client, settings):
    settings.PRIVACY_UNCONFIRMED_DAYS = 45
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "deleted after 45 days" in page
    assert "access and dietary needs" in page
    assert "Subscribers: email address" in page
    assert "{PRIVACY" not in page
