import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.surveys.models import AuditOption, AuditResult, AuditVersion
from coalition.surveys.services import audit

pytestmark = pytest.mark.django_db


def answers(level: int) -> dict:
    """Every question answered with the option scoring `level` (0-3)."""
    version = audit.current_version()
    data = {}
    for section in audit.load(version):
        for question in section.question_list:
            option = next(o for o in question.options.all() if o.score == level)
            data[f"q{question.pk}"] = option.pk
    return data


def take(client, level, **extra):
    response = client.post(reverse("surveys:audit_take"), {**answers(level), **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return AuditResult.objects.order_by("-pk").first()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_take_the_audit_without_an_account(client):
    assert client.get(reverse("surveys:audit")).status_code == 200
    assert client.get(reverse("surveys:audit_take")).status_code == 200
    result = take(client, 2, organisation_name="Adur Voluntary Action")
    assert result.user is None and not result.contributed
    assert result.scores == {
        "purpose": 67,
        "voice": 67,
        "action": 67,
        "governance": 67,
        "funding": 67,
    }
    assert result.overall == 67
    page = client.get(result.get_absolute_url()).content.decode()
    assert "Holding on" in page and "67%" in page
    assert "appears once at least 5 organisations" in page
    pdf = client.get(reverse("surveys:audit_pdf", args=[result.token]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Independence audit report" in text and "Adur Voluntary Action" in text
    assert "Holding on" in text


def test_missing_answers_are_shown_and_nothing_saved(client):
    data = answers(1)
    first = next(iter(data))
    del data[first]
    response = client.post(reverse("surveys:audit_take"), {**data, "q999999": "1"})
    assert response.status_code == 400
    assert "Choose the answer closest to your situation." in response.content.decode()
    assert not AuditResult.objects.exists()
    bad_option = {**answers(1), first: "999999"}
    assert client.post(reverse("surveys:audit_take"), bad_option).status_code == 400


def test_retaking_shows_the_change_and_an_account_keeps_history(client, outsider):
    client.force_login(outsider)
    before = take(client, 1)
    assert "q" in client.get(reverse("surveys:audit_take")).content.decode()
    after = take(client, 3)
    assert after.previous == before and after.user == outsider
    page = client.get(after.get_absolute_url()).content.decode()
    assert "+67 points" in page
    history = client.get(reverse("surveys:audit_history")).content.decode()
    assert before.get_absolute_url() in history and after.get_absolute_url() in history
    pdf = pdf_text(client.get(reverse("surveys:audit_pdf", args=[after.token])).content)
    assert "+67 points" in pdf


def test_retaking_by_secret_link_without_an_account(client):
    before = take(client, 0)
    response = client.post(reverse("surveys:audit_take"), {**answers(2), "after": before.token})
    after = AuditResult.objects.get(
        pk=response.url.split("/")[-2] and AuditResult.objects.latest("pk").pk
    )
    assert after.previous == before


def test_the_benchmark_appears_from_five_contributions(client):
    for level in (0, 1, 1, 2):
        take(client, level, contribute="on")
    mine = take(client, 3)
    assert audit.benchmark(audit.load(mine.version)) is None
    assert "appears once" in client.get(mine.get_absolute_url()).content.decode()
    # Sharing is explicit: a POST from the result page.
    client.post(reverse("surveys:audit_contribute", args=[mine.token]), {"contribute": "yes"})
    mine.refresh_from_db()
    assert mine.contributed
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "in the top quarter" in page and "Median 33%" in page
    text = pdf_text(client.get(reverse("surveys:audit_pdf", args=[mine.token])).content)
    assert "Against the sector" in text and "5 organisations shared" in text
    client.post(reverse("surveys:audit_contribute", args=[mine.token]), {"contribute": "no"})
    assert AuditResult.objects.filter(contributed=True).count() == 4


def test_staff_edits_make_a_new_version_once_there_are_results(client, staff):
    client.force_login(staff)
    version = audit.current_version()
    question = audit.load(version)[0].question_list[0]
    url = reverse("surveys:staff_audit_question", args=[question.pk])
    assert client.get(url).status_code == 200
    # No results yet: the same version changes.
    client.post(url, {"text": "Our members set our mission.", "options": "0|No\n4|Yes"})
    question.refresh_from_db()
    assert question.text == "Our members set our mission."
    assert AuditVersion.objects.count() == 1
    anonymous = client.__class__()
    data = {}
    for section in audit.load(version):
        for q in section.question_list:
            data[f"q{q.pk}"] = q.options.order_by("score").first().pk
    assert anonymous.post(reverse("surveys:audit_take"), data).status_code == 302
    old = AuditResult.objects.get()
    q2 = audit.load(version)[0].question_list[1]
    response = client.post(
        reverse("surveys:staff_audit_question", args=[q2.pk]),
        {"text": "Changed wording", "options": "0|No\n1|Some\n2|Yes"},
    )
    assert response.status_code == 302
    assert AuditVersion.objects.count() == 2
    current = audit.current_version()
    assert current.number == 2
    assert audit.load(current)[0].question_list[1].text == "Changed wording"
    old.refresh_from_db()
    assert old.version == version  # old results keep the questions they answered
    assert audit.load(version)[0].question_list[1].text != "Changed wording"
    bands = reverse("surveys:staff_audit_bands", args=[audit.load(current)[0].pk])
    bad = client.post(bands, {"bands": "10|Low|Do more"})
    assert bad.status_code == 400 and "must start at 0" in bad.content.decode()
    assert client.post(bands, {"bands": "0|Low|Do more\n50|High|Keep going"}).status_code == 302
    assert [b.label for b in audit.load(current)[0].band_list] == ["Low", "High"]
    assert AuditOption.objects.filter(question__section__version=current).exists()
    bad_options = client.post(
        reverse("surveys:staff_audit_question", args=[audit.load(current)[0].question_list[0].pk]),
        {"text": "X", "options": "lots"},
    )
    assert bad_options.status_code == 400


def test_audit_taking_is_rate_limited(client, settings):
    settings.SURVEY_AUDIT_RATE_LIMIT = "1/1h"
    take(client, 1)
    response = client.post(reverse("surveys:audit_take"), answers(1))
    assert response.status_code == 429
    assert AuditResult.objects.count() == 1
