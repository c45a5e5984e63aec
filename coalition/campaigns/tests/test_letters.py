"""Letters to decision-makers: who they go to, the form, sending, throttling, the PDF."""

import re
import zlib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from coalition.campaigns import services
from coalition.campaigns.letters import (
    LetterForm,
    letters_used_today,
    matching_decision_makers,
    no_recipient_error,
    prepare_letters,
    printable_letter,
    release_held_letters,
    retry_letters,
    send_letter,
    send_letters,
)
from coalition.campaigns.models import Action, Letter, Participation
from coalition.campaigns.tests.factories import (
    DecisionMakerFactory,
    LetterActionFactory,
    ParticipationFactory,
)
from conftest import free_port

pytestmark = pytest.mark.django_db

TEMPLATE_BODY = (
    "Community groups in our area depend on your council's grants. Please protect them "
    "in this year's budget."
)


@pytest.fixture
def action():
    return LetterActionFactory(letter_body=TEMPLATE_BODY, letter_max_length=400)


@pytest.fixture
def leader(action):
    return DecisionMakerFactory(
        action=action,
        name="Councillor Margaret Hale",
        body="Nottingham City Council",
        email="leader@nottingham.example.org",
        postcode_districts="NG1, ng2 NG7",
    )


@pytest.fixture
def minister(action):
    return DecisionMakerFactory(
        action=action,
        name="Jo Whitfield MP",
        role="Minister for Local Government",
        body="Ministry of Housing, Communities and Local Government",
        email="minister@example.org",
        postcode_districts="",
    )


def supporter(action, postcode="NG7 2RD", **kwargs):
    """A confirmed supporter with waiting letters, as taking part and confirming leave them."""
    participation = ParticipationFactory(
        action=action, postcode=postcode, status=Participation.Status.CONFIRMED, **kwargs
    )
    prepare_letters(participation, {"subject": action.letter_subject, "body": action.letter_body})
    return participation


# --- Matching --------------------------------------------------------------------------------


def test_decision_makers_are_matched_by_postcode_district(action, leader, minister):
    assert set(matching_decision_makers(action, "NG7")) == {leader, minister}
    assert set(matching_decision_makers(action, "ng2")) == {leader, minister}
    # NG17 is not NG1: districts are compared whole, not by prefix.
    assert matching_decision_makers(action, "NG17") == [minister]
    assert matching_decision_makers(action, "LS6") == [minister]


def test_without_districts_nobody_else_is_left_out(action, leader):
    assert matching_decision_makers(action, "NG1") == [leader]
    assert matching_decision_makers(action, "LS6") == []
    assert "LS6 3HN" in no_recipient_error(action, "LS6", "LS6 3HN")
    assert no_recipient_error(action, "NG1", "NG1 5FS") == ""


def test_only_the_actions_own_decision_makers_match(action, leader):
    DecisionMakerFactory(postcode_districts="NG1")  # another action's
    assert matching_decision_makers(action, "NG1") == [leader]


# --- The form --------------------------------------------------------------------------------


def test_the_form_starts_from_the_template(action):
    form = LetterForm(action)
    assert form.prefix == "letter"
    assert form["subject"].value() == action.letter_subject
    assert form["body"].value() == TEMPLATE_BODY
    assert 'name="letter-body"' in str(form["body"])


def test_an_edited_letter_is_accepted_with_plain_line_ends(action):
    body = "Dear Councillor,\r\n\r\nOur youth club in Radford would close without a grant."
    form = LetterForm(action, data={"letter-subject": "  Save  our club ", "letter-body": body})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["subject"] == "Save our club"
    assert form.cleaned_data["body"] == body.replace("\r\n", "\n")


def test_a_letter_over_the_limit_is_refused_and_kept(action):
    body = "A" * 401
    form = LetterForm(action, data={"letter-subject": "Grants", "letter-body": body})
    assert not form.is_valid()
    assert form.errors["body"] == [
        "Your letter is 401 characters long; it can be at most 400. Shorten it a little."
    ]
    assert form["body"].value() == body  # nothing typed is lost
    assert "maxlength" not in str(form["body"])  # the browser must not cut a pasted letter


def test_an_empty_letter_or_subject_is_refused(action):
    form = LetterForm(action, data={"letter-subject": " ", "letter-body": " \r\n "})
    assert not form.is_valid()
    assert "subject" in form.errors
    assert form.errors["body"] == ["Write your letter, or start again from our template."]


def test_a_letter_full_of_links_is_refused(action):
    body = "Look: https://a.example http://b.example www.c.example"
    form = LetterForm(action, data={"letter-subject": "Grants", "letter-body": body})
    assert not form.is_valid()
    assert "3 web links; it can have at most 2" in form.errors["body"][0]
    ok = LetterForm(
        action, data={"letter-subject": "Grants", "letter-body": "See https://a.example"}
    )
    assert ok.is_valid()


def test_a_letter_that_may_not_be_edited_ignores_what_is_posted(action):
    action.letter_editable = False
    form = LetterForm(action, data={"letter-subject": "Spam", "letter-body": "Buy now"})
    assert form.is_valid()
    assert form.cleaned_data == {"subject": action.letter_subject, "body": TEMPLATE_BODY}
    assert not form.editable


def test_the_form_fields_show_who_the_letter_goes_to(client, action, leader, minister):
    from django.template.loader import render_to_string

    html = render_to_string(
        "campaigns/letters/form_fields.html", {"letter_form": LetterForm(action), "action": action}
    )
    assert "Councillor Margaret Hale" in html
    assert "Postcodes NG1, NG2, NG7" in html
    assert "Everyone, wherever you live" in html
    assert 'name="letter-body"' in html
    assert reverse("campaigns:letter_pdf", args=[action.campaign.slug, action.slug]) in html


# --- Preparing and sending -------------------------------------------------------------------


def test_prepare_makes_one_waiting_letter_per_recipient(action, leader, minister):
    participation = ParticipationFactory(action=action, postcode="NG7 2RD")
    letters = prepare_letters(participation, {"subject": "Our club", "body": "Please help."})
    assert {letter.decision_maker for letter in letters} == {leader, minister}
    assert {letter.status for letter in letters} == {Letter.Status.WAITING}
    assert {letter.body for letter in letters} == {"Please help."}
    elsewhere = ParticipationFactory(action=action, postcode="LS6 3HN")
    assert [letter.decision_maker for letter in prepare_letters(elsewhere, {})] == [minister]


def test_nothing_is_sent_before_the_supporter_confirms(action, leader):
    participation = ParticipationFactory(action=action, postcode="NG1 5FS")
    prepare_letters(participation, {"subject": "S", "body": "B"})
    assert send_letters(participation) == []
    assert participation.letters.get().status == Letter.Status.WAITING
    assert mail.outbox == []


def test_a_confirmed_letter_reaches_the_decision_maker_with_reply_to(
    action, leader, smtp_server, commit, settings
):
    participation = supporter(action, name="Siobhan O'Brien", email="siobhan@example.net")
    with commit():
        send_letters(participation)
    message = smtp_server.last_to("leader@nottingham.example.org")
    assert message["Reply-To"] == "siobhan@example.net"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == action.letter_subject
    text = smtp_server.text(message).replace("\r\n", "\n")
    assert text.startswith("Dear Councillor Margaret Hale,\n\nCommunity groups")
    assert "your council's grants" in text  # not HTML-escaped in a plain-text letter
    assert "Yours sincerely,\n\nSiobhan O'Brien\n" in text
    assert "NG7 2RD" in text
    letter = participation.letters.get()
    assert letter.status == Letter.Status.SENT
    assert letter.sent_at is not None


def test_confirming_through_the_services_sends_the_letter(action, leader, smtp_server, commit):
    from coalition.campaigns.forms import ActionForm  # noqa: F401 (their form exists)

    letter_form = LetterForm(
        action, data={"letter-subject": "Our youth club", "letter-body": "It needs you."}
    )
    assert letter_form.is_valid()
    with commit():
        outcome = services.take_part(
            action,
            {"name": "Amara Mensah", "email": "amara@example.net", "postcode": "ng1 5fs"},
            letter_data=letter_form.cleaned_data,
        )
    participation = outcome.participation
    assert participation.letters.get().status == Letter.Status.WAITING
    assert smtp_server.to("leader@nottingham.example.org") == []
    with commit():
        services.confirm(participation)
    message = smtp_server.last_to("leader@nottingham.example.org")
    assert message["Subject"] == "Our youth club"
    assert "It needs you." in smtp_server.text(message)


def test_a_letter_is_never_sent_twice(action, leader, commit):
    participation = supporter(action)
    with commit():
        send_letters(participation)
        send_letters(participation)  # confirmed twice, or called again by mistake
    assert len(mail.outbox) == 1
    letter = participation.letters.get()
    # The task runs again (a retry, a second worker): the claim stops it.
    assert send_letter.call(letter_id=letter.pk) == "not queued (already sent, or not ready)"
    # A letter queued again is sent by exactly one of two runs of the task.
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.QUEUED)
    results = [send_letter.call(letter_id=letter.pk), send_letter.call(letter_id=letter.pk)]
    assert results.count("sent") == 1
    assert len(mail.outbox) == 2


def test_letters_over_the_daily_limit_are_held_and_released_the_next_day(
    action, leader, commit, settings
):
    settings.LETTER_DAILY_LIMIT_PER_TARGET = 100
    leader.daily_limit = 2
    leader.save()
    with freeze_time("2026-03-02 15:00"):
        with commit():
            for _ in range(3):
                send_letters(supporter(action))
        statuses = sorted(Letter.objects.values_list("status", flat=True))
        assert statuses == [Letter.Status.HELD, Letter.Status.SENT, Letter.Status.SENT]
        assert len(mail.outbox) == 2
        # Later the same day the job finds no room: the held letter waits.
        assert release_held_letters() == "0 held letters queued, 1 still held."
    with freeze_time("2026-03-03 07:00"):
        assert letters_used_today(leader) == 0
        with commit():
            summary = release_held_letters()
        assert summary == "1 held letters queued, 0 still held."
    assert sorted(Letter.objects.values_list("status", flat=True)) == [Letter.Status.SENT] * 3
    assert len(mail.outbox) == 3


def test_the_sites_daily_limit_applies_when_a_recipient_has_none(action, leader, settings, commit):
    settings.LETTER_DAILY_LIMIT_PER_TARGET = 1
    with commit():
        first, second = supporter(action), supporter(action)
        send_letters(first)
        send_letters(second)
    assert first.letters.get().status == Letter.Status.SENT
    assert second.letters.get().status == Letter.Status.HELD


def test_the_release_job_is_registered_to_run_each_morning():
    from coalition.core.scheduler import registry

    job = registry["campaigns.release_held_letters"]
    assert job.at is not None and job.at.hour == 7


def test_a_refused_letter_is_marked_failed_and_can_be_sent_again(
    action, leader, settings, smtp_server, commit
):
    participation = supporter(action)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with commit():
        send_letters(participation)
    letter = participation.letters.get()
    assert letter.status == Letter.Status.FAILED
    assert letter.error.startswith("ConnectionRefusedError")
    assert letter.sent_at is not None
    settings.EMAIL_PORT = port
    with commit():
        assert retry_letters(Letter.objects.all()) == 1
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.error == ""
    assert smtp_server.last_to(leader.email)


# --- The printable letter --------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text drawn on a PDF's pages (fpdf2 compresses each page's stream)."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        text += re.findall(rb"\((.*?)\)\s*Tj", content)
    return " ".join(part.decode("latin-1") for part in text)


def test_the_printable_letter_is_a_real_pdf_addressed_to_each(action, leader, minister):
    data = printable_letter(action, [leader, minister])
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type /Page\b", data)) == 2
    text = pdf_text(data)
    assert "Dear Councillor Margaret Hale," in text
    assert "Dear Jo Whitfield MP," in text
    assert "Yours sincerely," in text


def test_typographic_text_is_printed_plainly():
    action = LetterActionFactory(letter_subject="“Keep our grants” – now", letter_body="Don’t cut…")
    text = pdf_text(printable_letter(action, []))
    assert '"Keep our grants" - now' in text
    assert "Don't cut..." in text


def test_the_letter_pdf_page_filters_by_postcode(client, action, leader, minister):
    url = reverse("campaigns:letter_pdf", args=[action.campaign.slug, action.slug])
    everyone = client.get(url)
    assert everyone.status_code == 200
    assert everyone["Content-Type"] == "application/pdf"
    assert everyone["X-Content-Type-Options"] == "nosniff"
    assert len(re.findall(rb"/Type /Page\b", everyone.content)) == 2
    leeds = client.get(url, {"postcode": "LS6 3HN"})
    assert "Dear Councillor Margaret Hale" not in pdf_text(leeds.content)
    assert "Dear Jo Whitfield MP" in pdf_text(leeds.content)
    wrong = client.get(url, {"postcode": "not a postcode"})
    assert len(re.findall(rb"/Type /Page\b", wrong.content)) == 2


def test_there_is_no_printable_letter_for_other_actions_or_drafts(client, action, staff):
    petition = LetterActionFactory(campaign=action.campaign, kind=Action.Kind.PETITION)
    url = reverse("campaigns:letter_pdf", args=[action.campaign.slug, petition.slug])
    assert client.get(url).status_code == 404
    action.status = Action.Status.DRAFT
    action.save()
    url = reverse("campaigns:letter_pdf", args=[action.campaign.slug, action.slug])
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200


# --- The staff view --------------------------------------------------------------------------


def test_staff_see_every_letter_with_held_and_failed_ones(client, staff, action, leader):
    sent = supporter(action, name="Priya Shah")
    Letter.objects.filter(participation=sent).update(
        status=Letter.Status.SENT, sent_at=timezone.now()
    )
    held = supporter(action, name="Tom Turner")
    Letter.objects.filter(participation=held).update(status=Letter.Status.HELD)
    failed = supporter(action, name="Rosa Green")
    Letter.objects.filter(participation=failed).update(
        status=Letter.Status.FAILED, error="SMTPRecipientsRefused: mailbox full"
    )
    url = reverse("campaigns:staff_letters", args=[action.campaign.slug, action.slug])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Priya Shah", "Tom Turner", "Rosa Green", "mailbox full", "Held"):
        assert text in page
    assert response.context["counts"]["held"] == 1
    assert response.context["counts"]["failed"] == 1
    only_failed = client.get(url, {"status": "failed"}).content.decode()
    assert "Rosa Green" in only_failed and "Tom Turner" not in only_failed


def test_the_staff_view_is_for_letter_actions_only(client, staff, action):
    petition = LetterActionFactory(campaign=action.campaign, kind=Action.Kind.PETITION)
    client.force_login(staff)
    url = reverse("campaigns:staff_letters", args=[action.campaign.slug, petition.slug])
    assert client.get(url).status_code == 404


def test_the_letters_admin_retries_failed_letters(client, superuser, action, leader, commit):
    participation = supporter(action)
    letter = participation.letters.get()
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.FAILED, error="refused")
    client.force_login(superuser)
    assert client.get(reverse("admin:campaigns_letter_changelist")).status_code == 200
    with commit():
        response = client.post(
            reverse("admin:campaigns_letter_changelist"),
            {"action": "retry", "_selected_action": [letter.pk]},
            follow=True,
        )
    assert "1 letters queued to send again." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert len(mail.outbox) == 1
    assert timezone.now() - letter.sent_at < timedelta(minutes=1)
