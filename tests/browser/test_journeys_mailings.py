"""Mailings in a real browser: subscribe, confirm from the email, staff fill a bulletin
from the site and send it (through a real SMTP server on loopback), then unsubscribe from
the link in the bulletin. Plus an accessibility crawl of the mailings pages."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, crawl, sign_in, submit_empty
from playwright.sync_api import expect

from coalition.events.tests.factories import EventFactory
from coalition.mailings.models import Subscription
from coalition.mailings.services.tokens import preferences_token
from coalition.mailings.tests.factories import MailingListFactory
from coalition.members.tests.factories import UserFactory

STAFF_SECRET = "JBSWY3DPEHPK3PXPMAILINGSBROWSERA"  # noqa: S105 (tests only)


@pytest.fixture
def lists(db):
    return [
        MailingListFactory(
            name="Coalition bulletin",
            slug="bulletin",
            consent_wording="Email me the coalition bulletin, about once a month.",
        ),
        MailingListFactory(
            name="Research briefings",
            slug="research-briefings",
            consent_wording="Email me research briefings.",
        ),
    ]


def test_subscribe_confirm_receive_a_bulletin_and_unsubscribe(site, browse, lists, smtp_server):
    EventFactory(title="The impact of management styles on voluntary action")
    page = site.page

    # Sign up: a mistake first, then the real thing. Nothing is ticked beforehand.
    site.visit("/subscribe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get our bulletin and briefings")
    expect(
        page.get_by_label("Email me the coalition bulletin, about once a month.")
    ).not_to_be_checked()
    page.get_by_label("Your email address").fill("not an address")
    submit_empty(site, "Subscribe")
    expect(page.get_by_text("Enter an email address like name@example.org.").first).to_be_visible()
    page.get_by_label("Your email address").fill("grace@example.org")
    page.get_by_label("Email me the coalition bulletin, about once a month.").check()
    site.follow(page.get_by_role("button", name="Subscribe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # Confirm from the emailed link: the page asks, the button confirms.
    message = smtp_server.last_to("grace@example.org")
    site.visit(smtp_server.link_in(message, site.base_url))
    site.follow(page.get_by_role("button", name="Confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")

    # Staff start a bulletin, fill it from the site and send it: a few clicks.
    staff_user = UserFactory(is_staff=True, email="mailings.staff@example.org")
    TOTP.activate(staff_user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)
    staff.visit("/staff/mailings/")
    staff.follow(staff.page.get_by_role("link", name="Start a bulletin"))
    staff.page.get_by_label("List").select_option(label="Coalition bulletin")
    staff.page.get_by_label("Subject").fill("Coalition bulletin, March 2010")
    staff.follow(staff.page.get_by_role("button", name="Start and fill from the site"))
    expect(
        staff.page.get_by_role(
            "heading", name="The impact of management styles on voluntary action"
        )
    ).to_be_visible()
    staff.follow(staff.page.get_by_role("link", name="Preview on a phone and a computer"))
    expect(staff.page.get_by_role("heading", name="Phone")).to_be_visible()
    staff.page.go_back()
    staff.checked()
    staff.follow(staff.page.get_by_role("button", name="Send now to 1 subscriber"))
    expect(staff.page.locator("#progress")).to_contain_text("1 sent")

    # The bulletin arrives; its unsubscribe link asks first, then unsubscribes.
    bulletin = smtp_server.last_to("grace@example.org")
    assert bulletin["Subject"] == "Coalition bulletin, March 2010"
    unsubscribe = smtp_server.link_in(bulletin, site.base_url + "/unsubscribe/")
    site.visit(unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe from Coalition bulletin")
    site.follow(page.get_by_role("button", name="Unsubscribe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert Subscription.objects.get(subscriber__email="grace@example.org").status == "unsubscribed"


def test_the_mailings_pages_are_accessible(site, browse, lists, smtp_server):
    from coalition.mailings.tests.factories import SubscriptionFactory

    subscriber = SubscriptionFactory(mailing_list=lists[0]).subscriber
    crawl(
        site,
        [
            "/subscribe/",
            "/mailings/preferences/",
            f"/mailings/preferences/{preferences_token(subscriber)}/",
            "/bulletins/",
        ],
    )
    staff_user = UserFactory(is_staff=True, email="mailings.crawl@example.org")
    TOTP.activate(staff_user, STAFF_SECRET)
    staff = browse()
    sign_in(staff, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)
    crawl(
        staff,
        [
            "/staff/mailings/",
            "/staff/mailings/bulletins/new/",
            f"/staff/mailings/lists/{lists[0].pk}/",
            "/staff/mailings/import/",
            "/staff/mailings/suppressions/",
            f"/staff/mailings/subscribers/{subscriber.pk}/",
        ],
    )
