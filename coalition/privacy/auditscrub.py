"""Scrub the audit log's copies of anonymised rows (their names, addresses, old values)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from coalition.privacy.registry import ERASED


def scrub_log_entries(model, pks: list, fields: set[str] | None) -> int:
    """Entries about these rows: the label and the erased fields' values (all, if None)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in pks]
    )
    n = 0
    for entry in entries.only("pk", "changes"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        scrubbed = {
            name: ([ERASED, ERASED] if fields is None or name in fields else value)
            for name, value in changes.items()
        }
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=ERASED, changes=scrubbed, changes_text="", serialized_data=None
        )
        n += 1
    return n
