"""Personal data in site search: only which staff account asked for a crawl.

Pages crawled from members' public websites may name people; they are the members'
published pages, refreshed from the source on each crawl, and not matched to a person.
"""

from coalition.privacy.registry import (
    Table,
    by_user,
    eraser,
    exporter,
)

COLLECTS = []

TABLES = [Table("sitesearch.CrawlRun", match=by_user("requested_by"))]

export = exporter(TABLES)
erase = eraser(TABLES)
