"""Personal data in a real browser: staff export one person's data (a ZIP downloaded once)
and erase another's with a reason; petition, survey and attendance totals stay right.
The person themselves downloads their own data from their account. Plus the notice."""

import io
import json
import zipfile

from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, sign_in
from django.test import Client
from playwright.sync_api import expect

from coalition.mailings.models import Suppression
from coalition.members.tests.factories import UserFactory
from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.tests.people import EMAIL, build, totals, where_address_appears

STAFF_SECRET = "JBSWY3DPEHPK3PXPPRIVACYAAAAAAAAA"  # noqa: S105 (tests only)
OTHER = "signer0@example.org"


def _zip_from(download) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))


def test_staff_export_one_person_and_erase_another(browse, settings, tmp_path):
    settings.PRIVACY_EXPORT_DIR = tmp_path
    world = build(Client())
    before = totals(world)
    user = UserFactory(is_staff=True, email="coordinator@example.org")
    TOTP.activate(user, STAFF_SECRET)
    staff = browse()
    page = staff.page
    sign_in(staff, user.email, PASSWORD, totp_secret=STAFF_SECRET)

    staff.visit("/staff/privacy/")
    page.get_by_label("Email address of the person", exact=True).fill(EMAIL)
    staff.follow(page.get_by_role("button", name="Prepare the export"))
    expect(page.get_by_role("status")).to_contain_text("being prepared")
    staff.follow(page.get_by_role("link", name="Ready: download once"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the ZIP").click()
    archive = _zip_from(download)
    rows = json.loads(archive.read("json/campaigns.Participation.json"))
    assert rows[0]["email"] == EMAIL
    assert ExportRequest.objects.get().status == "downloaded"
    staff.visit("/staff/privacy/")
    expect(page.get_by_role("cell", name="Downloaded (file deleted)")).to_be_visible()

    page.get_by_label("Email address of the person to erase").fill(OTHER)
    staff.follow(page.get_by_role("button", name="Check what would be erased"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Erase {OTHER}?")
    expect(page.get_by_role("cell", name="campaigns.Participation")).to_be_visible()
    staff.follow(page.get_by_role("button", name="Erase this person"))
    expect(page.get_by_text("Tick the box to confirm the erasure.").first).to_be_visible()
    assert not Erasure.objects.exists()
    page.get_by_label("Reason").fill("Asked by telephone on 2 December")
    page.get_by_label("I understand this cannot be undone").check()
    staff.follow(page.get_by_role("button", name="Erase this person"))
    expect(page.get_by_role("status")).to_contain_text("Erased:")
    expect(page.get_by_role("cell", name="Asked by telephone on 2 December")).to_be_visible()

    assert totals(world) == before
    assert where_address_appears(OTHER) == ["mailings.Suppression.email"]
    assert Suppression.objects.filter(email=OTHER).exists()


def test_a_person_downloads_their_own_data_and_reads_the_notice(browse, settings, tmp_path):
    settings.PRIVACY_EXPORT_DIR = tmp_path
    build(Client())
    site = browse()
    page = site.page
    site.visit("/privacy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_text("deleted after 30 days").first).to_be_visible()
    sign_in(site, EMAIL, PASSWORD)
    site.visit("/account/my-data/")
    site.follow(page.get_by_role("button", name="Prepare my data"))
    site.follow(page.get_by_role("link", name="Download (once)"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the ZIP").click()
    summary = json.loads(_zip_from(download).read("summary.json"))
    assert summary["events.Registration"] == 1
    site.visit("/account/my-data/")
    expect(page.get_by_text("Downloaded (file deleted)")).to_be_visible()
