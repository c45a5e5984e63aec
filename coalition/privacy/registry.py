"""The personal-data registry: every app says what it holds about a person, and how to
export and erase it, in `coalition/<app>/personal_data.py` (found by module name):

    COLLECTS = [Collects(what=..., why=..., kept=...)]     # for the privacy notice
    TABLES = [Table("campaigns.Participation", match=by_email("email"), erase={...})]
    def export(email, user) -> dict[str, list[dict]]       # table name -> rows
    def erase(email, user) -> dict[str, int]               # table name -> rows anonymised

Most modules write `export = exporter(TABLES)` and `erase = eraser(TABLES)`.

Erasure anonymises rows rather than deleting them, so every count (signatures, survey
answers, attendance, deliveries) stays true. Then every text column of every table in
the registry is searched for the address and it is replaced (free text, JSON, lists of
recipients), and the audit log's copies of the anonymised rows are scrubbed.
"""

import datetime
import decimal
import importlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Q

ERASED = "[erased]"
ERASED_NAME = "Erased"
# Where an address stood in free text (a valid address, so email fields stay valid).
ERASED_ADDRESS = "erased@erased.invalid"
SECRET_FIELDS = {"token", "key", "resume_token", "consent_token", "password", "code"}


class _Placeholder:
    """A per-row unique address (unique constraints hold; rows stay unlinkable)."""

    def __repr__(self) -> str:
        return "EMAIL"


EMAIL = _Placeholder()


@dataclass(frozen=True)
class Collects:
    what: str
    why: str
    kept: str


@dataclass
class Table:
    label: str  # "app.Model"
    match: Callable[[str, object], Q]
    erase: dict = field(default_factory=dict)  # field -> value, EMAIL, or callable(row)
    delete: bool = False  # erase by deleting the rows (nothing counted depends on them)
    export: bool = True
    name: str = ""  # the table's name in an export, when a model appears twice

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def title(self) -> str:
        return self.name or self.label

    def rows(self, email: str, user):
        query = self.match(email, user)
        if query is None:
            return self.model.objects.none()
        return self.model.objects.filter(query).distinct()


def by_email(*fields: str, exact: bool = False) -> Callable[[str, object], Q]:
    def match(email: str, user) -> Q:
        q = Q()
        for name in fields:
            q |= Q(**{name: email.lower()}) if exact else Q(**{f"{name}__iexact": email})
        return q

    return match


def contains(*fields: str) -> Callable[[str, object], Q]:
    """The address anywhere in a text column (lists of recipients, free text)."""

    def match(email: str, user) -> Q:
        q = Q()
        for name in fields:
            q |= Q(**{f"{name}__icontains": email})
        return q

    return match


def related(prefix: str, email_field: str = "email", user_field: str | None = "user"):
    """Rows of a related record that is the person's (e.g. `person` of an Affiliation)."""

    def match(email: str, user) -> Q:
        q = Q(**{f"{prefix}__{email_field}__iexact": email})
        if user is not None and user_field:
            q |= Q(**{f"{prefix}__{user_field}": user})
        return q

    return match


def by_user(*fields: str) -> Callable[[str, object], Q | None]:
    def match(email: str, user) -> Q | None:
        if user is None:
            return None
        q = Q()
        for name in fields:
            q |= Q(**{name: user})
        return q

    return match


def either(*matchers) -> Callable[[str, object], Q | None]:
    def match(email: str, user) -> Q | None:
        parts = [q for q in (m(email, user) for m in matchers) if q is not None]
        if not parts:
            return None
        q = parts[0]
        for part in parts[1:]:
            q |= part
        return q

    return match


# --- export --------------------------------------------------------------------------------


def plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "(binary)"
    return value


def row_dict(obj: models.Model) -> dict:
    out = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        out[f.attname] = plain(value)
    return out


def exporter(tables: list[Table]):
    def export(email: str, user) -> dict[str, list[dict]]:
        out = {}
        for table in tables:
            if not table.export:
                continue
            rows = [row_dict(obj) for obj in table.rows(email, user).order_by("pk")]
            if rows:
                out.setdefault(table.title, []).extend(rows)
        return out

    return export


# --- erasure -------------------------------------------------------------------------------


def placeholder_email() -> str:
    return f"erased-{secrets.token_hex(8)}@erased.invalid"


def erase_rows(table: Table, email: str, user) -> int:
    from coalition.privacy.auditscrub import scrub_log_entries

    rows = list(table.rows(email, user).only("pk"))
    if not rows:
        return 0
    if not table.delete and not table.erase:
        # Kept as it is (it only links to the person); its audit label may name them.
        scrub_log_entries(table.model, [row.pk for row in rows], set())
        return 0
    model = table.model
    pks = [row.pk for row in rows]
    if table.delete:
        scrub_log_entries(model, pks, None)
        model.objects.filter(pk__in=pks).delete()
        return len(pks)
    for row in rows:
        address = placeholder_email()
        values = {}
        for name, value in table.erase.items():
            if value is EMAIL:
                value = address
            elif callable(value):
                value = value(row)
            values[name] = value
        model.objects.filter(pk=row.pk).update(**values)
    scrub_log_entries(model, pks, set(table.erase))
    return len(pks)


def eraser(tables: list[Table]):
    def erase(email: str, user) -> dict[str, int]:
        done = {}
        for table in tables:
            n = erase_rows(table, email, user)
            if n:
                done[table.title] = done.get(table.title, 0) + n
        return done

    return erase


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def text_columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_FIELDS) and not f.primary_key and f.name not in SECRET_FIELDS
    ]


def _replace(value, needle: str, repl: str):
    if isinstance(value, str):
        low = value.lower()
        if needle not in low:
            return value
        out, i = [], 0
        while (j := low.find(needle, i)) >= 0:
            out.append(value[i:j] + repl)
            i = j + len(needle)
        return "".join(out) + value[i:]
    if isinstance(value, list):
        return [_replace(v, needle, repl) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, needle, repl) for k, v in value.items()}
    return value


def scrub_text(model, email: str, skip: tuple[str, ...] = ()) -> int:
    """Replace the address wherever it appears in the model's text and JSON columns."""
    needle = email.lower()
    changed = 0
    for f in text_columns(model):
        if f.name in skip:
            continue
        for row in model.objects.filter(**{f"{f.name}__icontains": email}).only("pk", f.name):
            old = getattr(row, f.name)
            new = _replace(old, needle, ERASED_ADDRESS)
            if isinstance(f, models.JSONField) and json.dumps(new) == json.dumps(old):
                continue
            if new != old:
                model.objects.filter(pk=row.pk).update(**{f.name: new})
                changed += 1
    return changed


# --- discovery -----------------------------------------------------------------------------


@cache
def modules() -> dict[str, object]:
    """App label -> its personal_data module, in INSTALLED_APPS order."""
    found = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.personal_data")
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.personal_data":
                raise
            continue
        found[config.label] = module
    return found


def covered_models() -> list[type[models.Model]]:
    seen = {}
    for module in modules().values():
        for table in getattr(module, "TABLES", ()):
            seen[table.label] = table.model
        for label in getattr(module, "SCRUB", ()):
            seen[label] = apps.get_model(label)
    return list(seen.values())


# Text that must keep the address: the suppression list (so nobody re-adds it).
KEEP_ADDRESS = {"mailings.Suppression"}
