"""Each recipient's copy of a bulletin: rendered once, personalised by replacing a few
placeholders, and turned into the bytes SMTP's DATA takes (see sending.py)."""

import re
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from coalition.mailings.models import Bulletin, Delivery
from coalition.mailings.services import compose
from coalition.mailings.services.tokens import preferences_token, unsubscribe_token

TO_PLACEHOLDER = "%%to%%"
DATE_PLACEHOLDER = "%%date%%"
MESSAGE_ID_PLACEHOLDER = "%%message_id%%"
LINE_LIMIT = 998  # bytes on a line of a message, without its CRLF (RFC 5322)


class MessageFactory:
    """Builds each recipient's message from a bulletin rendered once.

    The whole message (headers, both parts) is built once with placeholders for what
    differs per recipient (To, Date, Message-ID and the two links), and each message is
    that template with the placeholders replaced: the same bytes the email package would
    make, at a small fraction of the cost. When the template cannot be used (a part had
    to be quoted-printable, which may split a placeholder, or an address is not ASCII),
    the message is built in full instead.
    """

    def __init__(self, bulletin: Bulletin):
        self.bulletin = bulletin
        self.mailing_list = bulletin.mailing_list
        if not bulletin.html or not bulletin.text:
            rendered = compose.render(bulletin)
            bulletin.html, bulletin.text = rendered.html, rendered.text
        self.host = (parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]) or "localhost"
        self.sender = settings.MAILINGS_BOUNCE_ADDRESS or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        self.template = self._template()

    def links(self, subscriber) -> tuple[str, str]:
        token = unsubscribe_token(subscriber.pk, subscriber.key, self.mailing_list.pk)
        unsubscribe = settings.SITE_URL + reverse("mailings:unsubscribe", args=[token])
        preferences = settings.SITE_URL + reverse(
            "mailings:preferences", args=[preferences_token(subscriber)]
        )
        return unsubscribe, preferences

    def _message(self, to, unsubscribe, preferences, message_id, date=None):
        def fill(body: str) -> str:
            return body.replace(compose.UNSUBSCRIBE_PLACEHOLDER, unsubscribe).replace(
                compose.PREFERENCES_PLACEHOLDER, preferences
            )

        headers = {
            "List-Id": self.mailing_list.list_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Archive": f"<{settings.SITE_URL}{reverse('mailings:archive')}>",
            "Precedence": "list",
            "Message-ID": f"<{message_id}>",
        }
        if date:
            headers["Date"] = date
        message = EmailMultiAlternatives(
            subject=self.bulletin.subject,
            body=fill(self.bulletin.text),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers=headers,
        )
        message.attach_alternative(fill(self.bulletin.html), "text/html")
        return message

    def _template(self) -> bytes | None:
        placeholders = (
            TO_PLACEHOLDER,
            compose.UNSUBSCRIBE_PLACEHOLDER,
            compose.PREFERENCES_PLACEHOLDER,
            MESSAGE_ID_PLACEHOLDER,
            DATE_PLACEHOLDER,
        )
        message = self._message(
            TO_PLACEHOLDER,
            compose.UNSUBSCRIBE_PLACEHOLDER,
            compose.PREFERENCES_PLACEHOLDER,
            MESSAGE_ID_PLACEHOLDER,
            DATE_PLACEHOLDER,
        )
        data = message.message().as_bytes(linesep="\r\n")
        if b"quoted-printable" in data.lower() or b"base64" in data.lower():
            return None
        if not all(placeholder.encode() in data for placeholder in placeholders):
            return None
        # Each recipient's links and address make lines longer than the template's: a line
        # that could then pass SMTP's limit means building every message in full (the
        # email package then encodes that part so that no line is too long).
        if any(
            compose.sent_length(line) > LINE_LIMIT
            for line in data.decode("utf-8", "replace").split("\r\n")
        ):
            return None
        return _stuff(data)

    def message_id(self, delivery) -> str:
        return f"bulletin-{self.bulletin.pk}-{delivery.pk or 'test'}@{self.host}"

    def build(self, delivery: Delivery, to: str | None = None) -> EmailMultiAlternatives:
        unsubscribe, preferences = self.links(delivery.subscriber)
        return self._message(
            to or delivery.email, unsubscribe, preferences, self.message_id(delivery)
        )

    def wire(self, delivery: Delivery) -> bytes:
        """The message as written after DATA (dot-stuffed, with the final dot)."""
        if self.template is None or not delivery.email.isascii():
            return _wire(self.build(delivery))
        unsubscribe, preferences = self.links(delivery.subscriber)
        return (
            self.template.replace(TO_PLACEHOLDER.encode(), delivery.email.encode())
            .replace(compose.UNSUBSCRIBE_PLACEHOLDER.encode(), unsubscribe.encode())
            .replace(compose.PREFERENCES_PLACEHOLDER.encode(), preferences.encode())
            .replace(MESSAGE_ID_PLACEHOLDER.encode(), self.message_id(delivery).encode())
            .replace(DATE_PLACEHOLDER.encode(), formatdate(localtime=False).encode())
        )


_LEADING_DOT = re.compile(rb"(?m)^\.")
END = b".\r\n"


def _stuff(data: bytes) -> bytes:
    data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def _wire(message: EmailMultiAlternatives) -> bytes:
    return _stuff(message.message().as_bytes(linesep="\r\n"))
