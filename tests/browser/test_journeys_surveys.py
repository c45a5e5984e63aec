"""Surveys in a real browser: staff build a survey, make a link for every member, two
members' links are answered (one with a mistake first), staff see the results split by
collector and export them; an organisation takes the independence audit, downloads its
report and, once five have shared, sees where it stands. Plus a crawl of the pages."""

import re

import pyreadstat
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from browser_support import PASSWORD, PHONE, crawl, sign_in, submit_empty
from django.core.management import call_command
from playwright.sync_api import expect

from coalition.members.tests.factories import MembershipFactory, UserFactory
from coalition.surveys.demo import SLUG
from coalition.surveys.models import AuditResult, Collector, Response, Survey
from coalition.surveys.services import audit

STAFF_SECRET = "JBSWY3DPEHPK3PXPSURVEYSBROWSERAA"  # noqa: S105 (tests only)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def staff_site(browse):
    user = UserFactory(is_staff=True, email="surveys.coordinator@example.org")
    TOTP.activate(user, STAFF_SECRET)
    site = browse()
    sign_in(site, user.email, PASSWORD, totp_secret=STAFF_SECRET)
    return site


def add_question(site, kind: str, label: str, choices: str = "", required=True):
    page = site.page
    site.follow(page.get_by_role("link", name=re.compile(r"^Add a question")).first)
    page.get_by_label("Type").select_option(label=kind)
    page.get_by_label("Question", exact=True).fill(label)
    if choices:
        page.get_by_label("Choices").fill(choices)
    if required:
        page.get_by_label("Required").check()
    site.follow(page.get_by_role("button", name="Save the question"))
    expect(page.get_by_role("status")).to_contain_text("Question saved")


def answer(site, link: str, funding: str, rating: str):
    page = site.page
    site.visit(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning in West Sussex")
    page.get_by_role("group", name=re.compile("Where does most")).get_by_label(funding).check()
    page.get_by_role("group", name=re.compile("How has commissioning")).get_by_label(
        re.compile(f"^{rating}")
    ).check()
    site.follow(page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_staff_build_share_through_members_see_results_and_export(browse):
    first = MembershipFactory(organisation__name="Adur Voluntary Action").organisation
    second = MembershipFactory(organisation__name="Worthing Community Network").organisation
    staff = staff_site(browse)
    page = staff.page
    staff.visit("/staff/surveys/")
    staff.follow(page.get_by_role("link", name="New survey"))
    page.get_by_label("Title").fill("Commissioning in West Sussex")
    page.get_by_label("All questions on one page").check()
    staff.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Commissioning in West Sussex")
    add_question(
        staff,
        "Single choice",
        "Where does most of your money come from?",
        "grants|Grants\ncontracts|Contracts\ndonations|Donations",
    )
    add_question(staff, "Scale", "How has commissioning affected your group?")
    add_question(staff, "Long text", "Tell us more", required=False)
    staff.follow(page.get_by_role("link", name="Preview"))
    expect(page.get_by_text("Tell us more")).to_be_visible()
    staff.follow(page.get_by_role("link", name="Commissioning in West Sussex"))
    staff.follow(page.get_by_role("button", name="Open the survey"))
    expect(page.get_by_role("status")).to_contain_text("is open")
    staff.follow(page.get_by_role("link", name="Collector links"))
    staff.follow(page.get_by_role("button", name=re.compile("Make a link for every member")))
    survey = Survey.objects.get(title="Commissioning in West Sussex")
    links = {
        c.organisation_id: c.get_absolute_url()
        for c in Collector.objects.filter(survey=survey, organisation__isnull=False)
    }
    expect(page.locator(f'a[href="{links[first.pk]}"]')).to_be_visible()

    # Two people answer through two members' links; the first forgets a question.
    person = browse(viewport=PHONE)
    person.visit(links[first.pk])
    person.page.get_by_role("group", name=re.compile("Where does most")).get_by_label(
        "Contracts"
    ).check()
    person.page.get_by_label("Tell us more").fill("We lost our grant to a tender.")
    submit_empty(person, "Send my answers")
    expect(
        person.page.get_by_role("group", name=re.compile("Where does most")).get_by_label(
            "Contracts"
        )
    ).to_be_checked()
    expect(person.page.get_by_label("Tell us more")).to_have_value("We lost our grant to a tender.")
    person.page.get_by_role("group", name=re.compile("How has commissioning")).get_by_label(
        re.compile("^1")
    ).check()
    person.follow(person.page.get_by_role("button", name="Send my answers"))
    expect(person.page.get_by_role("heading", level=1)).to_have_text("Thank you")
    answer(browse(), links[second.pk], "Grants", "4")
    assert Response.objects.filter(survey=survey).count() == 2

    # Staff see the results split by collector, filter to one, and export.
    staff.visit(f"/staff/surveys/{survey.pk}/results/")
    expect(page.get_by_text("2 responses")).to_be_visible()
    by_collector = page.get_by_role("table", name="Responses by collector")
    expect(
        by_collector.get_by_role("row", name=re.compile("Adur Voluntary Action 1"))
    ).to_be_visible()
    expect(
        by_collector.get_by_role("row", name=re.compile("Worthing Community Network 1"))
    ).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.get_by_label("Collector", exact=True).select_option(label="Adur Voluntary Action")
    staff.follow(page.get_by_role("button", name="Show"))
    expect(page.get_by_text("1 response matches the filters")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV (labels)").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Adur Voluntary Action" in text and "Worthing Community Network" in text
    assert "We lost our grant to a tender." in text
    with page.expect_download() as download:
        page.get_by_role("link", name="SPSS (.sav)").click()
    frame, meta = pyreadstat.read_sav(download.value.path())
    assert sorted(frame["collector"]) == ["Adur Voluntary Action", "Worthing Community Network"]
    assert meta.file_label == survey.title[:64]


def test_an_organisation_takes_the_audit_and_downloads_its_report(browse):
    version = audit.current_version()
    sections = audit.load(version)
    for level in (0, 1, 2, 2, 3):
        answers = {q.pk: q.options.get(score=level).pk for s in sections for q in s.question_list}
        scores, overall = audit.score(sections, answers)
        AuditResult.objects.create(
            version=version, answers={}, scores=scores, overall=overall, contributed=True
        )
    site = browse()
    page = site.page
    site.visit("/independence-audit/")
    site.follow(page.get_by_role("link", name="Start the audit"))
    submit_empty(site, "See my result")
    for group in page.get_by_role("group").all():
        options = group.get_by_role("radio")
        if options.count() == 4:
            options.nth(2).check()
    page.get_by_label("Your organisation's name").fill("Adur Voluntary Action")
    page.get_by_label(re.compile("Add my scores, anonymously")).check()
    site.follow(page.get_by_role("button", name="See my result"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adur Voluntary Action")
    scores = page.get_by_role("table", name="Scores by section")
    expect(scores.get_by_role("row", name=re.compile("Independence of voice 67%"))).to_be_visible()
    expect(scores).to_contain_text("Median")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    # Re-taking later shows the change since last time.
    site.follow(page.get_by_role("link", name="Take it again"))
    site.follow(page.get_by_role("button", name="See my result"))
    expect(page.get_by_text("+0 points since").first).to_be_visible()


def test_the_survey_pages_are_accessible(site, browse, demo):
    survey = Survey.objects.get(slug=SLUG)
    member = survey.collectors.filter(organisation__slug="community-matters").get()
    result = AuditResult.objects.filter(contributed=True).first()
    crawl(
        site,
        [
            "/surveys/",
            f"/surveys/{SLUG}/",
            member.get_absolute_url(),
            f"/surveys/{SLUG}/results/",
            f"/surveys/{SLUG}/thanks/",
            "/independence-audit/",
            "/independence-audit/take/",
            result.get_absolute_url(),
        ],
    )
    phone = browse(viewport=PHONE)
    phone.visit(f"/surveys/{SLUG}/")
    expect(phone.page.get_by_text("Page 1 of")).to_be_visible()
    sign_in(site, "david.tyler@example.org", "coalition-demo-2026")
    site.visit("/surveys/my-links/")
    expect(site.page.get_by_text(member.get_absolute_url()).first).to_be_visible()
    staff = staff_site(browse)
    question = survey.questions.get(name="funding_main")
    crawl(
        staff,
        [
            "/staff/surveys/",
            "/staff/surveys/new/",
            "/staff/surveys/import/",
            "/staff/surveys/audit/",
            f"/staff/surveys/{survey.pk}/",
            f"/staff/surveys/{survey.pk}/settings/",
            f"/staff/surveys/{survey.pk}/preview/",
            f"/staff/surveys/{survey.pk}/collectors/",
            f"/staff/surveys/{survey.pk}/invitations/",
            f"/staff/surveys/{survey.pk}/results/",
            f"/staff/surveys/{survey.pk}/results/?by=funding_main&collector={member.pk}",
            f"/staff/surveys/{survey.pk}/results/publish/",
            f"/staff/surveys/{survey.pk}/questions/{question.pk}/",
            f"/staff/surveys/{survey.pk}/sections/new/",
        ],
    )
