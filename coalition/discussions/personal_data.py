"""Personal data in discussions: posts, threads started, follows, reports."""

from coalition.privacy.registry import (
    ERASED,
    ERASED_NAME,
    Collects,
    Table,
    by_user,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Members' discussion posts with the author's name, threads they started and "
        "follow, notification choices, and reports of posts",
        why="To run the members' discussions and their moderation",
        kept="With the thread; on erasure posts are replaced by a note and counts stay",
    ),
]

TABLES = [
    Table(
        "discussions.Post",
        match=by_user("author"),
        erase={"author": None, "author_name": ERASED_NAME, "body": ERASED, "body_html": ""},
    ),
    Table("discussions.Thread", match=by_user("author"), erase={"author": None}),
    Table("discussions.Report", match=by_user("reporter")),
    Table("discussions.Follow", match=by_user("user"), delete=True),
    Table("discussions.NotificationPreference", match=by_user("user"), delete=True),
    Table("discussions.PendingNotification", match=by_user("user"), delete=True),
]

export = exporter(TABLES)
erase = eraser(TABLES)
