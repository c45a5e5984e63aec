from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.surveys.models import Answer, Collector, Invitation, Response, Survey
from coalition.surveys.tests.factories import GOOD, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    return make_survey()


def url(survey):
    return reverse("surveys:survey", args=[survey.slug])


def test_the_list_shows_open_listed_surveys_only(client, survey):
    make_survey(title="A draft", status=Survey.Status.DRAFT)
    make_survey(title="Link only", is_listed=False)
    make_survey(title="Over", closes_at=timezone.now() - timedelta(days=1))
    page = client.get(reverse("surveys:list")).content.decode()
    assert survey.title in page
    for hidden in ("A draft", "Link only", "Over"):
        assert hidden not in page


def test_one_page_answer_is_stored_with_rows_for_counting(client, survey):
    response = client.post(url(survey), GOOD)
    assert response.status_code == 303
    assert response["Location"] == reverse("surveys:thanks", args=[survey.slug])
    stored = Response.objects.get()
    assert stored.status == "complete"
    assert stored.data["postcode"] == "BN43 5FA"
    assert stored.data["priorities"] == ["grants", "donations", "contracts"]
    assert stored.data["ratings"] == {"voice": "2", "action": "3"}
    assert stored.collector.name == "Public page"
    codes = set(Answer.objects.filter(question__name="worries").values_list("code", flat=True))
    assert codes == {"cuts", "paperwork"}
    assert Answer.objects.get(question__name="ratings", row=2).code == "3"
    assert Answer.objects.get(question__name="priorities", code="contracts").row == 3


def test_anonymous_mode_keeps_no_address_browser_or_time(client, survey, outsider):
    client.force_login(outsider)
    client.post(url(survey), GOOD, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.1.2.3")
    stored = Response.objects.get()
    assert stored.ip_address is None
    assert stored.user_agent == ""
    assert stored.user is None
    assert stored.submitted_at is None
    assert stored.submitted_on == timezone.localdate()


def test_identified_mode_keeps_them(client, outsider):
    survey = make_survey(mode=Survey.Mode.IDENTIFIED)
    client.force_login(outsider)
    client.post(url(survey), GOOD, HTTP_USER_AGENT="Firefox")
    stored = Response.objects.get()
    assert stored.user == outsider
    assert stored.user_agent == "Firefox"
    assert stored.ip_address == "127.0.0.1"
    assert stored.submitted_at is not None


def test_hidden_questions_answers_are_discarded(client, survey):
    data = {**GOOD, "funding": "grants"}
    assert client.post(url(survey), data).status_code == 303
    stored = Response.objects.get()
    assert "worries" not in stored.data and "impact" not in stored.data
    assert not Answer.objects.filter(question__name__in=["worries", "impact", "story"]).exists()


def test_a_question_hidden_by_another_on_the_same_page(client, survey):
    client.post(url(survey), {**GOOD, "impact": "4"})
    assert "story" not in Response.objects.get().data


def test_errors_are_shown_per_question_and_typing_kept(client, survey):
    bad = {
        **GOOD,
        "staff": "900",
        "postcode": "nowhere",
        "email": "not-an-email",
        "name": "x" * 50,
        "consent": "",
        "priorities__contracts": "1",
    }
    response = client.post(url(survey), bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a number from 0 to 500." in page  # the custom message
    assert "Enter a UK postcode" in page
    assert "Enter an email address." in page
    assert "Use at most 40 characters." in page
    assert "You need to agree to take part." in page
    assert "Rank 1 is already given" in page
    assert 'value="nowhere"' in page and 'value="900"' in page
    assert not Response.objects.exists()


def test_required_questions_hidden_by_a_condition_are_not_required(client):
    survey = make_survey()
    q = survey.questions.get(name="worries")
    q.required = True
    q.save()
    survey.save()
    assert client.post(url(survey), {**GOOD, "funding": "grants", "worries": []}).status_code == 303


def test_closed_full_and_not_open_surveys_store_nothing(client):
    closed = make_survey(status=Survey.Status.CLOSED)
    assert client.get(url(closed)).status_code == 410
    assert client.post(url(closed), GOOD).status_code == 410
    later = make_survey(opens_at=timezone.now() + timedelta(days=3))
    assert client.get(url(later)).status_code == 403
    full = make_survey(response_limit=1)
    assert client.post(url(full), GOOD).status_code == 303
    assert client.get(url(full)).status_code == 410
    response = client.post(url(full), GOOD)
    assert response.status_code == 409
    assert "all the answers it needs" in response.content.decode()
    assert Response.objects.count() == 1
    draft = make_survey(status=Survey.Status.DRAFT)
    assert client.get(url(draft)).status_code == 404


def test_collector_links_attribute_responses(client, survey, organisation):
    collector = Collector.objects.create(survey=survey, name="Adur", organisation=organisation)
    link = reverse("surveys:collector", args=[collector.token])
    assert client.get(link).status_code == 200
    assert client.post(link, GOOD).status_code == 303
    assert Response.objects.get().collector == collector
    collector.is_active = False
    collector.save()
    assert client.post(link, GOOD).status_code == 410
    assert Response.objects.count() == 1


def test_unlisted_surveys_are_answered_only_through_links(client):
    survey = make_survey(is_listed=False)
    assert client.get(url(survey)).status_code == 404


def test_single_use_invitation(client):
    survey = make_survey(mode=Survey.Mode.IDENTIFIED)
    invitation = Invitation.objects.create(
        survey=survey, collector=survey.collectors.get(), email="a@example.org"
    )
    link = reverse("surveys:invitation", args=[invitation.token])
    assert client.post(link, GOOD).status_code == 303
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert Response.objects.get().invitation == invitation
    again = client.get(link)
    assert again.status_code == 410
    assert "This link has been used" in again.content.decode()
    assert client.post(link, GOOD).status_code == 410
    assert Response.objects.count() == 1


def test_anonymous_invitations_are_not_linked_to_the_answer(client, survey):
    invitation = Invitation.objects.create(
        survey=survey, collector=survey.collectors.get(), email="a@example.org"
    )
    client.post(reverse("surveys:invitation", args=[invitation.token]), GOOD)
    assert Response.objects.get().invitation is None
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_answers_are_rate_limited(client, survey, settings):
    settings.SURVEY_RATE_LIMIT_BURST = "2/10m"
    assert client.post(url(survey), GOOD).status_code == 303
    assert client.post(url(survey), GOOD).status_code == 303
    assert client.post(url(survey), GOOD).status_code == 429
    assert Response.objects.count() == 2


def test_paged_survey_with_progress_save_resume_and_show_if(client):
    survey = make_survey(layout=Survey.Layout.PAGED)
    first = client.get(url(survey))
    assert "Page 1 of 2" in first.content.decode()
    section = survey.sections.get(order=1)
    page_one = {k: v for k, v in GOOD.items() if k in {"funding", "staff", "consent"}}
    moved = client.post(url(survey), {**page_one, "section": section.pk, "action": "next"})
    assert moved.status_code == 303
    partial = Response.objects.get()
    assert partial.status == "partial"
    assert not Answer.objects.exists()
    resume = client.get(moved["Location"])
    assert "Page 2 of 2" in resume.content.decode()
    second = survey.sections.get(order=2)
    saved = client.post(
        partial.get_resume_url(),
        {"section": second.pk, "action": "save", "impact": "2"},
    )
    assert saved.status_code == 200
    assert partial.get_resume_url() in saved.content.decode()
    partial.refresh_from_db()
    assert partial.data["impact"] == "2"
    again = client.get(partial.get_resume_url())
    assert 'value="2" id="id_impact_1" checked' in again.content.decode()
    done = client.post(
        partial.get_resume_url(),
        {"section": second.pk, "action": "next", "impact": "4", "worries": ["cuts"]},
    )
    assert done.status_code == 303
    partial.refresh_from_db()
    assert partial.status == "complete" and partial.resume_token is None
    assert partial.data["funding"] == "contracts" and partial.data["impact"] == "4"
    assert Answer.objects.filter(response=partial, question__name="impact").get().code == "4"
    assert client.get(reverse("surveys:resume", args=["gone"])).status_code == 404


def test_paged_survey_skips_sections_hidden_by_earlier_answers(client):
    survey = make_survey(layout=Survey.Layout.PAGED)
    section = survey.sections.get(order=1)
    done = client.post(
        url(survey),
        {"funding": "grants", "consent": "on", "section": section.pk, "action": "next"},
    )
    assert done.status_code == 303
    assert done["Location"] == reverse("surveys:thanks", args=[survey.slug])
    assert Response.objects.get().status == "complete"


def test_back_keeps_answers(client):
    survey = make_survey(layout=Survey.Layout.PAGED)
    one, two = survey.sections.order_by("order")
    moved = client.post(url(survey), {"funding": "contracts", "consent": "on", "section": one.pk})
    partial = Response.objects.get()
    back = client.post(partial.get_resume_url(), {"section": two.pk, "action": "back"})
    assert back.status_code == 303
    page = client.get(back["Location"]).content.decode()
    assert "Page 1 of 2" in page
    assert moved.status_code == 303


def test_a_stale_section_is_refused_without_losing_anything(client):
    survey = make_survey(layout=Survey.Layout.PAGED)
    response = client.post(url(survey), {"section": "999999", "funding": "grants"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_survey_changed_after_it_was_read_is_answered_as_it_is_now(client, survey):
    """Answers to a busy survey may be checked against a copy read by an earlier request;
    a change meanwhile is noticed when storing (PostgreSQL) or by reading it again."""
    assert client.get(url(survey)).status_code == 200  # the view has read the survey
    assert client.post(url(survey), GOOD).status_code == 303
    survey.title = "Reworded"
    survey.save()  # a new `updated`: the remembered copy is stale
    assert client.post(url(survey), GOOD).status_code == 303
    assert Response.objects.count() == 2
    survey.status = Survey.Status.CLOSED
    survey.save()
    assert client.post(url(survey), GOOD).status_code == 410
    assert Response.objects.count() == 2
    survey.status = Survey.Status.OPEN
    survey.response_limit = 2
    survey.save()
    assert client.post(url(survey), GOOD).status_code == 409
    assert Response.objects.count() == 2
    assert Answer.objects.filter(response__isnull=True).count() == 0


def test_errors_from_a_remembered_survey_are_shown_against_the_survey_now(client, survey):
    assert client.post(url(survey), GOOD).status_code == 303
    wrong = dict(GOOD)
    wrong.pop("consent", None)
    page = client.post(url(survey), wrong)
    assert page.status_code == 400
    assert Response.objects.count() == 1
