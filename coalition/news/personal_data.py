"""Personal data in news: who submitted news items and registered members' feeds."""

from coalition.privacy.registry import (
    Collects,
    Table,
    by_user,
    eraser,
    exporter,
)

COLLECTS = [
    Collects(
        what="Which account submitted a news item or registered a member's feed",
        why="Moderation: to tell the submitter the outcome",
        kept="With the news item; the account is anonymised on erasure",
    ),
]

TABLES = [
    Table("news.NewsItem", match=by_user("submitted_by")),
    Table("news.MemberFeed", match=by_user("added_by")),
]

export = exporter(TABLES)
erase = eraser(TABLES)
