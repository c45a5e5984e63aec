"""Email in and out of an enquiry's thread.

Out: each reply goes from the inbox with Reply-To set to a plus-address of
ENQUIRY_REPLY_ADDRESS carrying the enquiry's token (enquiries+3f9a...@example.org)
and the reference in the subject ([ENQ-3f9a...]), so an answer finds its thread by
either, whichever the person's mail program keeps.

In: `receive(raw)` takes one RFC 822 message (from `manage.py enquiries_fetch_mail`
reading an mbox or Maildir, or from the webhook) and adds it to its thread; mail
that names no thread starts a new enquiry, so nothing that arrives is lost. The
Message-ID makes it idempotent: the same email read twice lands once.
"""

import email
import re
from email import policy
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.core.models import CoalitionProfile
from coalition.enquiries.models import Enquiry, Message
from coalition.lib.email import queue_email

TOKEN = r"[0-9a-f]{12}"
SUBJECT_REF = re.compile(rf"\[ENQ-({TOKEN})\]", re.IGNORECASE)
QUOTE_HEADER = re.compile(r"^\s*On .{4,200}wrote:\s*$", re.MULTILINE)
MAX_BODY = 100_000


def reply_address(enquiry: Enquiry) -> str:
    local, _, domain = settings.ENQUIRY_REPLY_ADDRESS.partition("@")
    return f"{local}+{enquiry.token}@{domain}"


def reply_subject(enquiry: Enquiry) -> str:
    subject = enquiry.subject
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    return f"{subject} [{enquiry.reference}]"


def send_reply(enquiry: Enquiry, author, body: str, status: str | None = None) -> Message:
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            enquiry=enquiry, kind=Message.Kind.REPLY, author=author, body=body, created=now
        )
        enquiry.status = status or Enquiry.Status.ANSWERED
        enquiry.last_activity_at = now
        if enquiry.first_answered_at is None:
            enquiry.first_answered_at = now
        if enquiry.assigned_to_id is None:
            enquiry.assigned_to = author
        enquiry.save(
            update_fields=["status", "last_activity_at", "first_answered_at", "assigned_to"]
        )
        history = list(enquiry.messages.exclude(kind=Message.Kind.NOTE).exclude(pk=message.pk))
        queue_email(
            enquiry.email,
            "enquiries/emails/reply",
            {
                "enquiry": enquiry,
                "body": body,
                "subject": reply_subject(enquiry),
                "history": history,
                "author": author,
                "coalition_name": CoalitionProfile.current().name,
            },
            reply_to=reply_address(enquiry),
        )
    return message


def token_from(message) -> str | None:
    """The enquiry token from the plus-address the mail was sent to, or from the subject."""
    local, _, domain = settings.ENQUIRY_REPLY_ADDRESS.lower().partition("@")
    pattern = re.compile(rf"^{re.escape(local)}\+({TOKEN})@{re.escape(domain)}$")
    headers = []
    for name in ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To"):
        headers.extend(str(value) for value in message.get_all(name, []))
    for _name, address in getaddresses(headers):
        match = pattern.match(address.strip().lower())
        if match:
            return match.group(1)
    match = SUBJECT_REF.search(str(message.get("Subject", "")))
    return match.group(1).lower() if match else None


def plain_text(message) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (AttributeError, KeyError):
        part = None
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeDecodeError):
        text = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        import nh3

        text = nh3.clean(text, tags=set())
    return text


def strip_quoted(text: str) -> str:
    """The new part of a reply: drop the quoted history under "On ... wrote:" or ">"."""
    match = QUOTE_HEADER.search(text)
    if match:
        text = text[: match.start()]
    lines = text.rstrip().splitlines()
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip() or text.strip()


def receive(raw: bytes | str) -> Message:
    """Add one email to its enquiry's thread (or start a new enquiry); idempotent."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    message = email.message_from_bytes(raw, policy=policy.default)
    message_id = str(message.get("Message-ID", "")).strip()[:300]
    if message_id:
        existing = Message.objects.filter(message_id=message_id).first()
        if existing is not None:
            return existing
    name, sender = parseaddr(str(message.get("From", "")))
    subject = str(message.get("Subject", "")).strip()[:200] or "(no subject)"
    body = strip_quoted(plain_text(message))[:MAX_BODY] or "(no text)"
    token = token_from(message)
    now = timezone.now()
    try:
        with transaction.atomic():
            enquiry = (
                Enquiry.objects.select_for_update().filter(token=token).first() if token else None
            )
            if enquiry is None:
                enquiry = Enquiry.objects.create(
                    topic=Enquiry.Topic.OTHER,
                    subject=SUBJECT_REF.sub("", subject).strip() or "(no subject)",
                    message=body,
                    name=name or sender,
                    email=sender,
                    consent=False,
                )
            elif enquiry.status != Enquiry.Status.NEW:
                enquiry.status = Enquiry.Status.IN_PROGRESS
            enquiry.last_activity_at = now
            enquiry.save(update_fields=["status", "last_activity_at"])
            return Message.objects.create(
                enquiry=enquiry,
                kind=Message.Kind.INBOUND,
                sender=sender[:254],
                body=body,
                message_id=message_id,
                created=now,
            )
    except IntegrityError:
        # The same Message-ID arrived at the same moment by the other route.
        return Message.objects.get(message_id=message_id)
