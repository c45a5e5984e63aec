"""Personal data in the API: who created and revoked tokens."""

from coalition.privacy.registry import (
    Collects,
    Table,
    by_user,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Which representative created or revoked an organisation's API token",
        why="Accountability for access to write news and events through the API",
        kept="With the token; the account is anonymised on erasure",
    ),
]

TABLES = [Table("api.ApiToken", match=by_user("created_by", "revoked_by"))]

export = exporter(TABLES)
erase = eraser(TABLES)
