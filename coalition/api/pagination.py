"""Cursor pagination: stable pages however the data changes between requests.

A list is ordered by one field and then the id; the cursor is the last row's values of
both, encoded. The next page starts strictly after it (keyset pagination), so a row
added or removed meanwhile never shifts a page, and page 500 costs what page 1 does.
"""

import base64
import json
from datetime import date, datetime

from django.db.models import Q
from ninja import Schema

from coalition.api.errors import ApiError

MAX_LIMIT = 100


class Page(Schema):
    next_cursor: str | None = None
    next: str | None = None


def _encode(values: list) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    ).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, field) -> tuple:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
        if value is not None:
            value = field.to_python(value)
        return value, pk
    except Exception:  # noqa: BLE001 (anything a forged cursor can make go wrong)
        raise ApiError(400, "invalid_cursor", "This cursor is not one we gave out.") from None


def paginate(request, queryset, order: str, cursor: str | None, limit: int) -> tuple[list, dict]:
    """One page of `queryset` ordered by `order` ("name" or "-published_at") then id.

    Returns the rows and the paging fields of the response.
    """
    descending = order.startswith("-")
    name = order.lstrip("-")
    field = queryset.model._meta.get_field(name)
    queryset = queryset.order_by(order, "-pk" if descending else "pk")
    if cursor:
        value, pk = _decode(cursor, field)
        after = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{name}__{after}": value}) | Q(**{name: value, f"pk__{after}": pk})
        )
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    paging = {"next_cursor": None, "next": None}
    if more:
        last = rows[-1]
        paging["next_cursor"] = _encode([getattr(last, name), last.pk])
        query = request.GET.copy()
        query["cursor"] = paging["next_cursor"]
        paging["next"] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return rows, paging
