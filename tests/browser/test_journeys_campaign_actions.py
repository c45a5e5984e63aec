"""Campaign actions in a real browser: signing and confirming by email, a partner's widget
on another site, and every page of taking part checked with axe-core."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import DESKTOP, PASSWORD, PHONE, crawl, sign_in
from django.urls import reverse
from playwright.sync_api import expect

from coalition.campaigns.models import Participation, PartnerLink
from coalition.campaigns.tests.factories import (
    ActionFactory,
    CampaignFactory,
    ParticipationFactory,
    PartnerLinkFactory,
    PledgeFactory,
)
from coalition.members.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

STAFF_SECRET = "JBSWY3DPEHPK3PXPCAMPAIGNSAAAAAAA"  # noqa: S105 (tests only)
SIGNER = "asha.patel@example.net"


@pytest.fixture
def petition(db, settings):
    # Anonymous visitors normally see the page from a 10-second cache; here each visit
    # shows the count as it is, so the journey can watch it rise.
    settings.ACTION_PAGE_CACHE_SECONDS = 0
    campaign = CampaignFactory(
        title="Funding the Community Sector", slug="funding-the-community-sector"
    )
    action = ActionFactory(
        campaign=campaign,
        title="Guarantee three-year funding",
        slug="guarantee-three-year-funding",
        goal=500,
    )
    ParticipationFactory.create_batch(4, action=action, status=Participation.Status.CONFIRMED)
    return action


@pytest.fixture
def representative_user(db):
    organisation = MembershipFactory(organisation__name="Community Matters").organisation
    user = UserFactory(email="david.tyler@example.org")
    person = PersonFactory(email=user.email, user=user, name="David Tyler")
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    return user


def test_a_supporter_signs_confirms_by_email_and_sees_the_count_rise(
    site, petition, smtp_server, live_site
):
    page = site.page
    site.visit(petition.get_absolute_url())
    expect(page.locator(".action-progress__number")).to_have_text("4")
    page.screenshot(path="var/screenshots/campaign-action-desktop.png", full_page=True)

    # Mistakes are shown beside the fields, and what was typed stays.
    page.get_by_label("Your name").fill("Asha Patel")
    page.get_by_label("Email address").fill("asha.patel@")
    page.get_by_label("Postcode").fill("NG1")
    site.follow(page.get_by_role("button", name="Sign the petition"))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_postcode_error")).to_contain_text("Enter a UK postcode")
    expect(page.get_by_label("Your name")).to_have_value("Asha Patel")

    page.get_by_label("Email address").fill(SIGNER)
    page.get_by_label("Postcode").fill("ng1 5fs")
    page.get_by_label("may email me about this campaign").check()
    site.follow(page.get_by_role("button", name="Sign the petition"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Participation.objects.get(email=SIGNER).status == Participation.Status.PENDING

    # The email arrives through a real SMTP server; its link leads to a button.
    message = smtp_server.last_to(SIGNER)
    site.visit(smtp_server.link_in(message, live_site.url))
    site.follow(page.get_by_role("button", name="Confirm my signature"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Asha Patel")
    expect(page.get_by_role("main")).to_contain_text("now has 5 signatures")

    # The link works once; again, it says so.
    site.visit(smtp_server.link_in(message, live_site.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already confirmed")

    site.visit(petition.get_absolute_url())
    expect(page.locator(".action-progress__number")).to_have_text("5")


def serve_partner_page(html: str, request) -> str:
    """A tiny web server on 127.0.0.1 with one page: a partner's site with the widget."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    request.addfinalizer(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}/campaign/"


def test_a_partners_widget_on_another_site_attributes_signatures_to_it(
    browse, petition, representative_user, live_site, request
):
    rep = browse()
    sign_in(rep, "david.tyler@example.org", PASSWORD)
    rep.visit(reverse("campaigns:partner_dashboard"))
    rep.follow(rep.page.get_by_role("link", name="Guarantee three-year funding for Community"))
    rep.follow(rep.page.get_by_role("button", name="Create Community Matters's link and widget"))
    snippet = rep.page.get_by_label("Code to paste").input_value()
    assert "<iframe" in snippet and "/embed/?via=" in snippet
    link = PartnerLink.objects.get()
    embed_src = snippet.split('src="')[1].split('"')[0]

    # A supporter on the partner's own website: the widget in an iframe there.
    visitor = browse(viewport=PHONE)
    partner_page = (
        f"<!doctype html><html lang='en'><title>Community Matters</title>"
        f"<h1>Support the campaign</h1>{snippet}</html>"
    )
    # The partner's site: another origin, served over HTTP on the loopback.
    partner_url = serve_partner_page(partner_page, request)
    visitor.page.goto(partner_url)
    visitor.unchecked.clear()  # the partner's own page: not ours to check
    widget = visitor.page.frame_locator("iframe")
    widget.get_by_label("Your name").fill("Ben Okafor")
    widget.get_by_label("Email address").fill("ben.okafor@example.net")
    widget.get_by_label("Postcode").fill("M1 1AE")
    widget.get_by_role("button", name="Sign the petition").click()
    expect(widget.get_by_role("heading", level=1)).to_have_text("Check your email")
    signature = Participation.objects.get(email="ben.okafor@example.net")
    assert signature.partner == link

    # The representative sees it counted for their organisation.
    rep.visit(reverse("campaigns:partner_dashboard"))
    expect(rep.page.get_by_role("main")).to_contain_text("1 took part")
    visitor.visit(embed_src.replace(live_site.url, ""))  # the widget itself passes axe


def test_every_page_of_taking_part_is_accessible(browse, petition, representative_user, db):
    pledge = PledgeFactory(campaign=petition.campaign, title="Pledge to speak up", slug="pledge")
    ParticipationFactory(
        action=pledge,
        organisation_name="Hill Street Tenants",
        list_publicly=True,
        status=Participation.Status.CONFIRMED,
    )
    pending = ParticipationFactory(action=petition)
    link = PartnerLinkFactory(
        action=petition, organisation=representative_user.person.affiliations.first().organisation
    )
    campaign = petition.campaign.slug
    visitor = browse(viewport=PHONE)
    crawl(
        visitor,
        [
            petition.get_absolute_url(),
            f"{petition.get_absolute_url()}?via={link.code}",
            pledge.get_absolute_url(),
            reverse("campaigns:action_embed", args=[campaign, petition.slug]),
            reverse("campaigns:resend", args=[campaign, petition.slug]),
            reverse("campaigns:pledgers", args=[campaign, pledge.slug]),
            reverse("campaigns:confirm", args=[pending.token]),
        ],
    )
    visitor.visit(petition.get_absolute_url())
    visitor.page.screenshot(path="var/screenshots/campaign-action-phone.png", full_page=True)

    rep = browse()
    sign_in(rep, "david.tyler@example.org", PASSWORD)
    crawl(
        rep,
        [
            reverse("campaigns:partner_dashboard"),
            reverse(
                "campaigns:partner_action", args=[link.organisation.slug, campaign, petition.slug]
            ),
        ],
    )

    staff = UserFactory(is_staff=True, email="naomi.alexander@example.org")
    TOTP.activate(staff, STAFF_SECRET)
    office = browse(viewport=DESKTOP)
    sign_in(office, staff.email, PASSWORD, STAFF_SECRET)
    crawl(
        office,
        [
            reverse("campaigns:staff_index"),
            reverse("campaigns:staff_campaign", args=[campaign]),
            reverse("campaigns:staff_action", args=[campaign, petition.slug]),
            reverse("campaigns:staff_participations", args=[campaign, petition.slug]),
            reverse("campaigns:staff_participations", args=[campaign, petition.slug]) + "?q=x",
        ],
    )
    office.visit(reverse("campaigns:staff_action", args=[campaign, petition.slug]))
    office.page.screenshot(path="var/screenshots/campaign-staff-action.png", full_page=True)
