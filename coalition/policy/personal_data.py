"""Personal data in policy: comments on draft responses, signatures, the deadlines email."""

from coalition.privacy.registry import (
    ERASED,
    Collects,
    Table,
    by_user,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Comments on draft joint responses, revisions made, and which representative "
        "signed for their organisation",
        why="To draft responses together and show who signed (each organisation once)",
        kept="With the response; on erasure comments are removed and signatures still count",
    ),
    Collects(
        what="Who asked for the weekly email of consultations closing soon",
        why="To send it (consent)",
        kept="Until they stop it or are erased",
    ),
]

TABLES = [
    Table(
        "policy.Comment",
        match=by_user("author"),
        erase={"author": None, "body": ERASED, "body_html": ""},
    ),
    Table("policy.SectionRevision", match=by_user("author"), erase={"author": None}),
    Table("policy.Signature", match=by_user("signed_by")),
    Table("policy.Response", match=by_user("created_by")),
    Table("policy.MonitoredStatement", match=by_user("added_by")),
    Table("policy.DeadlineSubscriber", match=by_user("user"), delete=True),
]

export = exporter(TABLES)
erase = eraser(TABLES)
