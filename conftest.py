"""Shared fixtures: the personas every view is tested with."""

import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from coalition.members.tests.factories import (
    AffiliationFactory,
    ExecutiveSeatFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (tests only)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): client.post(...)` runs on-commit work (queued email) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def organisation(db):
    return MembershipFactory().organisation


@pytest.fixture
def other_organisation(db):
    return MembershipFactory().organisation


@pytest.fixture
def outsider(db):
    """Signed-up, verified, but represents nobody."""
    return UserFactory()


@pytest.fixture
def representative(db, organisation):
    user = UserFactory()
    person = PersonFactory(email=user.email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    return user


@pytest.fixture
def executive_member(db, organisation):
    user = UserFactory()
    person = PersonFactory(email=user.email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    ExecutiveSeatFactory(person=person, organisation=organisation)
    return user


@pytest.fixture
def staff_without_2fa(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def staff(db):
    user = UserFactory(is_staff=True)
    TOTP.activate(user, STAFF_TOTP_SECRET)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(user, STAFF_TOTP_SECRET)
    return user


# --- A real SMTP server on loopback ----------------------------------------------------------


class Inbox(Message):
    """What the loopback SMTP server received, as email.message.Message objects."""

    def __init__(self):
        super().__init__()
        self.messages = []
        self._lock = threading.Lock()

    def handle_message(self, message):
        with self._lock:
            self.messages.append(message)

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in (m["To"] or "")]

    def last_to(self, address: str):
        received = self.to(address)
        assert received, f"No email to {address}; the server received {self.summary()}"
        return received[-1]

    def summary(self) -> list[tuple[str, str]]:
        return [(m["To"], m["Subject"]) for m in self.messages]

    @staticmethod
    def text(message) -> str:
        """The plain-text part of a message."""
        for part in message.walk():
            if part.get_content_type() == "text/plain" and not part.get_filename():
                return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        return ""

    @staticmethod
    def attachments(message) -> dict[str, bytes]:
        return {
            part.get_filename(): part.get_payload(decode=True)
            for part in message.walk()
            if part.get_filename()
        }

    def link_in(self, message, base_url: str) -> str:
        """The first link in the plain-text part that leads back to base_url."""
        links = re.findall(r"https?://[^\s<>\"]+", self.text(message))
        ours = [link for link in links if link.startswith(base_url)]
        assert ours, f"No link to {base_url} in {message['Subject']!r}: {links}"
        return ours[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Email really leaves through SMTP to a server on 127.0.0.1; read it from the fixture."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
