"""Policy and discussions in a real browser: staff add a consultation and draft a joint
response; members comment and sign; the response is published with its signatories and
PDF. A member starts a discussion, another replies, and the first is told by email. Plus an
accessibility crawl of the policy and discussion pages with the demo data."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, crawl, last_email_to, link_in, sign_in, submit_empty
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from coalition.discussions.models import Thread
from coalition.members.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    PersonFactory,
    ThemeFactory,
    UserFactory,
)
from coalition.policy.models import Development, Response, Section, Signature

STAFF_SECRET = "JBSWY3DPEHPK3PXPPOLICYAAAAAAAAAA"  # noqa: S105 (tests only)


def staff_window(browse, email="coordinator@example.org"):
    user = UserFactory(is_staff=True, email=email)
    TOTP.activate(user, STAFF_SECRET)
    window = browse()
    sign_in(window, user.email, PASSWORD, totp_secret=STAFF_SECRET)
    return window


def member_window(browse, name, email, organisation_name):
    organisation = MembershipFactory(organisation__name=organisation_name).organisation
    user = UserFactory(email=email)
    person = PersonFactory(name=name, email=email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    window = browse()
    sign_in(window, email, PASSWORD)
    return window, organisation


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_staff_draft_a_response_members_comment_and_sign_and_it_is_published(browse):
    ThemeFactory(name="Local democracy")
    staff = staff_window(browse)
    page = staff.page
    staff.visit("/staff/policy/")
    staff.follow(page.get_by_role("link", name="Add a policy development"))
    submit_empty(staff, "Save")
    page.get_by_label("Title", exact=True).fill("Devolving decisions to neighbourhoods")
    page.get_by_label("Kind").select_option("consultation")
    page.get_by_label("Issued by").select_option("government")
    page.get_by_label("Issuing body").fill("Department for Communities and Local Government")
    page.get_by_label("Published").fill(timezone.localdate().isoformat())
    page.get_by_label("Consultation closes").fill(
        (timezone.localdate() + timedelta(days=20)).isoformat()
    )
    page.get_by_label("Summary").fill("Decisions and budgets to neighbourhood level.")
    page.get_by_label("Local democracy").check()
    page.get_by_label("Status").select_option("responding")
    staff.follow(page.get_by_role("button", name="Save"))
    development = Development.objects.get()

    staff.follow(page.get_by_role("link", name="Start a joint response"))
    page.get_by_label("Development").select_option(str(development.pk))
    page.get_by_label("Title", exact=True).fill("Neighbourhood devolution: our response")
    page.get_by_label("Members sign until").fill(
        (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT17:00")
    )
    staff.follow(page.get_by_role("button", name="Save"))
    response = Response.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(response.title)
    staff.follow(page.get_by_role("link", name="Add a section"))
    page.get_by_label("Heading").fill("Which decisions should be devolved?")
    page.get_by_label("Text").fill("Decisions about local services should be taken locally.")
    staff.follow(page.get_by_role("button", name="Save the section"))

    # A member comments with proposed wording; another member signs.
    first, first_org = member_window(browse, "Toby Blume", "toby@example.org", "Urban Forum")
    first.visit("/policy/responses/")
    first.follow(first.page.get_by_role("link", name=response.title))
    first.page.get_by_label("Comment on “Which decisions should be devolved?”").fill(
        "Say which services, and give budgets too."
    )
    first.page.get_by_text("Propose wording").click()
    first.page.get_by_label("Your wording for this section (optional)").fill(
        "Decisions and budgets for local services should be devolved."
    )
    first.follow(first.page.get_by_role("button", name="Add comment"))
    expect(first.page.get_by_text("Say which services, and give budgets too.")).to_be_visible()
    first.follow(first.page.get_by_role("button", name="Sign for Urban Forum"))
    expect(first.page.get_by_text("Urban Forum has signed this response.")).to_be_visible()

    second, second_org = member_window(browse, "Sylvia Brown", "sylvia@example.org", "ACRE")
    second.visit(response.get_absolute_url())
    second.follow(second.page.get_by_role("button", name="Sign for ACRE"))
    assert Signature.objects.filter(response=response).count() == 2

    # Staff take the wording in, resolve the comment and publish.
    section = Section.objects.get()
    staff.visit(f"/staff/policy/sections/{section.pk}/")
    page.get_by_label("Text").fill("Decisions and budgets for local services should be devolved.")
    page.get_by_label("What you changed").fill("Urban Forum's wording")
    staff.follow(page.get_by_role("button", name="Save the section"))
    staff.follow(page.get_by_role("button", name="Mark resolved"))
    submit_empty(staff, "Publish the response")
    page.get_by_label("Date submitted").fill(timezone.localdate().isoformat())
    staff.follow(page.get_by_role("button", name="Publish the response"))

    # Anyone now reads it with its signatories, history and PDF.
    public = browse()
    public.visit(response.get_absolute_url())
    signatories = public.page.locator("#signatories")
    expect(signatories.get_by_role("link", name="Urban Forum")).to_be_visible()
    expect(signatories.get_by_role("link", name="ACRE")).to_be_visible()
    pdf = public.page.request.get(f"/policy/responses/{response.slug}/pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    public.follow(public.page.get_by_role("link", name="History of changes"))
    expect(public.page.locator("ins").first).to_be_visible()
    expect(public.page.get_by_text("“Urban Forum's wording”")).to_be_visible()


def test_a_member_starts_a_discussion_and_another_replies_and_is_heard(browse):
    ThemeFactory(name="Funding and finance")
    first, _ = member_window(browse, "David Tyler", "david@example.org", "Community Matters")
    page = first.page
    first.visit("/discussions/")
    first.follow(page.get_by_role("link", name="Start a discussion"))
    submit_empty(first, "Start the discussion")
    page.get_by_label("Title").fill("Commissioning in West Sussex")
    page.get_by_label("Theme").select_option(label="Funding and finance")
    page.get_by_label("Public: anyone may read it").check()
    page.get_by_label("Your first post").fill("What are your members seeing?")
    first.follow(page.get_by_role("button", name="Start the discussion"))
    thread = Thread.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning in West Sussex")
    # The author corrects the first post; readers see that it was edited.
    first.follow(page.get_by_role("link", name="Edit Community Matters's post"))
    page.get_by_label("Your post").fill("What are your members seeing in West Sussex?")
    first.follow(page.get_by_role("button", name="Save the post"))
    expect(page.get_by_text("What are your members seeing in West Sussex?")).to_be_visible()
    expect(page.get_by_text("(edited", exact=False)).to_be_visible()

    second, _ = member_window(browse, "Kevin Curley", "kevin@example.org", "NAVCA")
    second.visit(thread.get_absolute_url())
    second.follow(second.page.get_by_role("link", name="Quote Community Matters's post"))
    second.page.get_by_label("Your reply").fill("Small groups are shut out of large contracts.")
    second.follow(second.page.get_by_role("button", name="Post your reply"))
    expect(second.page.get_by_text("Small groups are shut out of large contracts.")).to_be_visible()

    message = last_email_to("david@example.org")
    assert "Commissioning in West Sussex" in message.subject
    first.visit(link_in(message, first.base_url))
    expect(page.get_by_text("Small groups are shut out of large contracts.")).to_be_visible()
    expect(page.get_by_text("Community Matters wrote:")).to_be_visible()


def test_the_pages_are_accessible(site, browse, demo):
    development = Development.objects.get(slug="devolving-decisions-to-neighbourhoods")
    published = Response.objects.get(status="published")
    draft = Response.objects.get(status="drafting")
    section = published.sections.first()
    thread = Thread.objects.filter(visibility="public").first()
    from coalition.policy.models import Position, Publication

    crawl(
        site,
        [
            "/policy/",
            "/policy/deadlines/",
            development.get_absolute_url(),
            "/policy/responses/",
            published.get_absolute_url(),
            f"/policy/responses/{published.slug}/sections/{section.pk}/history/",
            "/policy/positions/",
            Position.objects.first().get_absolute_url(),
            "/policy/others/",
            "/publications/",
            Publication.objects.first().get_absolute_url(),
            "/discussions/",
            thread.get_absolute_url(),
            "/members/community-matters/",
        ],
    )
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    crawl(
        site,
        [
            draft.get_absolute_url(),
            "/discussions/new/",
            "/discussions/email/",
            f"/discussions/posts/{thread.posts.first().pk}/report/",
        ],
    )
    staff = staff_window(browse, "crawl.staff@example.org")
    crawl(
        staff,
        [
            "/staff/policy/",
            draft.get_staff_url(),
            f"/staff/policy/sections/{draft.sections.first().pk}/",
            "/staff/policy/developments/new/",
            "/staff/policy/positions/new/",
            "/staff/policy/publications/new/",
            "/staff/policy/statements/new/",
            "/staff/discussions/",
            f"/staff/discussions/threads/{thread.pk}/",
        ],
    )
