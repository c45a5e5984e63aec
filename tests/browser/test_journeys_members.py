"""Member journeys in a real browser: joining, becoming a representative, the directory."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, last_email_to, link_in, sign_in
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from coalition.members.models import Application, Organisation
from coalition.members.tests.factories import UserFactory

STAFF_SECRET = "JBSWY3DPEHPK3PXPBROWSERTESTSAAAA"  # noqa: S105 (tests only)
APPLICANT_EMAIL = "priya.shah@riverside-network.example.org"
APPLICANT_PASSWORD = "a-long-walk-by-the-river-42"  # noqa: S105 (tests only)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def staff_user(db):
    user = UserFactory(is_staff=True, email="coordinator@example.org")
    TOTP.activate(user, STAFF_SECRET)
    return user


@pytest.fixture
def logo_png(tmp_path):
    path = tmp_path / "riverside-logo.png"
    image = Image.new("RGB", (120, 120), "#0b5e57")
    image.paste(Image.new("RGB", (60, 60), "#f4b942"), (30, 30))
    image.save(path, "PNG")
    return path


def count_heading(page, text: str):
    return page.get_by_role("heading", level=2, name=text, exact=True)


def apply_to_join(site, organisation_name: str) -> None:
    page = site.page
    site.visit("/")
    site.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Join"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the coalition")
    page.get_by_label("Organisation name").fill(organisation_name)
    page.get_by_label("Website").fill("https://www.riverside-network.example.org")
    page.get_by_label("What your organisation does").fill(
        "A national network of riverside community groups, sharing skills and campaigning "
        "for clean and accessible rivers."
    )
    page.get_by_label("Charity number").fill("1123456")
    page.get_by_role("group", name="Where you work").get_by_label("England-wide").check()
    page.get_by_role("group", name="Areas of work").get_by_role("checkbox").first.check()
    page.get_by_label("Your name").fill("Priya Shah")
    page.get_by_label("Your email").fill(APPLICANT_EMAIL)
    page.get_by_label("Your role").fill("Chief Executive")
    page.get_by_role("group", name="Type of membership").get_by_label("Full").check()
    page.get_by_label("We are a voluntary or charitable organisation").check()
    page.get_by_label("We work across England").check()
    page.get_by_label("The major part of our work").check()
    page.get_by_label("I confirm that I am authorised").check()
    site.follow(page.get_by_role("button", name="Send application"))
    assert site.path == "/join/thanks/"
    expect(page.get_by_role("main")).to_contain_text(organisation_name)


def test_an_applicant_joins_and_completes_the_profile(site, browse, demo, staff_user, logo_png):
    page = site.page
    name = "Riverside Community Network"

    # A person applies on behalf of their organisation and is told it arrived.
    apply_to_join(site, name)
    assert "received your application" in last_email_to(APPLICANT_EMAIL).subject
    application = Application.objects.get(organisation_name=name)
    assert application.status == Application.Status.PENDING

    # Someone looks at the directory before the decision (the page is cached now).
    visitor = browse()
    visitor.visit("/members/")
    members_before = Organisation.objects.listed().count()
    expect(count_heading(visitor.page, f"{members_before} organisations")).to_be_visible()

    # The coordinator signs in with two-factor and approves the application.
    staff = browse()
    sign_in(staff, staff_user.email, PASSWORD, totp_secret=STAFF_SECRET)
    assert staff.path == "/staff/"
    staff.visit("/staff/applications/")
    staff.follow(staff.page.get_by_role("link", name=name))
    assert staff.path == f"/staff/applications/{application.pk}/"
    staff.follow(staff.page.get_by_role("button", name="Approve application"))
    assert staff.path == "/staff/applications/"
    expect(staff.page.get_by_role("status")).to_contain_text(f"{name} is now a member")
    organisation = Organisation.objects.get(name=name)

    # The applicant follows the invitation link, creates an account and verifies it.
    invitation = last_email_to(APPLICANT_EMAIL)
    assert invitation.subject == f"Welcome: {name} is now a member"
    site.visit(link_in(invitation, site.base_url))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome to the coalition")
    site.follow(page.get_by_role("link", name="Create your account"))
    assert site.path.startswith("/accounts/signup/?email=")
    expect(page.get_by_label("Email")).to_have_value(APPLICANT_EMAIL)
    page.get_by_label("Password", exact=True).fill(APPLICANT_PASSWORD)
    page.get_by_label("Password (again)").fill(APPLICANT_PASSWORD)
    site.follow(page.get_by_role("button", name="Sign up"))
    assert site.path == "/accounts/confirm-email/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    site.visit(link_in(last_email_to(APPLICANT_EMAIL), site.base_url))
    site.follow(page.get_by_role("button", name="Confirm"))
    assert site.path == "/my-organisation/"
    expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()

    # Now a representative, they update the profile and add a logo.
    site.follow(page.get_by_role("link", name="My organisation"))
    site.follow(page.get_by_role("link", name=f"Edit profile of {name}"))
    assert site.path == f"/members/{organisation.slug}/edit/"
    new_description = "We look after 240 riverside groups and run the Clean Rivers campaign."
    page.get_by_label("Description").fill(new_description)
    page.get_by_label("Logo").set_input_files(logo_png)
    site.follow(page.get_by_role("button", name="Save profile"))
    assert site.path == f"/members/{organisation.slug}/"
    expect(page.get_by_role("status")).to_contain_text("profile has been updated")
    expect(page.get_by_role("main")).to_contain_text(new_description)
    logo = page.get_by_role("img", name=f"{name} logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 120

    # Anyone can see the new profile and find the organisation in the directory.
    visitor.visit(f"/members/{organisation.slug}/")
    expect(visitor.page.get_by_role("main")).to_contain_text(new_description)
    visitor.visit("/members/")
    expect(count_heading(visitor.page, f"{members_before + 1} organisations")).to_be_visible()
    visitor.page.get_by_label("Search by name").fill("riverside")
    visitor.follow(visitor.page.get_by_role("button", name="Show members"))
    expect(visitor.page.locator(".org-list").get_by_role("link")).to_have_text([name])


def test_the_directory_can_be_searched_and_filtered(site, demo):
    page = site.page
    listed = Organisation.objects.listed().count()
    assert listed > 24, "the demo should fill more than one page of the directory"
    results = page.locator(".org-list > li")
    search = page.get_by_role("search", name="Search and filter members")

    site.visit("/")
    site.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Members"))
    assert site.path == "/members/"
    expect(count_heading(page, f"{listed} organisations")).to_be_visible()
    expect(results).to_have_count(24)

    # Pagination: the second page holds the rest.
    pages = page.get_by_role("navigation", name="Pages")
    site.follow(pages.get_by_role("link", name="Next page"))
    assert site.path == "/members/?page=2"
    expect(results).to_have_count(listed - 24)
    expect(pages.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")

    # Search by name.
    search.get_by_label("Search by name").fill("community matters")
    site.follow(search.get_by_role("button", name="Show members"))
    assert site.path.startswith("/members/?q=community+matters")
    expect(count_heading(page, "1 organisation found")).to_be_visible()
    expect(results.get_by_role("heading")).to_have_text(["Community Matters"])
    expect(search.get_by_label("Search by name")).to_have_value("community matters")

    # Filter by type.
    search.get_by_label("Search by name").fill("")
    search.get_by_label("Membership type").select_option(label="Associate")
    site.follow(search.get_by_role("button", name="Show members"))
    assert "type=associate" in site.path
    associates = Organisation.objects.filter(
        memberships__status="active", memberships__type__slug="associate"
    )
    expected = sorted(associates.values_list("name", flat=True))
    assert 0 < len(expected) < listed
    assert sorted(results.get_by_role("heading").all_inner_texts()) == expected
    assert set(results.locator(".badge").all_inner_texts()) == {"Associate member"}

    # Filter by area of work and region together.
    theme_name, theme_slug = (
        associates.exclude(themes=None).values_list("themes__name", "themes__slug").first()
    )
    search.get_by_label("Membership type").select_option(label="Any type")
    search.get_by_label("Area of work").select_option(label=theme_name)
    search.get_by_label("Region").select_option(label="England-wide")
    site.follow(search.get_by_role("button", name="Show members"))
    assert f"theme={theme_slug}" in site.path and "region=england-wide" in site.path
    expected = sorted(
        Organisation.objects.listed()
        .filter(themes__slug=theme_slug, regions__slug="england-wide")
        .distinct()
        .values_list("name", flat=True)
    )
    assert expected
    assert sorted(results.get_by_role("heading").all_inner_texts()) == expected
    expect(search.get_by_label("Area of work")).to_have_value(theme_slug)

    # A search that finds nothing says so.
    search.get_by_label("Search by name").fill("no such organisation anywhere")
    site.follow(search.get_by_role("button", name="Show members"))
    expect(count_heading(page, "0 organisations found")).to_be_visible()
    expect(page.get_by_text("No members match your search")).to_be_visible()

    # Clearing the filters shows everyone again.
    site.follow(search.get_by_role("link", name="Clear filters"))
    assert site.path == "/members/"
    expect(count_heading(page, f"{listed} organisations")).to_be_visible()
    expect(search.get_by_role("link", name="Clear filters")).to_have_count(0)
    expect(search.get_by_label("Search by name")).to_have_value("")
    expect(search.get_by_label("Area of work")).to_have_value("")
