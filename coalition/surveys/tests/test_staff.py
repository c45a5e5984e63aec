import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from coalition.members.tests.factories import MembershipFactory
from coalition.surveys.models import Collector, Invitation, Question, Response, Survey
from coalition.surveys.services import xlsform
from coalition.surveys.services.invitations import send_reminders
from coalition.surveys.tests.factories import GOOD, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


def test_staff_build_a_survey(admin):
    response = admin.post(
        reverse("surveys:staff_new"),
        {
            "title": "Commissioning in West Sussex",
            "mode": "anonymous",
            "layout": "paged",
            "is_listed": "on",
            "reminder_days": 7,
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and survey.slug == "commissioning-in-west-sussex"
    section = survey.sections.get()
    new = reverse("surveys:staff_question_new", args=[survey.pk])
    made = admin.post(
        new,
        {
            "section": section.pk,
            "type": "single_choice",
            "label": "Who funds you?",
            "choices_text": "Grants\ncontracts|Contracts",
            "scale_min": 1,
            "scale_max": 5,
        },
    )
    assert made.status_code == 302
    q = survey.questions.get()
    assert q.name == "who_funds_you"
    assert list(q.choices.values_list("value", "label")) == [
        ("grants", "Grants"),
        ("contracts", "Contracts"),
    ]
    admin.post(
        new,
        {
            "section": section.pk,
            "type": "number",
            "label": "Staff",
            "name": "staff",
            "scale_min": 1,
            "scale_max": 5,
            "show_if": "${who_funds_you} = 'contracts'",
        },
    )
    staff_q = survey.questions.get(name="staff")
    # Reorder with the up button.
    admin.post(
        reverse("surveys:staff_question_move", args=[survey.pk, staff_q.pk]), {"direction": "up"}
    )
    assert [q.name for q in Question.objects.filter(survey=survey).order_by("order")] == [
        "staff",
        "who_funds_you",
    ]
    page = admin.get(survey.get_staff_url())
    assert page.status_code == 200 and "Who funds you?" in page.content.decode()
    assert admin.get(reverse("surveys:staff_preview", args=[survey.pk])).status_code == 200


def test_bad_questions_are_refused_with_messages(admin):
    survey = make_survey()
    section = survey.sections.first()
    new = reverse("surveys:staff_question_new", args=[survey.pk])
    base = {"section": section.pk, "scale_min": 1, "scale_max": 5, "label": "Q"}
    cases = [
        ({"type": "single_choice", "choices_text": "only one"}, "at least two choices"),
        ({"type": "single_choice", "choices_text": "a|A\na|B"}, "its own code"),
        ({"type": "short_text", "pattern": "(["}, "not a valid pattern"),
        ({"type": "short_text", "show_if": "${nothing} = 'x'"}, "asked before"),
        ({"type": "short_text", "show_if": "eval('x')"}, "not part of the condition language"),
        ({"type": "short_text", "name": "funding"}, "Another question"),
        ({"type": "matrix"}, "at least one row"),
        ({"type": "number", "min_value": 5, "max_value": 1}, "must not be below"),
    ]
    for data, message in cases:
        response = admin.post(new, {**base, **data})
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert survey.questions.count() == 12


def test_a_survey_with_answers_cannot_break_them(admin, client):
    survey = make_survey()
    admin.post(reverse("surveys:survey", args=[survey.slug]), GOOD)
    funding = survey.questions.get(name="funding")
    url = reverse("surveys:staff_question", args=[survey.pk, funding.pk])
    data = {
        "section": funding.section_id,
        "type": "single_choice",
        "label": "Where from now?",
        "name": "funding",
        "required": "on",
        "scale_min": 1,
        "scale_max": 5,
        "choices_text": "grants|Grants\ncontracts|Contracts",
    }  # "donations" removed
    refused = admin.post(url, data)
    assert refused.status_code == 409
    assert "new version" in refused.content.decode()
    assert funding.choices.count() == 3
    # Wording can still be corrected.
    data["choices_text"] += "\ndonations|Gifts and donations"
    assert admin.post(url, data).status_code == 302
    funding.refresh_from_db()
    assert funding.label == "Where from now?"
    assert (
        admin.post(
            reverse("surveys:staff_question_delete", args=[survey.pk, funding.pk])
        ).status_code
        == 409
    )
    new_q = reverse("surveys:staff_question_new", args=[survey.pk])
    assert (
        admin.post(
            new_q,
            {
                "section": funding.section_id,
                "type": "short_text",
                "label": "More",
                "scale_min": 1,
                "scale_max": 5,
            },
        ).status_code
        == 409
    )
    # A new version is a free draft copy.
    admin.post(reverse("surveys:staff_version", args=[survey.pk]))
    copy = Survey.objects.get(previous=survey)
    assert copy.version == 2 and copy.status == "draft" and copy.slug.endswith("-v2")
    assert copy.questions.count() == survey.questions.count()
    assert (
        admin.post(
            reverse(
                "surveys:staff_question_delete",
                args=[copy.pk, copy.questions.get(name="funding").pk],
            )
        ).status_code
        == 302
    )


def test_collectors_for_every_member_in_one_action(admin, organisation):
    MembershipFactory.create_batch(3)
    survey = make_survey()
    admin.post(reverse("surveys:staff_collectors_members", args=[survey.pk]))
    members = survey.collectors.filter(organisation__isnull=False)
    assert members.count() == 4
    admin.post(reverse("surveys:staff_collectors_members", args=[survey.pk]))
    assert members.count() == 4  # not twice
    duplicate = admin.post(
        reverse("surveys:staff_collectors", args=[survey.pk]),
        {"name": "Again", "organisation": organisation.pk},
    )
    assert duplicate.status_code == 400
    page = admin.get(reverse("surveys:staff_collectors", args=[survey.pk])).content.decode()
    assert members.first().get_absolute_url() in page


def test_representatives_see_and_share_their_own_link(
    client, representative, organisation, other_organisation
):
    survey = make_survey(closes_at=timezone.now() + timedelta(days=20))
    own = Collector.objects.create(survey=survey, name="Own", organisation=organisation)
    other = Collector.objects.create(survey=survey, name="Other", organisation=other_organisation)
    client.force_login(representative)
    page = client.get(reverse("surveys:my_links")).content.decode()
    assert own.get_absolute_url() in page and other.get_absolute_url() not in page
    assert "Subject: Please answer" in page


def test_thousands_of_invitations_at_once_emailed_and_reminded(admin, commit):
    survey = make_survey(reminder_days=7)
    emails = "\n".join(f"person{n}@example.org" for n in range(5000))
    upload = SimpleUploadedFile("people.csv", emails.encode(), content_type="text/csv")
    with commit():
        response = admin.post(
            reverse("surveys:staff_invitations", args=[survey.pk]),
            {"emails": "extra@example.org, PERSON1@example.org", "file": upload},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 5001
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 5001
    first = mail.outbox[0]
    assert first.subject == f"You are invited: {survey.title}"
    assert "/surveys/i/" in first.body
    # Nobody answered a week later: one reminder each, except the one who did.
    answered = Invitation.objects.get(email="person7@example.org")
    answered.used_at = timezone.now()
    answered.save()
    mail.outbox.clear()
    with commit():
        assert send_reminders(timezone.now() + timedelta(days=6)) == 0
        assert send_reminders(timezone.now() + timedelta(days=8)) == 5000
        assert send_reminders(timezone.now() + timedelta(days=9)) == 0  # not again so soon
    assert len(mail.outbox) == 5000
    assert "person7@example.org" not in {m.to[0] for m in mail.outbox}


def test_bad_invitation_lists_are_refused(admin):
    survey = make_survey()
    response = admin.post(
        reverse("surveys:staff_invitations", args=[survey.pk]),
        {"emails": "good@example.org, not an email"},
    )
    assert response.status_code == 400
    assert "are not email addresses" in response.content.decode()
    assert not Invitation.objects.exists()
    assert admin.post(reverse("surveys:staff_invitations", args=[survey.pk]), {}).status_code == 400


def test_open_and_close(admin):
    survey = make_survey(status=Survey.Status.DRAFT)
    url = reverse("surveys:staff_status", args=[survey.pk])
    admin.post(url, {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"
    admin.post(url, {"status": "closed"})
    survey.refresh_from_db()
    assert survey.status == "closed"
    assert admin.post(url, {"status": "weird"}).status_code == 400


def _workbook(
    survey_rows, choice_rows=(), settings_rows=(("form_title", "form_id"), ("Imported", "imported"))
):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey_rows:
        sheet.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in choice_rows:
        choices.append(list(row))
    settings = book.create_sheet("settings")
    for row in settings_rows:
        settings.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEAD = ("type", "name", "label", "hint", "required", "relevant", "constraint", "constraint_message")


def test_xlsform_import_reports_unsupported_rows(admin):
    content = _workbook(
        [
            HEAD,
            ("begin_group", "about", "About you"),
            ("select_one funding", "funding", "Who funds you?", "", "yes"),
            (
                "integer",
                "staff",
                "Staff",
                "Paid staff",
                "",
                "${funding} = 'contracts'",
                ". >= 0 and . <= 500",
                "From 0 to 500",
            ),
            ("geopoint", "where", "Where are you?"),
            ("text", "why", "Why?", "", "", "", "custom(.)"),
            ("end_group",),
            ("select_multiple worries", "worries", "Worries"),
        ],
        [
            ("funding", "grants", "Grants"),
            ("funding", "contracts", "Contracts"),
            ("worries", "cuts", "Cuts"),
            ("worries", "paperwork", "Paperwork"),
        ],
    )
    upload = SimpleUploadedFile("form.xlsx", content)
    response = admin.post(reverse("surveys:staff_import"), {"file": upload})
    assert response.status_code == 302
    survey = Survey.objects.get(slug="imported")
    staff_q = survey.questions.get(name="staff")
    assert (staff_q.min_value, staff_q.max_value, staff_q.error_message) == (
        0,
        500,
        "From 0 to 500",
    )
    assert staff_q.show_if == "${funding} = 'contracts'"
    assert survey.questions.get(name="funding").required
    assert not survey.questions.filter(name="where").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "row 5" in messages[0] and "geopoint" in messages[0]
    assert "row 6" in messages[0] and "custom(.)" in messages[0]


def test_malformed_xlsform_errors_by_sheet_and_row(admin):
    content = _workbook(
        [
            HEAD,
            ("select_one nolist", "q1", "Q1"),
            ("text", "1bad", "Bad name"),
            ("text", "q1", "Twice"),
            ("text", "nolabel", ""),
        ],
        [("x", "", "No name")],
    )
    response = admin.post(
        reverse("surveys:staff_import"), {"file": SimpleUploadedFile("f.xlsx", content)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "sheet “choices”, row 2" in page
    assert "sheet “survey”, row 2: The choice list “nolist”" in page
    assert "row 3" in page and "row 5" in page
    assert not Survey.objects.exists()
    not_xlsx = admin.post(
        reverse("surveys:staff_import"), {"file": SimpleUploadedFile("f.xlsx", b"hello")}
    )
    assert not_xlsx.status_code == 400 and "not an .xlsx" in not_xlsx.content.decode()
    no_sheet = xlsform.read(_workbook([("type", "name")]).replace(b"survey", b"survey"))
    assert no_sheet.errors


def test_xlsform_round_trip(admin):
    survey = make_survey()
    response = admin.get(reverse("surveys:staff_xlsform", args=[survey.pk]))
    assert response.status_code == 200
    result = xlsform.read(response.content, title="Copy", slug="copy")
    assert not result.errors, result.errors
    copy = result.survey
    original = {q.name: q for q in survey.questions.all()}
    for q in copy.questions.all():
        assert q.type == original[q.name].type, q.name
        assert q.show_if == original[q.name].show_if
    assert copy.questions.get(name="staff").max_value == 500
    assert copy.questions.get(name="ratings").matrix_rows() == [
        ("voice", "Our voice"),
        ("action", "Our action"),
    ]
    assert copy.sections.get(order=2).show_if == "${funding} = 'contracts'"
    book = load_workbook(io.BytesIO(response.content))
    assert {"survey", "choices", "settings"} <= set(book.sheetnames)


def _answer(client, survey, collector=None, **changes):
    url = (
        collector.get_absolute_url() if collector else reverse("surveys:survey", args=[survey.slug])
    )
    assert client.post(url, {**GOOD, **changes}).status_code == 303


def test_results_split_by_collector_filtered_and_crosstab(
    admin, client, organisation, other_organisation, django_assert_max_num_queries
):
    survey = make_survey()
    a = Collector.objects.create(survey=survey, name="Adur", organisation=organisation)
    b = Collector.objects.create(survey=survey, name="Brighton", organisation=other_organisation)
    _answer(client, survey, a)
    _answer(client, survey, a, impact="5", worries=["cuts"])
    _answer(client, survey, b, funding="grants")
    url = reverse("surveys:staff_results", args=[survey.pk])
    with django_assert_max_num_queries(30):
        page = admin.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 responses" in html
    assert "<svg" in html and "<td>Adur</td><td>2</td>" in html
    assert "We lost our grant" in html
    assert admin.get(url, {"collector": b.pk}).content.decode().count("1 response") >= 1
    filtered = admin.get(url, {"where": "impact:5"}).content.decode()
    assert "1 response" in filtered
    cross = admin.get(url, {"by": "funding"})
    assert cross.status_code == 200
    # Contracts (2) and grants (1) as columns of every question.
    assert '<th scope="col">Contracts</th>' in cross.content.decode()
    assert (
        admin.get(
            url,
            {
                "organisation": organisation.pk,
                "region": "nowhere",
                "by": "nonsense",
                "where": "junk",
            },
        ).status_code
        == 200
    )


def test_exports_csv_labels_codes_and_xlsx(admin, client):
    survey = make_survey()
    _answer(client, survey, name='=HYPERLINK("http://evil")')
    codes = admin.get(reverse("surveys:staff_export_csv", args=[survey.pk]), {"values": "codes"})
    assert codes.status_code == 200 and codes.streaming
    rows = list(csv.reader(io.StringIO(b"".join(codes.streaming_content).decode("utf-8-sig"))))
    header, row = rows
    assert header[:4] == ["response", "collector", "organisation", "submitted"]
    assert "worries/cuts" in header and "worries/competition" in header
    record = dict(zip(header, row, strict=True))
    assert record["worries/cuts"] == "1" and record["worries/competition"] == "0"
    assert record["priorities/contracts"] == "3"
    assert record["name"].startswith("'=")  # the formula guard
    labels = admin.get(reverse("surveys:staff_export_csv", args=[survey.pk]))
    text = b"".join(labels.streaming_content).decode("utf-8-sig")
    assert "What worries you?: Cuts" in text and "Contracts" in text
    xlsx = admin.get(reverse("surveys:staff_export_xlsx", args=[survey.pk]))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.active.max_row == 2


def test_public_results_only_chosen_questions_and_no_small_groups(admin, client):
    survey = make_survey()
    publish = reverse("surveys:staff_publish", args=[survey.pk])
    funding = survey.questions.get(name="funding")
    admin.post(publish, {"results_public": "on", "questions": [funding.pk]})
    survey.refresh_from_db()
    assert survey.results_public
    public = reverse("surveys:public_results", args=[survey.slug])
    for _ in range(4):
        _answer(client, survey)
    page = client.get(public).content.decode()
    assert "Fewer than 5 responses match" in page
    _answer(client, survey)
    page = client.get(public).content.decode()
    assert "Where does most of your money come from?" in page
    assert "We lost our grant" not in page and "Impact of commissioning" not in page
    assert "Fewer than 5" in client.get(public, {"region": "london"}).content.decode()
    admin.post(publish, {})
    assert client.get(public).status_code == 404


def test_folded_counts_match_counting_every_answer(admin, client, organisation):
    from django.db.models import Count

    from coalition.surveys.models import Answer, ResultCount
    from coalition.surveys.services import answering, results

    survey = make_survey()
    member = Collector.objects.create(survey=survey, name="Adur", organisation=organisation)
    _answer(client, survey, member)
    _answer(client, survey, impact="1", worries=["competition"])
    url = reverse("surveys:staff_results", args=[survey.pk])
    admin.get(url)  # folds the first two
    assert ResultCount.objects.filter(survey=survey).exists()
    _answer(client, survey, member, impact="3", funding="contracts")
    questions = answering.structure(survey).questions

    def counted(filters):
        data = results.summary(survey, questions, filters)
        return {
            (q, row, code): sum(cell.values())
            for q, cells in data["counts"].items()
            for (row, code), cell in cells.items()
        }, data

    def live(**narrow):
        rows = (
            Answer.objects.filter(survey_id=survey.pk, **narrow)
            .exclude(code="")
            .values_list("question_id", "row", "code")
            .annotate(n=Count("*"))
        )
        return {(q, r, c): n for q, r, c, n in rows}

    everything, data = counted(results.Filters())
    assert everything == live()
    assert data["numbers"][survey.questions.get(name="staff").pk]["n"] == 3
    only_member, _ = counted(results.Filters(collector=member.pk))
    assert only_member == live(response__collector=member)
    by_organisation, _ = counted(results.Filters(organisation=organisation.pk))
    assert by_organisation == only_member
    membership_type = organisation.memberships.first().type.slug
    by_type, _ = counted(results.Filters(org_type=membership_type))
    assert by_type == only_member
    assert counted(results.Filters(org_type="nothing-like-this"))[0] == {}
    page = admin.get(url, {"type": membership_type}).content.decode()
    assert "2 responses match the filters" in page
    assert results.fold(survey) == 0  # all counted once, never twice
    assert counted(results.Filters())[0] == live()


def test_sections_are_added_edited_reordered_and_deleted(admin):
    survey = make_survey()
    new = reverse("surveys:staff_section_new", args=[survey.pk])
    bad = admin.post(new, {"title": "Later", "show_if": "${nothing} = 'x'"})
    assert bad.status_code == 400
    assert (
        admin.post(new, {"title": "Finally", "show_if": "${funding} = 'grants'"}).status_code == 302
    )
    last = survey.sections.get(title="Finally")
    assert last.order == 3
    admin.post(
        reverse("surveys:staff_section_move", args=[survey.pk, last.pk]), {"direction": "up"}
    )
    assert list(survey.sections.order_by("order").values_list("title", flat=True)) == [
        "About your group",
        "Finally",
        "Contracts",
    ]
    edit = reverse("surveys:staff_section", args=[survey.pk, last.pk])
    assert admin.post(edit, {"title": "Last words"}).status_code == 302
    admin.post(reverse("surveys:staff_section_delete", args=[survey.pk, last.pk]))
    assert not survey.sections.filter(pk=last.pk).exists()


def test_settings_keep_the_mode_once_there_are_answers(admin, client):
    survey = make_survey()
    _answer(client, survey)
    url = reverse("surveys:staff_edit", args=[survey.pk])
    data = {
        "title": "New title",
        "slug": survey.slug,
        "mode": "identified",
        "layout": "paged",
        "reminder_days": 7,
    }
    assert admin.post(url, data).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "New title" and survey.mode == "anonymous"
    bad = admin.post(url, {**data, "opens_at": "2030-01-02T10:00", "closes_at": "2030-01-01T10:00"})
    assert bad.status_code == 400 and "must close after it opens" in bad.content.decode()


def test_a_paged_invitation_resumes_and_is_used_once(client):
    survey = make_survey(layout=Survey.Layout.PAGED, mode=Survey.Mode.IDENTIFIED)
    invitation = Invitation.objects.create(
        survey=survey, collector=survey.collectors.get(), email="a@example.org"
    )
    link = reverse("surveys:invitation", args=[invitation.token])
    first = survey.sections.get(order=1)
    moved = client.post(
        link, {"funding": "grants", "consent": "on", "section": first.pk, "action": "save"}
    )
    assert moved.status_code == 200
    partial = Response.objects.get()
    assert client.get(link)["Location"] == partial.get_resume_url()
    done = client.post(
        partial.get_resume_url(), {"funding": "grants", "consent": "on", "section": first.pk}
    )
    assert done.status_code == 303
    partial.refresh_from_db()
    assert partial.status == "complete" and partial.invitation == invitation
    assert client.get(link).status_code == 410


def test_non_representatives_have_no_links_to_share(client, outsider):
    make_survey()
    client.force_login(outsider)
    page = client.get(reverse("surveys:my_links"))
    assert page.status_code == 200 and "No survey links yet" in page.content.decode()
