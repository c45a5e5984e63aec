"""Email really leaves through SMTP: a real server on loopback receives it."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.mail import get_connection

from coalition.core.tasks import send_email
from coalition.lib.email import render_email


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


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
