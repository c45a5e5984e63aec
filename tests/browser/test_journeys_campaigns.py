"""Campaign journeys in a real browser: finding and reading a campaign, downloading a
material, writing to a decision-maker, and every campaign page checked with axe."""

import pytest
from browser_support import DESKTOP, PHONE, SCREENSHOTS, crawl, sign_in
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.campaigns.letters import daily_limit, letters_used_today
from coalition.campaigns.models import Campaign, DecisionMaker, Letter, Material, Participation
from coalition.members.management.commands.load_demo import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    STAFF_EMAIL,
)

GOVERNANCE = "/campaigns/strengthening-local-governance/"
LETTER_ACTION = GOVERNANCE + "write-to-your-council-leader/"
LEADER = "leader@nottingham-council.example.org"
MINISTER = "minister.localgovernment@example.org"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_a_visitor_finds_a_campaign_reads_it_and_downloads_a_material(site, demo):
    page = site.page
    site.visit("/")
    take_action = page.get_by_role("region", name="Take action")
    expect(take_action).to_contain_text("Funding the Community Sector")
    site.follow(take_action.get_by_role("link", name="Funding the Community Sector"))
    assert site.path == "/campaigns/funding-the-community-sector/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Funding the Community Sector")
    expect(page.get_by_role("heading", name="Our goal")).to_be_visible()
    expect(page.get_by_role("heading", name="The evidence")).to_be_visible()
    expect(page.get_by_role("heading", name="Campaign tips")).to_be_visible()
    expect(page.locator(".progress__number").first).to_contain_text("3,")
    lead = page.get_by_role("link", name="National Association for Voluntary and Community Action")
    expect(lead).to_be_visible()

    material = Material.objects.get(title="Briefing: funding the community sector")
    with page.expect_download() as download:
        page.get_by_role("link", name=material.title).click()
    saved = download.value.path()
    with open(saved, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename == "briefing-funding-the-community-sector.pdf"
    material.refresh_from_db()
    assert material.download_count == 1

    # Back to the list, filtered to what has been won.
    site.follow(page.get_by_role("navigation", name="Breadcrumb").get_by_role("link"))
    assert site.path == "/campaigns/"
    page.get_by_label("Status").select_option("won")
    site.follow(page.get_by_role("button", name="Show campaigns"))
    expect(page.locator(".campaign-list .campaign-card__title")).to_have_text(
        ["Safeguarding the Community Sector"]
    )
    site.follow(page.get_by_role("link", name="Safeguarding the Community Sector"))
    expect(page.get_by_role("main")).to_contain_text("Handed in on")


def public_campaign_paths() -> list[str]:
    slugs = Campaign.objects.public().order_by("slug").values_list("slug", flat=True)
    return [
        "/campaigns/",
        "/campaigns/?status=won",
        "/campaigns/?theme=local-democracy",
        *[f"/campaigns/{slug}/" for slug in slugs],
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_campaign_page_is_accessible(browse, demo, axe_required, viewport):
    site = browse(viewport)
    paths = public_campaign_paths()
    crawl(site, paths)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = "phone" if viewport == PHONE else "desktop"
    for path in ("/campaigns/", "/campaigns/funding-the-community-sector/"):
        site.visit(path)
        name = path.strip("/").replace("/", "-")
        site.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_letter_reaches_the_decision_makers_inbox_once_confirmed(site, demo, smtp_server):
    page = site.page
    minister = DecisionMaker.objects.get(email=MINISTER)
    # The demo's minister has had their daily limit of letters today (unless the day has
    # only just begun): theirs then waits for tomorrow's release.
    minister_full = letters_used_today(minister) >= daily_limit(minister)
    site.visit(GOVERNANCE)
    site.follow(page.get_by_role("link", name="Write the letter").first)
    assert site.path == LETTER_ACTION
    expect(page.get_by_role("group", name="Your letter")).to_contain_text(
        "Councillor Margaret Hale"
    )
    printable = page.get_by_role("link", name="Print the letter instead")
    pdf = page.request.get(printable.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    page.get_by_label("Your name").fill("Harjit Kaur")
    page.get_by_label("Email address").fill("harjit.kaur@example.net")
    page.get_by_label("Postcode").fill("ng7 2rd")
    letter = page.get_by_label("Your letter")
    assert letter.input_value().startswith("As decisions, and in some cases budgets, move")
    letter.fill("Our tenants' association in Radford would take part gladly. Will you help us?")
    site.follow(page.get_by_role("button", name="Send my letter"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")
    assert smtp_server.to(LEADER) == []  # nothing is sent before the supporter confirms

    confirmation = smtp_server.last_to("harjit.kaur@example.net")
    site.visit(smtp_server.link_in(confirmation, site.base_url))
    site.follow(page.get_by_role("button", name="Confirm and send my letter"))
    expect(page.get_by_role("main")).to_contain_text("Your letter is on its way")

    message = smtp_server.last_to(LEADER)
    assert message["Reply-To"] == "harjit.kaur@example.net"
    text = smtp_server.text(message).replace("\r\n", "\n")
    assert text.startswith("Dear Councillor Margaret Hale,\n\nOur tenants' association in Radford")
    assert "Harjit Kaur\nNG7 2RD" in text
    participation = Participation.objects.get(email="harjit.kaur@example.net")
    statuses = dict(participation.letters.values_list("decision_maker__email", "status"))
    assert statuses[LEADER] == Letter.Status.SENT
    if minister_full:
        assert statuses[MINISTER] == Letter.Status.HELD
        assert smtp_server.to(MINISTER) == []
    else:
        assert statuses[MINISTER] == Letter.Status.SENT
        assert smtp_server.last_to(MINISTER)["Reply-To"] == "harjit.kaur@example.net"


def test_staff_follow_the_letters_sent_held_and_failed(site, demo):
    page = site.page
    sign_in(site, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    site.visit(GOVERNANCE)
    site.follow(page.get_by_role("link", name="Letters sent (staff)"))
    assert (
        site.path
        == "/staff/campaigns/strengthening-local-governance/write-to-your-council-leader/letters/"
    )
    held = Letter.objects.filter(status=Letter.Status.HELD).count()
    expect(page.get_by_role("list").filter(has_text="held until tomorrow")).to_contain_text(
        str(held)
    )
    page.get_by_label("Show").select_option("failed")
    site.follow(page.get_by_role("button", name="Show letters"))
    expect(page.get_by_role("region", name="Letters", exact=True)).to_contain_text("Mailbox full")
