"""Personal data in privacy itself: export requests name the address they were for."""

from coalition.privacy.registry import (
    EMAIL,
    Collects,
    Table,
    by_email,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Requests for a copy of someone's data, and erasures (an erased address is "
        "kept only as a keyed hash, with the reason and who did it)",
        why="To answer requests within a month and show that we did (legal obligation)",
        kept="Export files are deleted when downloaded or after {PRIVACY_EXPORT_KEEP_DAYS} "
        "days; the record of the request is kept",
    ),
]

TABLES = [
    Table(
        "privacy.ExportRequest",
        match=by_email("email"),
        erase={"email": EMAIL, "subject_user": None},
    ),
]

export = exporter(TABLES)
erase = eraser(TABLES)
