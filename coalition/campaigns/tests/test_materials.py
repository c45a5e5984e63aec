"""Materials and evidence files: downloads, their counts, and uploads checked by content."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fpdf import FPDF
from PIL import Image

from coalition.campaigns.models import Campaign, EvidenceItem, Material
from coalition.campaigns.tests.factories import (
    CampaignFactory,
    EvidenceItemFactory,
    MaterialFactory,
)

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Keep small grants for community groups")
    return bytes(pdf.output())


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b5e57").save(buffer, "PNG")
    return buffer.getvalue()


REAL_FILES = [
    ("briefing.pdf", pdf_bytes, "pdf", "application/pdf"),
    (
        "leaflet.docx",
        docx_bytes,
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("letter.odt", odt_bytes, "odt", "application/vnd.oasis.opendocument.text"),
    ("poster.png", png_bytes, "png", "image/png"),
]
REFUSED_FILES = [
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 a Windows program", "file_wrong_type"),
    ("briefing.pdf", b"<!doctype html><script>alert(1)</script>", "file_wrong_type"),
    ("poster.pdf", None, "file_name_mismatch"),  # a PNG called .pdf
]


# --- Downloads -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, build, kind, content_type", REAL_FILES)
def test_a_material_downloads_as_an_attachment_of_its_type(client, name, build, kind, content_type):
    content = build()
    material = MaterialFactory(title="Campaign briefing", file=SimpleUploadedFile(name, content))
    assert material.kind == kind and material.size == len(content)
    response = client.get(material.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = name.rsplit(".", 1)[1]
    assert response["Content-Disposition"] == (
        f'attachment; filename="campaign-briefing.{extension}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_each_download_is_counted_with_one_update(client):
    material = MaterialFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(material.get_absolute_url())
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"download_count" = ("campaigns_material"."download_count" + 1)' in updates[0]
    client.get(material.get_absolute_url())
    material.refresh_from_db()
    assert material.download_count == 2


def test_a_post_is_refused_and_counts_nothing(client):
    material = MaterialFactory()
    assert client.post(material.get_absolute_url()).status_code == 405
    material.refresh_from_db()
    assert material.download_count == 0


def test_materials_of_drafts_are_for_staff_only(client, staff):
    material = MaterialFactory(campaign=CampaignFactory(status=Campaign.Status.DRAFT))
    assert client.get(material.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(material.get_absolute_url()).status_code == 200


def test_a_material_is_found_only_under_its_own_campaign(client):
    material = MaterialFactory()
    other = CampaignFactory()
    url = reverse("campaigns:material", args=[other.slug, material.pk])
    assert client.get(url).status_code == 404


def test_a_missing_file_is_not_found_rather_than_an_error(client):
    material = MaterialFactory()
    material.file.storage.delete(material.file.name)
    assert client.get(material.get_absolute_url()).status_code == 404


def test_evidence_files_download_and_links_do_not(client):
    campaign = CampaignFactory()
    with_file = EvidenceItemFactory(
        campaign=campaign, title="West Sussex report", file=SimpleUploadedFile("r.pdf", pdf_bytes())
    )
    link_only = EvidenceItemFactory(campaign=campaign)
    response = client.get(reverse("campaigns:evidence_file", args=[campaign.slug, with_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="west-sussex-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    url = reverse("campaigns:evidence_file", args=[campaign.slug, link_only.pk])
    assert client.get(url).status_code == 404
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert reverse("campaigns:evidence_file", args=[campaign.slug, with_file.pk]) in page
    assert link_only.url in page


# --- Uploads are checked by content ----------------------------------------------------------


@pytest.mark.parametrize("name, build, kind, content_type", REAL_FILES)
def test_real_documents_are_accepted(name, build, kind, content_type):
    material = Material(
        campaign=CampaignFactory(), title="Leaflet", file=SimpleUploadedFile(name, build())
    )
    material.full_clean()
    evidence = EvidenceItem(
        campaign=material.campaign,
        title="Report",
        source="Us",
        summary="It shows.",
        file=SimpleUploadedFile(name, build()),
    )
    evidence.full_clean()


@pytest.mark.parametrize("name, content, code", REFUSED_FILES)
def test_renamed_programs_and_web_pages_are_refused(name, content, code):
    upload = SimpleUploadedFile(name, content if content is not None else png_bytes())
    material = Material(campaign=CampaignFactory(), title="Leaflet", file=upload)
    with pytest.raises(ValidationError) as error:
        material.full_clean()
    assert error.value.error_dict["file"][0].code == code


def test_staff_upload_a_material_in_the_admin_and_see_it_on_the_page(client, superuser):
    campaign = CampaignFactory()
    client.force_login(superuser)
    url = reverse("admin:campaigns_material_add")
    refused = client.post(
        url,
        {
            "campaign": campaign.pk,
            "title": "Briefing",
            "order": 0,
            "file": SimpleUploadedFile("briefing.pdf", b"<html><body>not a pdf</body></html>"),
        },
    )
    assert refused.status_code == 200
    assert "This file is not one we accept." in refused.content.decode()
    assert not Material.objects.exists()
    accepted = client.post(
        url,
        {
            "campaign": campaign.pk,
            "title": "Briefing",
            "description": "Two pages for trustees.",
            "order": 0,
            "file": SimpleUploadedFile("briefing.pdf", pdf_bytes()),
        },
    )
    assert accepted.status_code == 302
    material = Material.objects.get()
    assert material.kind == "pdf" and material.size > 0
    client.logout()
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert material.get_absolute_url() in page
    assert "Two pages for trustees." in page
