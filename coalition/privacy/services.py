"""Subject access (exports) and erasure: the workflows, audited in the audit log."""

import csv
import hashlib
import hmac
import io
import json
import zipfile

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone

from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.registry import KEEP_ADDRESS, covered_models, modules, scrub_text

# Accounts last: the other apps find a person's rows through their account.
LAST = ("privacy", "core")


class PrivacyError(Exception):
    pass


def storage() -> FileSystemStorage:
    """Outside MEDIA_ROOT: nothing here is ever served by the web server."""
    return FileSystemStorage(location=settings.PRIVACY_EXPORT_DIR)


def ordered_modules() -> list[tuple[str, object]]:
    found = modules()
    first = [(label, m) for label, m in found.items() if label not in LAST]
    return first + [(label, found[label]) for label in LAST if label in found]


def find_user(email: str):
    """The account an address belongs to (a verified address, or the account's own)."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).first()


def email_hash(email: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def audit(obj, event: str, actor, **data) -> None:
    LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS if event == "export downloaded" else LogEntry.Action.UPDATE,
        changes={"event": [None, event]},
        additional_data={"event": event, **data},
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


# --- subject access ------------------------------------------------------------------------


def request_export(email: str, requested_by, subject_user=None, by_staff=False) -> ExportRequest:
    from coalition.privacy.tasks import build_export

    email = email.strip().lower()
    with transaction.atomic():
        export = ExportRequest.objects.create(
            email=email,
            subject_user=subject_user if subject_user is not None else find_user(email),
            requested_by=requested_by,
            by_staff=by_staff,
        )
        audit(export, "export requested", requested_by, by_staff=by_staff)
        transaction.on_commit(lambda: build_export.enqueue(export_id=export.pk))
    return export


def collect(email: str, user) -> dict[str, list[dict]]:
    data = {}
    for _label, module in ordered_modules():
        for table, rows in module.export(email, user).items():
            data.setdefault(table, []).extend(rows)
    return data


def _csv(rows: list[dict]) -> str:
    columns = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v) if isinstance(v, dict | list) else _safe_cell(v)
                for k, v in row.items()
            }
        )
    return out.getvalue()


def _safe_cell(value):
    # Spreadsheet formulas never run from a cell (as coalition.lib.spreadsheet does).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


README = """Everything {site} holds about {email}, on {date}.

Each table is here twice: as JSON (exact values) and as CSV (for a spreadsheet).
summary.json lists the tables and their number of rows. Columns ending in _id point to
other records (an event, an organisation, a campaign action). Secret links (tokens) are
left out. Questions: {contact}.
"""


def build_zip(export: ExportRequest) -> tuple[bytes, dict[str, int]]:
    from coalition.core.models import CoalitionProfile

    user = export.subject_user
    data = collect(export.email, user)
    profile = CoalitionProfile.objects.first()
    counts = {table: len(rows) for table, rows in data.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(
                site=profile.name if profile else "This site",
                email=export.email,
                date=timezone.localdate().isoformat(),
                contact=(profile.email if profile and profile.email else "the coordinator"),
            ),
        )
        archive.writestr("summary.json", json.dumps(counts, indent=2, sort_keys=True))
        for table, rows in sorted(data.items()):
            base = table.replace(" ", "_").replace("(", "").replace(")", "")
            archive.writestr(f"json/{base}.json", json.dumps(rows, indent=2, default=str))
            archive.writestr(f"csv/{base}.csv", _csv(rows))
    return buffer.getvalue(), counts


def build_export(export_id: int) -> ExportRequest | None:
    export = ExportRequest.objects.filter(pk=export_id, status=ExportRequest.Status.QUEUED).first()
    if export is None:
        return None
    try:
        content, counts = build_zip(export)
    except Exception as error:  # recorded for staff; the request can be made again
        ExportRequest.objects.filter(pk=export.pk).update(
            status=ExportRequest.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    name = storage().save(f"{export.public_id.hex}.zip", ContentFile(content))
    ExportRequest.objects.filter(pk=export.pk).update(
        status=ExportRequest.Status.READY,
        file_name=name,
        size=len(content),
        tables=counts,
        ready_at=timezone.now(),
    )
    export.refresh_from_db()
    _tell_requester(export)
    return export


def _tell_requester(export: ExportRequest) -> None:
    from coalition.lib.email import queue_email

    requester = export.requested_by
    if requester is None or not requester.email:
        return
    queue_email(
        requester.email,
        "privacy/emails/export_ready",
        {"export": export, "url": settings.SITE_URL + export.get_absolute_url()},
    )


def take_download(export: ExportRequest, user) -> bytes:
    """The ZIP's bytes, once: the file is deleted and the download audited."""
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if locked.requested_by_id != user.pk:
            raise PrivacyError("Only the person who asked for this export may download it.")
        if locked.status != ExportRequest.Status.READY:
            raise PrivacyError("This export is no longer available: ask for a new one.")
        files = storage()
        with files.open(locked.file_name, "rb") as handle:
            content = handle.read()
        files.delete(locked.file_name)
        locked.status = ExportRequest.Status.DOWNLOADED
        locked.downloaded_at = timezone.now()
        locked.save(update_fields=["status", "downloaded_at"])
        audit(locked, "export downloaded", user, size=len(content))
    return content


def expire_exports(before) -> int:
    """Ready exports nobody downloaded in time: the file is deleted."""
    files = storage()
    n = 0
    for export in ExportRequest.objects.filter(
        status=ExportRequest.Status.READY, ready_at__lt=before
    ):
        if export.file_name:
            files.delete(export.file_name)
        ExportRequest.objects.filter(pk=export.pk).update(status=ExportRequest.Status.EXPIRED)
        n += 1
    return n


# --- erasure -------------------------------------------------------------------------------


def erase_person(email: str, reason: str, erased_by) -> Erasure:
    email = email.strip().lower()
    reason = (reason or "").strip()
    if not reason:
        raise PrivacyError("Give the reason for the erasure: it is kept in the audit log.")
    user = find_user(email)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for _label, module in ordered_modules():
            for table, n in module.erase(email, user).items():
                counts[table] = counts.get(table, 0) + n
        for model in covered_models():
            if model._meta.label in KEEP_ADDRESS:
                continue
            n = scrub_text(model, email)
            if n:
                key = f"{model._meta.label} (address in text)"
                counts[key] = counts.get(key, 0) + n
        erasure = Erasure.objects.create(
            email_hash=email_hash(email), reason=reason, erased_by=erased_by, counts=counts
        )
        audit(erasure, "person erased", erased_by, reason=reason, rows=sum(counts.values()))
    return erasure


def was_erased(email: str) -> Erasure | None:
    return Erasure.objects.filter(email_hash=email_hash(email)).first()
