"""Email really leaves through SMTP: a real server on loopback receives it."""

import pytest
from django.core.mail import get_connection

from coalition.core.tasks import send_email
from coalition.lib.email import render_email


@pytest.mark.django_db
def test_a_templated_email_is_delivered_with_text_and_html_parts(smtp_server):
    from coalition.members.tests.factories import MembershipFactory

    membership = MembershipFactory()
    subject, text, html = render_email(
        "members/emails/renewal_reminder",
        {"membership": membership, "organisation": membership.organisation, "days": 7},
    )
    send_email.enqueue(to=["rep@example.org"], subject=subject, text=text, html=html)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "rep@example.org"
    assert "renews in 7 days" in message["Subject"]
    assert message.get_content_type() == "text/plain"
    assert "renews on" in message.get_payload(decode=True).decode()


def test_the_settings_point_django_at_the_server(smtp_server, settings):
    connection = get_connection()
    assert connection.port == settings.EMAIL_PORT


@pytest.mark.django_db
def test_reply_to_and_attachments_reach_the_server(smtp_server, commit):
    from coalition.lib.email import queue_email

    with commit():
        queue_email(
            "target@example.org",
            "members/emails/renewal_reminder",
            {"membership": None, "organisation": {"name": "X"}, "days": 7},
            reply_to="supporter@example.org",
            attachments=[("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        )
    message = smtp_server.last_to("target@example.org")
    assert message["Reply-To"] == "supporter@example.org"
    assert smtp_server.attachments(message) == {
        "event.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    }
