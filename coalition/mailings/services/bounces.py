"""Bounces: reading delivery status notifications (RFC 3464) and scoring addresses.

A hard bounce (a permanent failure, status 5.x.x) adds 1 to the address's score; a soft
one (4.x.x, or Action: delayed) adds 0.5, at most once a day per address. When the score
reaches MAILINGS_BOUNCE_THRESHOLD the address is suspended and put on the suppression
list, so no bulletin goes to it until the person signs up again and confirms.
"""

import email
import email.policy
import mailbox
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coalition.mailings.models import Bounce, Subscriber, Suppression

HARD = Decimal("1")
SOFT = Decimal("0.5")


@dataclass
class Report:
    email: str
    kind: str  # "hard" or "soft"
    status: str = ""
    diagnostic: str = ""


def _address(value: str) -> str:
    """`rfc822; someone@example.org` -> someone@example.org."""
    value = (value or "").strip()
    if ";" in value:
        value = value.split(";", 1)[1]
    return value.strip().strip("<>").strip().lower()


def _kind(action: str, status: str) -> str | None:
    action = (action or "").strip().lower()
    status = (status or "").strip()
    if action in {"delivered", "relayed", "expanded"}:
        return None
    if status.startswith("5") or (action == "failed" and not status.startswith("4")):
        return Bounce.Kind.HARD
    if status.startswith("4") or action == "delayed":
        return Bounce.Kind.SOFT
    return None


def _field_blocks(part) -> list:
    """The per-message and per-recipient field groups of a message/delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):  # the email package parses each group as a Message
        return payload
    text = payload if isinstance(payload, str) else ""
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        if chunk.strip():
            blocks.append(email.message_from_string(chunk.strip() + "\n"))
    return blocks


def parse_dsn(message) -> list[Report]:
    """The failed recipients a DSN reports; [] for any other message."""
    if isinstance(message, bytes | str):
        parse = (
            email.message_from_bytes if isinstance(message, bytes) else email.message_from_string
        )
        message = parse(message, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    reports = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in _field_blocks(part):
            recipient = block.get("Final-Recipient") or block.get("Original-Recipient")
            if not recipient:
                continue
            status = (block.get("Status") or "").strip().split(" ")[0]
            kind = _kind(block.get("Action", ""), status)
            address = _address(recipient)
            if kind and "@" in address:
                diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
                reports.append(Report(address, kind, status, diagnostic))
    return reports


def read_mailbox(path: str | Path):
    """Every message in an mbox file or a Maildir folder."""
    path = Path(path)
    if path.is_dir():
        box = mailbox.Maildir(path, factory=None, create=False)
    else:
        box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield key, box.get_message(key)
    finally:
        box.close()


@transaction.atomic
def record_bounce(address: str, kind: str, status: str = "", diagnostic: str = "", source="dsn"):
    """Count one bounce against an address; returns the Bounce row."""
    address = address.strip().lower()
    today = timezone.localdate()
    subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
    counted = Decimal("0")
    if subscriber is not None:
        if kind == Bounce.Kind.HARD:
            counted = HARD
        elif subscriber.last_soft_bounce_on != today:
            counted = SOFT
            subscriber.last_soft_bounce_on = today
        subscriber.bounce_score = subscriber.bounce_score + counted
        threshold = Decimal(str(settings.MAILINGS_BOUNCE_THRESHOLD))
        if subscriber.bounce_score >= threshold and subscriber.suspended_at is None:
            subscriber.suspended_at = timezone.now()
            Suppression.objects.get_or_create(
                email=address,
                defaults={
                    "reason": Suppression.Reason.BOUNCED,
                    "note": f"Bounce score {subscriber.bounce_score} (last: {status or kind})",
                },
            )
        subscriber.save(update_fields=["bounce_score", "last_soft_bounce_on", "suspended_at"])
    return Bounce.objects.create(
        email=address,
        subscriber=subscriber,
        kind=kind,
        status=status[:20],
        diagnostic=diagnostic[:2000],
        source=source,
        counted=counted,
    )


def process_message(message, source="dsn") -> list[Bounce]:
    return [
        record_bounce(report.email, report.kind, report.status, report.diagnostic, source)
        for report in parse_dsn(message)
    ]
