"""Enquiries: the Ask us form, the inbox, replies by email and back into the thread,
introductions with consent on both sides, the response-time view."""

import mailbox
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coalition.enquiries.models import Enquiry, Introduction, Message
from coalition.enquiries.services.mail import receive, reply_address
from coalition.enquiries.tests.factories import EnquiryFactory, IntroductionFactory

pytestmark = pytest.mark.django_db

FORM = {
    "topic": "funding",
    "subject": "Commissioning in West Sussex",
    "message": "Our CVS is being asked to bid against its members. What can we do?",
    "name": "Adrian Vale",
    "email": "adrian@example.org",
    "organisation_name": "Adur Voluntary Action",
    "consent": "on",
}


def reply_email(to: str, subject: str, body: str, message_id: str = "<r1@example.org>") -> bytes:
    return (
        f"From: Adrian Vale <adrian@example.org>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n\r\nOn 1 March 2010, Coalition wrote:\r\n> our answer\r\n"
    ).encode()


def test_a_visitor_asks_and_gets_a_copy(client, commit):
    with commit():
        response = client.post(reverse("enquiries:contact"), FORM)
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.status == "new" and enquiry.consent
    assert enquiry.messages.get().kind == "inbound"
    (copy,) = mail.outbox
    assert enquiry.reference in copy.subject
    assert copy.reply_to == [reply_address(enquiry)]
    assert enquiry.reference in client.get(reverse("enquiries:contact_thanks")).content.decode()


def test_bad_input_is_refused_next_to_the_field(client):
    response = client.post(reverse("enquiries:contact"), {**FORM, "email": "nope", "consent": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address like name@example.org." in page
    assert "Tick the box so we can keep your details" in page
    assert not Enquiry.objects.exists()


def test_the_form_is_rate_limited(client, settings):
    settings.ENQUIRY_RATE_LIMIT = "2/10m"
    for _ in range(2):
        client.post(reverse("enquiries:contact"), FORM)
    response = client.post(reverse("enquiries:contact"), FORM)
    assert response.status_code == 429
    assert Enquiry.objects.count() == 2


def test_staff_reply_by_email_and_the_answer_comes_back_into_the_thread(client, staff, commit):
    enquiry = EnquiryFactory(email="adrian@example.org", subject="Commissioning")
    client.force_login(staff)
    response = client.post(
        reverse("enquiries:enquiry_reply", args=[enquiry.pk]),
        {"reply-body": "", "reply-status": "answered"},
    )
    assert response.status_code == 400
    with commit():
        client.post(
            reverse("enquiries:enquiry_reply", args=[enquiry.pk]),
            {"reply-body": "Talk to your local councillors first.", "reply-status": "answered"},
        )
    enquiry.refresh_from_db()
    assert enquiry.status == "answered" and enquiry.first_answered_at
    sent = mail.outbox[-1]
    assert sent.to == ["adrian@example.org"]
    assert f"[{enquiry.reference}]" in sent.subject
    assert sent.reply_to == [reply_address(enquiry)]
    # Their answer, to the plus-address: stored in the thread without the quoted history.
    message = receive(
        reply_email(reply_address(enquiry), f"Re: {sent.subject}", "Thanks, will do.")
    )
    assert message.enquiry == enquiry and message.body == "Thanks, will do."
    enquiry.refresh_from_db()
    assert enquiry.status == "in_progress"
    # The same email again (webhook and mailbox both) lands once.
    receive(reply_email(reply_address(enquiry), "Re: x", "Thanks, will do."))
    assert enquiry.messages.filter(kind="inbound").count() == 1


def test_the_subject_reference_finds_the_thread_when_the_address_is_lost():
    enquiry = EnquiryFactory()
    message = receive(
        reply_email("enquiries@example.org", f"Re: Hello [{enquiry.reference}]", "More", "<r2@x>")
    )
    assert message.enquiry == enquiry


def test_mail_for_no_thread_starts_a_new_enquiry():
    message = receive(reply_email("enquiries@example.org", "A new question", "Hello?", "<r3@x>"))
    assert message.enquiry.subject == "A new question"
    assert message.enquiry.email == "adrian@example.org"


def test_the_management_command_reads_a_maildir_and_an_mbox(tmp_path):
    enquiry = EnquiryFactory()
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    box.add(reply_email(reply_address(enquiry), "Re: q", "From the Maildir", "<m1@x>"))
    box.close()
    call_command("enquiries_fetch_mail", "--maildir", str(tmp_path / "Maildir"), "--delete")
    assert enquiry.messages.get(kind="inbound").body == "From the Maildir"
    assert len(mailbox.Maildir(tmp_path / "Maildir")) == 0
    mbox = mailbox.mbox(tmp_path / "in.mbox", create=True)
    mbox.add(reply_email(reply_address(enquiry), "Re: q", "From the mbox", "<m2@x>"))
    mbox.close()
    call_command("enquiries_fetch_mail", "--mbox", str(tmp_path / "in.mbox"))
    call_command("enquiries_fetch_mail", "--mbox", str(tmp_path / "in.mbox"))
    assert enquiry.messages.filter(kind="inbound").count() == 2


def test_the_webhook_needs_its_secret(client, settings):
    enquiry = EnquiryFactory()
    raw = reply_email(reply_address(enquiry), "Re: q", "By webhook", "<w1@x>")
    url = reverse("enquiries:inbound")
    settings.ENQUIRY_INBOUND_SECRET = ""
    assert client.post(url, raw, content_type="message/rfc822").status_code == 403
    settings.ENQUIRY_INBOUND_SECRET = "s3cret-value"
    response = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Inbound-Secret": "wrong"}
    )
    assert response.status_code == 403
    assert not Message.objects.filter(body="By webhook").exists()
    response = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Inbound-Secret": "s3cret-value"}
    )
    assert response.status_code == 202
    assert response.json()["enquiry"] == enquiry.reference
    assert (
        client.post(
            url, b"", content_type="message/rfc822", headers={"X-Inbound-Secret": "s3cret-value"}
        ).status_code
        == 400
    )


def test_notes_status_assignment_and_tags(client, staff):
    enquiry = EnquiryFactory()
    client.force_login(staff)
    client.post(reverse("enquiries:enquiry_note", args=[enquiry.pk]), {"note-body": "Ask Chris."})
    client.post(
        reverse("enquiries:enquiry_update", args=[enquiry.pk]),
        {"status": "waiting", "assigned_to": staff.pk, "new_tags": "commissioning, West Sussex"},
    )
    enquiry.refresh_from_db()
    assert enquiry.status == "waiting" and enquiry.assigned_to == staff
    assert sorted(enquiry.tags.values_list("name", flat=True)) == ["West Sussex", "commissioning"]
    assert enquiry.messages.get(kind="note").body == "Ask Chris."
    page = client.get(reverse("enquiries:inbox") + "?show=mine").content.decode()
    assert enquiry.subject in page
    response = client.post(
        reverse("enquiries:enquiry_update", args=[enquiry.pk]), {"status": "lost"}
    )
    assert response.status_code == 400


def test_open_enquiries_by_age(client, staff):
    EnquiryFactory(subject="Old one", received_at=timezone.now() - timedelta(days=20))
    EnquiryFactory(subject="Fresh one")
    EnquiryFactory(subject="Done", status="closed", received_at=timezone.now() - timedelta(days=20))
    client.force_login(staff)
    page = client.get(reverse("enquiries:ages")).content.decode()
    assert "Old one" in page and "Fresh one" in page and "Done" not in page


def test_an_introduction_needs_both_sides_to_agree(client, staff, organisation, commit):
    response = client.post(
        reverse("enquiries:introduction_request"),
        {
            "requester_name": "Dr Rosa Lind",
            "requester_email": "rosa@example.ac.uk",
            "requester_role": "researcher",
            "reason": "Evidence.",
            "organisation": "",
        },
    )
    assert response.status_code == 400
    assert "Choose an organisation" in response.content.decode()
    assert "we only make introductions both sides agree to" in response.content.decode()
    client.post(
        reverse("enquiries:introduction_request"),
        {
            "requester_name": "Dr Rosa Lind",
            "requester_email": "rosa@example.ac.uk",
            "requester_role": "researcher",
            "reason": "Evidence.",
            "organisation": organisation.pk,
            "requester_consent": "on",
        },
    )
    introduction = Introduction.objects.get()
    client.force_login(staff)
    # Not yet: the other side has not agreed.
    client.post(reverse("enquiries:introduction_make", args=[introduction.pk]))
    introduction.refresh_from_db()
    assert introduction.status == "requested"
    client.post(
        introduction.get_staff_url(),
        {"contact_name": "Chris", "contact_email": "chris@example.org"},
    )
    with commit():
        client.post(reverse("enquiries:introduction_ask", args=[introduction.pk]))
    ask = mail.outbox[-1]
    assert ask.to == ["chris@example.org"]
    client.logout()
    agree_url = reverse("enquiries:introduction_agree", args=[introduction.consent_token])
    assert agree_url in ask.body
    assert client.get(agree_url).status_code == 200
    client.post(agree_url, {"answer": "yes"})
    client.force_login(staff)
    with commit():
        client.post(reverse("enquiries:introduction_make", args=[introduction.pk]))
    introduction.refresh_from_db()
    assert introduction.status == "made"
    made = mail.outbox[-1]
    assert sorted(made.to) == ["chris@example.org", "rosa@example.ac.uk"]
    count = len(mail.outbox)
    with commit():
        client.post(reverse("enquiries:introduction_make", args=[introduction.pk]))
    assert len(mail.outbox) == count


def test_a_declined_introduction_is_never_made(client, staff):
    introduction = IntroductionFactory(contact_email="x@example.org", status="asked")
    client.post(
        reverse("enquiries:introduction_agree", args=[introduction.consent_token]), {"answer": "no"}
    )
    introduction.refresh_from_db()
    assert introduction.status == "declined"
    client.force_login(staff)
    client.post(reverse("enquiries:introduction_make", args=[introduction.pk]))
    introduction.refresh_from_db()
    assert introduction.status == "declined"


def test_the_reply_travels_by_smtp_with_its_reply_to(smtp_server, client, staff, commit):
    enquiry = EnquiryFactory(email="grace@example.org")
    client.force_login(staff)
    with commit():
        client.post(
            reverse("enquiries:enquiry_reply", args=[enquiry.pk]),
            {"reply-body": "Here is our answer.", "reply-status": "answered"},
        )
    message = smtp_server.last_to("grace@example.org")
    assert message["Reply-To"] == reply_address(enquiry)
    assert "Here is our answer." in smtp_server.text(message)
