"""Governance, the work programme and enquiries in a real browser: staff prepare a meeting,
publish its agenda and papers, record minutes, actions and decisions; members vote in a
priority round and see the count; the treasurer sees earned income against the target; an
enquiry is answered by email (through a real SMTP server) and the reply lands in its thread.
Plus an accessibility crawl of the pages with the demo data."""

import mailbox
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, crawl, sign_in, submit_empty
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from coalition.enquiries.models import Enquiry
from coalition.governance.models import Ballot, Body, BodyMember, Meeting, PriorityRound
from coalition.governance.tests.factories import ProposalFactory, RoundFactory
from coalition.members.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from coalition.programme.models import Income
from coalition.programme.tests.factories import IncomeFactory

STAFF_SECRET = "JBSWY3DPEHPK3PXPGOVERNANCEAAAAAA"  # noqa: S105 (tests only)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff_window(browse, email="coordinator@example.org"):
    user = UserFactory(is_staff=True, email=email)
    TOTP.activate(user, STAFF_SECRET)
    window = browse()
    sign_in(window, user.email, PASSWORD, totp_secret=STAFF_SECRET)
    return window


def representative(name, email):
    organisation = MembershipFactory().organisation
    user = UserFactory(email=email)
    person = PersonFactory(name=name, email=email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    return user, person, organisation


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_staff_prepare_a_meeting_record_minutes_actions_and_decisions(site, browse, tmp_path):
    body = Body.objects.create(name="Planning Group", slug="planning-group", kind="planning")
    _user, adrian, _org = representative("Adrian Vale", "adrian@example.org")
    BodyMember.objects.create(body=body, person=adrian, role="Convenor")
    previous = Meeting.objects.create(
        body=body,
        title="Planning Group",
        starts_at=timezone.now() - timedelta(days=90),
        visibility="public",
        minutes="Agreed to revise the work programme.",
        minutes_status="draft",
    )
    staff = staff_window(browse)
    page = staff.page
    staff.visit("/staff/governance/")
    staff.follow(page.get_by_role("link", name="Add a meeting"))
    submit_empty(staff, "Add the meeting")
    page.get_by_label("Body").select_option(label="Planning Group")
    page.get_by_label("Title").fill("Planning Group: work programme")
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT14:00")
    page.get_by_label("Starts at").fill(when)
    page.get_by_label("Visibility").select_option("public")
    staff.follow(page.get_by_role("button", name="Add the meeting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Planning Group: work programme")

    staff.follow(page.get_by_role("link", name="Add an agenda item"))
    page.get_by_label("Title").fill("Campaign priorities and work programme 2010-on")
    page.get_by_label("Owner").select_option(label="Adrian Vale")
    staff.follow(page.get_by_role("button", name="Add to the agenda"))
    staff.follow(page.get_by_role("link", name="Campaign priorities and work programme 2010-on"))
    # A file that is not what it claims is refused; a real PDF is attached.
    fake = tmp_path / "programme.pdf"
    fake.write_bytes(b"MZ this is not a PDF")
    page.get_by_label("Paper title").fill("Draft programme")
    page.get_by_label("File").set_input_files(str(fake))
    staff.follow(page.get_by_role("button", name="Attach the paper"))
    expect(page.get_by_text("This file is not one we accept").first).to_be_visible()
    real = tmp_path / "draft-programme.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Paper title").fill("Draft programme")
    page.get_by_label("File").set_input_files(str(real))
    staff.follow(page.get_by_role("button", name="Attach the paper"))
    expect(page.get_by_role("status")).to_contain_text("is attached")
    staff.follow(page.get_by_role("link", name="Planning Group: work programme"))
    staff.follow(page.get_by_role("button", name="Publish the agenda and papers"))
    expect(page.get_by_role("status")).to_contain_text("published")

    # At this meeting: approve the last minutes, record attendance, minutes, action, decision.
    staff.follow(page.get_by_role("button", name=re.compile("Approve the minutes of")))
    expect(page.get_by_role("status")).to_contain_text("approved and published")
    staff.follow(page.get_by_role("link", name="Record attendance"))
    page.get_by_label("Adrian Vale").select_option("present")
    staff.follow(page.get_by_role("button", name="Save attendance"))
    staff.follow(page.get_by_role("link", name="Write the minutes"))
    page.get_by_label("Draft minutes").fill(
        "## Present\n\nAdrian Vale.\n\nWe agreed the programme."
    )
    staff.follow(page.get_by_role("button", name="Save the draft minutes"))
    staff.follow(page.get_by_role("link", name="Add an action"))
    page.get_by_label("Description").fill("Draft the City Parochial application")
    page.get_by_label("Owner").select_option(label="Adrian Vale")
    page.get_by_label("Due").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    staff.follow(page.get_by_role("button", name="Add the action"))
    staff.follow(page.get_by_role("link", name="Record a decision"))
    page.get_by_label("Title").fill("Apply to the City Parochial Foundation")
    page.get_by_label("What was decided").fill("Chris drafts the application.")
    page.get_by_label("Why").fill("The work fits the Foundation's guidelines.")
    staff.follow(page.get_by_role("button", name="Record the decision"))
    expect(page.get_by_role("status")).to_contain_text("is recorded")

    # The public sees the agenda with its paper, the decision and the approved minutes.
    visitor = browse()
    visitor.visit("/decisions/")
    expect(visitor.page.get_by_text("The work fits the Foundation's guidelines.")).to_be_visible()
    meeting = Meeting.objects.get(title="Planning Group: work programme")
    visitor.visit(meeting.get_absolute_url())
    expect(visitor.page.get_by_role("link", name="Draft programme")).to_be_visible()
    visitor.visit(previous.get_absolute_url())
    expect(visitor.page.get_by_text("Agreed to revise the work programme.")).to_be_visible()

    # Adrian sees the action in My actions and marks it done.
    sign_in(site, "adrian@example.org", PASSWORD)
    site.visit("/meetings/my-actions/")
    site.page.get_by_label(re.compile("Status of")).select_option("done")
    site.follow(site.page.get_by_role("button", name=re.compile("^Update")))
    expect(site.page.get_by_role("status")).to_contain_text("is now done")


def test_members_vote_in_a_priority_round_and_see_the_count(site, browse):
    round = RoundFactory(title="Priorities 2026", slug="priorities-2026")
    first = ProposalFactory(round=round, title="Challenging privatisation")
    second = ProposalFactory(round=round, title="Defending participative ways of working")
    third = ProposalFactory(round=round, title="Promoting the community sector")
    representative("Grace Mensah", "grace@example.org")
    representative("Farid Hussain", "farid@example.org")
    page = site.page
    sign_in(site, "grace@example.org", PASSWORD)
    site.visit("/priorities/")
    site.follow(page.get_by_role("link", name="Priorities 2026"))
    site.follow(page.get_by_role("link", name="Vote"))
    page.get_by_label("Challenging privatisation").select_option("1")
    page.get_by_label("Promoting the community sector").select_option("1")
    site.follow(page.get_by_role("button", name="Cast the ballot"))
    expect(page.get_by_text("Give each a different rank").first).to_be_visible()
    page.get_by_label("Promoting the community sector").select_option("2")
    site.follow(page.get_by_role("button", name="Cast the ballot"))
    expect(page.get_by_role("status")).to_contain_text("Your ballot is recorded")

    other = browse()
    sign_in(other, "farid@example.org", PASSWORD)
    other.visit("/priorities/priorities-2026/vote/")
    other.page.get_by_label("Defending participative ways of working").select_option("1")
    other.page.get_by_label("Challenging privatisation").select_option("2")
    other.follow(other.page.get_by_role("button", name="Cast the ballot"))
    assert Ballot.objects.filter(round=round).count() == 2

    staff = staff_window(browse)
    staff.visit(round.get_staff_url())
    staff.follow(staff.page.get_by_role("button", name="Close voting now and count"))
    staff.follow(staff.page.get_by_role("button", name="Publish the results"))
    expect(staff.page.get_by_role("status")).to_contain_text("published")

    site.visit(round.get_absolute_url())
    expect(page.get_by_role("heading", name="The count")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Round 1"))).to_be_visible()
    # After close, another ballot is refused.
    site.visit("/priorities/priorities-2026/vote/")
    expect(page.get_by_text("Voting in this round has closed.")).to_be_visible()
    round.refresh_from_db()
    assert round.count["winner"] == first.pk
    assert {second.pk, third.pk} <= set(round.count["order"])


def test_the_treasurer_sees_earned_income_against_the_target(browse):
    today = timezone.localdate()
    IncomeFactory(source="grant", amount=Decimal("9000"), received_on=today)
    IncomeFactory(source="subscription", amount=Decimal("2000"), received_on=today)
    IncomeFactory(source="tender_fee", amount=Decimal("1000"), received_on=today)
    staff = staff_window(browse, "treasurer@example.org")
    staff.visit("/staff/programme/")
    staff.follow(staff.page.get_by_role("link", name="Earned income"))
    page = staff.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Earned income")
    expect(
        page.get_by_role("img", name=re.compile("Earned income as a percentage"))
    ).to_be_visible()
    table = page.get_by_role("table", name="Income by financial year (£)")
    expect(table).to_contain_text("25.0%")
    expect(page.get_by_text("against a target of 25%")).to_be_visible()
    # Record income; a negative amount is refused first.
    staff.follow(page.get_by_role("link", name="Income", exact=True))
    page.get_by_label("Source").select_option("donation")
    page.get_by_label("Amount (£)").fill("-50")
    page.get_by_label("Received on").fill(today.isoformat())
    staff.follow(page.get_by_role("button", name="Record the income"))
    expect(page.get_by_text("Enter an amount of more than £0.").first).to_be_visible()
    page.get_by_label("Amount (£)").fill("50")
    staff.follow(page.get_by_role("button", name="Record the income"))
    assert Income.objects.filter(source="donation", amount=Decimal("50")).exists()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"income \(Excel\)")).click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_an_enquiry_is_answered_by_email_and_the_reply_lands_in_its_thread(
    site, browse, smtp_server, tmp_path
):
    page = site.page
    site.visit("/contact/")
    submit_empty(site, "Send your question")
    page.get_by_label("What is it about?").select_option("funding")
    page.get_by_label("Subject").fill("Commissioning in West Sussex")
    page.get_by_label("Your question").fill("Our CVS is asked to bid against its members.")
    page.get_by_label("Your name").fill("Adrian Vale")
    page.get_by_label("Your email").fill("adrian@example.org")
    page.get_by_label(re.compile("I agree that the coalition keeps")).check()
    site.follow(page.get_by_role("button", name="Send your question"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    enquiry = Enquiry.objects.get()

    staff = staff_window(browse)
    staff.visit("/staff/enquiries/")
    staff.follow(staff.page.get_by_role("link", name="Commissioning in West Sussex"))
    staff.page.get_by_label("Reply", exact=True).fill("Talk to your councillors first.")
    staff.follow(staff.page.get_by_role("button", name="Send the reply"))
    expect(staff.page.get_by_role("status")).to_contain_text("on its way")

    sent = smtp_server.last_to("adrian@example.org")
    assert enquiry.reference in sent["Subject"] and "Talk to your councillors" in smtp_server.text(
        sent
    )
    reply_to = sent["Reply-To"]
    # Adrian answers; the mail server delivers to the inbound mailbox, which is read.
    box = mailbox.mbox(tmp_path / "inbound.mbox", create=True)
    box.add(
        (
            f"From: Adrian Vale <adrian@example.org>\nTo: {reply_to}\n"
            f"Subject: Re: {sent['Subject']}\nMessage-ID: <answer-1@example.org>\n\n"
            "Thank you, that helps a lot.\n\nOn Monday, the coalition wrote:\n> Talk to...\n"
        ).encode()
    )
    box.close()
    call_command("enquiries_fetch_mail", "--mbox", str(tmp_path / "inbound.mbox"))
    staff.visit(enquiry.get_staff_url())
    expect(staff.page.get_by_text("Thank you, that helps a lot.")).to_be_visible()
    expect(staff.page.get_by_text("From adrian@example.org").last).to_be_visible()


def test_the_pages_are_accessible(site, browse, demo):
    planning = Meeting.objects.get(
        body__slug="planning-group", starts_at__year=2010, starts_at__month=2
    )
    done = PriorityRound.objects.get(slug="priorities-2010")
    current = PriorityRound.objects.get(slug="priorities-this-year")
    crawl(
        site,
        [
            "/decisions/",
            "/decisions/minutes/",
            planning.get_absolute_url(),
            "/priorities/",
            done.get_absolute_url(),
            current.get_absolute_url(),
            "/contact/",
            "/contact/introductions/",
        ],
    )
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    crawl(
        site,
        ["/meetings/my-actions/", current.get_absolute_url(), f"/priorities/{current.slug}/vote/"],
    )
    staff = staff_window(browse, "crawl.staff@example.org")
    enquiry = Enquiry.objects.filter(messages__kind="reply").first()
    from coalition.enquiries.models import Introduction
    from coalition.programme.models import FundingApplication, Project, Tender

    crawl(
        staff,
        [
            "/staff/governance/",
            planning.get_staff_url(),
            f"/staff/governance/meetings/{planning.pk}/agenda/{planning.agenda_items.first().pk}/",
            f"/staff/governance/meetings/{planning.pk}/attendance/",
            f"/staff/governance/bodies/{planning.body_id}/",
            done.get_staff_url(),
            "/staff/programme/",
            Project.objects.get(slug="management-styles").get_staff_url(),
            "/staff/programme/funders/",
            FundingApplication.objects.get(
                funder__name="Network for Social Change"
            ).get_staff_url(),
            "/staff/programme/income/",
            "/staff/programme/earned-income/",
            "/staff/programme/tenders/",
            Tender.objects.first().get_staff_url(),
            "/staff/enquiries/",
            "/staff/enquiries/ages/",
            enquiry.get_staff_url(),
            "/staff/enquiries/introductions/",
            Introduction.objects.first().get_staff_url(),
        ],
    )
