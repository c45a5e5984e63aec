"""Importing subscribers from CSV (with their consent) and exporting them.

An import asserts that everyone in the file consented, so staff say how (the source)
and what they agreed to (the wording); each row also needs its own `consent` column
(yes, true, 1 or a date). Rows are refused, and listed with the reason, when the
address is not valid, there is no consent, the address is on the suppression list
(no import can override it), or it is a duplicate (twice in the file, or already on
the list). Someone who unsubscribed from the list is not put back either.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from coalition.lib.spreadsheet import spreadsheet_safe
from coalition.mailings.models import (
    ConsentRecord,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)

NO = {"", "no", "n", "false", "0", "none"}

BAD_ADDRESS = "not a valid email address"
NO_CONSENT = "no consent recorded in the consent column"
SUPPRESSED = "on the suppression list"
DUPLICATE_IN_FILE = "duplicate: already earlier in this file"
DUPLICATE_ON_LIST = "duplicate: already on this list"
UNSUBSCRIBED = "unsubscribed from this list before"


@dataclass
class Refused:
    row: int
    email: str
    reason: str


@dataclass
class ImportReport:
    added: int = 0
    refused: list[Refused] = field(default_factory=list)
    error: str = ""

    @property
    def rows(self) -> int:
        return self.added + len(self.refused)


class ImportFileError(Exception):
    pass


def read_rows(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("The file is not UTF-8 text. Save it as CSV (UTF-8).") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "email" not in headers or "consent" not in headers:
        raise ImportFileError(
            "The first row must name the columns, with at least “email” and “consent”."
        )
    rows = []
    for raw in reader:
        rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k})
    return rows


@transaction.atomic
def import_subscribers(
    data: bytes, mailing_list: MailingList, source: str, wording: str, user=None
) -> ImportReport:
    report = ImportReport()
    rows = read_rows(data)
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    existing = dict(
        Subscription.objects.filter(mailing_list=mailing_list).values_list(
            "subscriber__email", "status"
        )
    )
    seen: set[str] = set()
    now = timezone.now()
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        address = row.get("email", "").lower()
        try:
            validate_email(address)
        except ValidationError:
            report.refused.append(Refused(number, row.get("email", ""), BAD_ADDRESS))
            continue
        if row.get("consent", "").lower() in NO:
            report.refused.append(Refused(number, address, NO_CONSENT))
            continue
        if address in suppressed:
            report.refused.append(Refused(number, address, SUPPRESSED))
            continue
        if address in seen:
            report.refused.append(Refused(number, address, DUPLICATE_IN_FILE))
            continue
        seen.add(address)
        status = existing.get(address)
        if status in (Subscription.Status.SUBSCRIBED,):
            report.refused.append(Refused(number, address, DUPLICATE_ON_LIST))
            continue
        if status == Subscription.Status.UNSUBSCRIBED:
            report.refused.append(Refused(number, address, UNSUBSCRIBED))
            continue
        subscriber, _ = Subscriber.objects.get_or_create(
            email=address, defaults={"name": row.get("name", "")[:200]}
        )
        Subscription.objects.update_or_create(
            subscriber=subscriber,
            mailing_list=mailing_list,
            defaults={
                "status": Subscription.Status.SUBSCRIBED,
                "subscribed_at": now,
                "requested_source": f"import: {source}",
            },
        )
        consent = row.get("consent", "")
        ConsentRecord.objects.create(
            subscriber=subscriber,
            email=address,
            mailing_list=mailing_list,
            action=ConsentRecord.Action.GIVEN,
            source=f"import: {source} (consent column: {consent})"[:200],
            wording=wording,
            user=user if user is not None and user.is_authenticated else None,
            at=now,
        )
        report.added += 1
    return report


EXPORT_HEADERS = ["email", "name", "status", "subscribed_at", "unsubscribed_at", "consent_source"]


def export_rows(mailing_list: MailingList):
    """CSV lines (header first) of everyone on a list, safe to open in a spreadsheet."""
    yield EXPORT_HEADERS
    subscriptions = (
        Subscription.objects.filter(mailing_list=mailing_list)
        .select_related("subscriber")
        .order_by("subscriber__email")
    )
    for subscription in subscriptions.iterator(chunk_size=2000):
        yield [
            spreadsheet_safe(value)
            for value in (
                subscription.subscriber.email,
                subscription.subscriber.name,
                subscription.status,
                subscription.subscribed_at.isoformat() if subscription.subscribed_at else "",
                subscription.unsubscribed_at.isoformat() if subscription.unsubscribed_at else "",
                subscription.requested_source,
            )
        ]
