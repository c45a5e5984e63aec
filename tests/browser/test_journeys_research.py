"""Research in a real browser: a researcher imports their Zotero export (preview, per-entry
report, import); the library's RIS export imports back cleanly; a member asks for evidence,
staff route it, a researcher answers and the member reads the answer from the email; staff
compose a research briefing and send it through the mailings app. Plus an accessibility
crawl of the research pages (public, the researcher's, the staff's)."""

import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, crawl, sign_in, submit_empty
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.mailings.models import Bulletin, Subscription
from coalition.members.tests.factories import UserFactory
from coalition.research.models import EvidenceRequest, ImportBatch, ResearchGap, ResearchItem

STAFF_SECRET = "JBSWY3DPEHPK3PXPRESEARCHBROWSERA"  # noqa: S105 (tests only)
DEMO_PASSWORD = "coalition-demo-2026"  # noqa: S105 (the demo's published password)
RESEARCHER = "ruth.okafor@example.org"
MEMBER = "david.tyler@example.org"
ZOTERO = Path(__file__).resolve().parents[2] / "coalition/research/tests/data/zotero.bib"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def staff_window(browse, email):
    user = UserFactory(is_staff=True, email=email, first_name="Research", last_name="Staff")
    TOTP.activate(user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, user.email, PASSWORD, totp_secret=STAFF_SECRET)
    return staff


def test_a_researcher_imports_a_zotero_export_and_the_ris_export_round_trips(
    site, browse, demo, tmp_path
):
    page = site.page
    sign_in(site, RESEARCHER, DEMO_PASSWORD)
    site.visit("/research/")
    site.follow(page.get_by_role("link", name="Import from Zotero, Mendeley or EndNote"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import research")
    # A file that is not references first: refused beside the field.
    not_refs = tmp_path / "notes.bib"
    not_refs.write_text("Just some notes, no references here.")
    page.get_by_label("RIS or BibTeX file").set_input_files(str(not_refs))
    site.follow(page.get_by_role("button", name="Check the file"))
    expect(page.locator(".field__error")).to_contain_text("This is not a RIS or BibTeX file")
    page.get_by_label("RIS or BibTeX file").set_input_files(str(ZOTERO))
    site.follow(page.get_by_role("button", name="Check the file"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before importing")
    report = page.get_by_role("region", name="Entries and what happens to each")
    expect(report).to_contain_text("A brace or quote is not closed")
    expect(report).to_contain_text("Its year “20x9” is not a year of publication.")
    expect(report).to_contain_text("the same DOI as entry 2 of this file")
    assert ResearchItem.objects.filter(title__startswith="Managerialism").count() == 0
    site.follow(page.get_by_role("button", name="Import 3 entries"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import report")
    expect(page.get_by_role("status")).to_contain_text("3 entries imported")
    batch = ImportBatch.objects.get()
    assert (batch.imported, batch.refused, batch.duplicates) == (3, 3, 1)

    # Staff publish the import in one go; the items are in the library.
    staff = staff_window(browse, "research.staff@example.org")
    staff.visit("/staff/research/")
    staff.follow(staff.page.get_by_role("link", name="zotero.bib"))
    staff.follow(staff.page.get_by_role("button", name="Publish them all"))
    expect(staff.page.get_by_role("status")).to_contain_text("3 imported items")
    site.visit("/research/?q=Managerialism")
    site.follow(page.get_by_role("link", name="Managerialism and the voluntary sector: a critique"))
    expect(page.get_by_role("region", name="Cite this")).to_contain_text(
        "Hale, M. and Pritchard, O. (2009)"
    )

    # The library's RIS export, downloaded from the list, imports back cleanly.
    site.visit("/research/")
    with page.expect_download() as download:
        page.get_by_role("link", name="RIS", exact=True).click()
    exported = tmp_path / "library.ris"
    download.value.save_as(exported)
    published = ResearchItem.objects.published().count()
    assert exported.read_text().count("ER  - ") == published
    staff.visit("/research/import/")
    staff.page.get_by_label("RIS or BibTeX file").set_input_files(str(exported))
    staff.follow(staff.page.get_by_role("button", name="Check the file"))
    stats = staff.page.get_by_role("list", name="Entries in this file")
    expect(stats).to_contain_text(f"{published} already in the library")
    expect(stats).to_contain_text("0 refused")
    expect(staff.page.get_by_text("There is nothing new to import from this file.")).to_be_visible()


def test_a_member_asks_for_evidence_and_gets_an_answer_and_staff_send_a_briefing(
    site, browse, demo, smtp_server
):
    page = site.page
    sign_in(site, MEMBER, DEMO_PASSWORD)
    site.visit("/research/network/")
    site.follow(page.get_by_role("link", name="Ask for evidence").first)
    submit_empty(site, "Send my request")
    page.get_by_label("What evidence you need").fill(
        "Evidence that commissioning shuts small groups out"
    )
    page.get_by_label("More detail").fill(
        "For our council's scrutiny panel in March: what did commissioning do elsewhere?"
    )
    page.get_by_role("group", name="Themes").get_by_label("Funding and finance").check()
    site.follow(page.get_by_role("button", name="Send my request"))
    expect(page.get_by_role("status")).to_contain_text("We will find researchers")
    evidence = EvidenceRequest.objects.get(title__startswith="Evidence that commissioning")

    # Staff see the suggested researchers and send it to them.
    staff = staff_window(browse, "research.staff2@example.org")
    staff.visit("/staff/research/requests/")
    staff.follow(staff.page.get_by_role("link", name=evidence.title))
    expect(staff.page.get_by_role("region", name="Send to researchers")).to_contain_text(
        "Dr Ruth Okafor"
    )
    staff.page.get_by_label("A note for them").fill("Ruth, your West Sussex work fits.")
    staff.follow(staff.page.get_by_role("button", name="Send to them"))
    expect(staff.page.get_by_role("status")).to_contain_text("Dr Ruth Okafor")

    # The researcher answers from the emailed link, with a library item.
    researcher = browse()
    sign_in(researcher, RESEARCHER, DEMO_PASSWORD)
    routed = smtp_server.last_to(RESEARCHER)
    researcher.visit(smtp_server.link_in(routed, researcher.base_url))
    expect(researcher.page.get_by_role("heading", level=1)).to_have_text(evidence.title)
    researcher.page.get_by_label("Your reply").fill(
        "Our West Sussex study found exactly this: small groups were shut out."
    )
    researcher.page.get_by_label("Library items that help").fill(
        "/research/commissioning-in-west-sussex/"
    )
    researcher.follow(researcher.page.get_by_role("button", name="Send"))
    expect(researcher.page.get_by_role("status")).to_contain_text("Your reply is sent")

    # The member is told by email and reads the answer in the thread.
    answer = smtp_server.last_to(MEMBER)
    assert "small groups were shut out" in smtp_server.text(answer)
    site.visit(smtp_server.link_in(answer, site.base_url + "/research/network/requests/"))
    thread = page.locator(".thread")
    expect(thread).to_contain_text("small groups were shut out")
    site.follow(thread.get_by_role("link", name=re.compile("Commissioning in West Sussex")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commissioning in West Sussex")

    # Staff compose a research briefing from the new research and send it.
    staff.visit("/staff/research/briefing/")
    staff.page.get_by_label("Subject line").fill("Research briefing: commissioning")
    staff.follow(staff.page.get_by_role("button", name="Compose the briefing"))
    expect(staff.page.get_by_text("Answered: What happens to advocacy").first).to_be_visible()
    send = staff.page.get_by_role("button", name=re.compile(r"^Send now to \d+ subscriber"))
    staff.follow(send)
    expect(staff.page.locator("#progress")).to_contain_text("sent")
    bulletin = Bulletin.objects.get(subject="Research briefing: commissioning")
    assert bulletin.mailing_list.slug == "research-briefings"
    reader = (
        Subscription.objects.filter(mailing_list=bulletin.mailing_list, status="subscribed")
        .values_list("subscriber__email", flat=True)
        .first()
    )
    received = smtp_server.last_to(reader)
    assert received["Subject"] == "Research briefing: commissioning"


def test_the_research_pages_are_accessible(site, browse, demo):
    item = ResearchItem.objects.published().first()
    crawl(
        site,
        [
            "/research/",
            "/research/?theme=funding-and-finance&year=2010",
            f"/research/{item.slug}/",
            "/research/gaps/",
            f"/research/gaps/{ResearchGap.objects.first().pk}/",
            "/research/network/",
            "/research/network/ruth-okafor/",
            "/research/learning/",
            "/research/learning/management-styles-workshop-nottingham/",
        ],
    )
    sign_in(site, RESEARCHER, DEMO_PASSWORD)
    crawl(
        site,
        [
            "/research/my/",
            "/research/submit/",
            "/research/import/",
            "/research/network/join/",
            "/research/network/ask/",
            "/research/network/requests/",
            "/research/gaps/new/",
        ],
    )
    staff = staff_window(browse, "research.crawl@example.org")
    crawl(
        staff,
        [
            "/staff/research/",
            "/staff/research/new/",
            f"/staff/research/{ResearchItem.objects.filter(status='submitted').first().pk}/",
            "/staff/research/gaps/",
            "/staff/research/requests/",
            f"/staff/research/requests/{EvidenceRequest.objects.first().pk}/",
            "/staff/research/network/",
            "/staff/research/learning/",
            "/staff/research/briefing/",
        ],
    )
