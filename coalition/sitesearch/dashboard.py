"""The site search panel of the staff dashboard: what can be found, crawls under way, failures.

One query in the usual case (a second only while crawls are running)."""

from django.db import connection
from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.sitesearch.models import CrawlRun

COUNTS = """
SELECT
  (SELECT COUNT(*) FROM sitesearch_document),
  (SELECT COUNT(*) FROM sitesearch_source WHERE enabled),
  (SELECT COUNT(*) FROM sitesearch_source),
  (SELECT COUNT(*) FROM sitesearch_crawlrun WHERE status IN ('queued', 'running')),
  (SELECT COUNT(*) FROM sitesearch_crawlrun r JOIN sitesearch_source s ON s.id = r.source_id
   WHERE s.enabled AND r.status = 'failed'
   AND r.id = (SELECT MAX(id) FROM sitesearch_crawlrun WHERE source_id = r.source_id))
"""


def panels(today) -> list[Panel]:
    with connection.cursor() as cursor:
        cursor.execute(COUNTS)
        documents, enabled, total, active, failed = cursor.fetchone()
    running = []
    if active:
        running = list(
            CrawlRun.objects.filter(status__in=CrawlRun.ACTIVE).select_related("source")[:5]
        )
    return [
        Panel(
            title="Site search",
            template="sitesearch/staff/dashboard_panel.html",
            context={
                "documents": documents,
                "sources": {"enabled": enabled, "total": total},
                "running": running,
                "failed": failed,
            },
            link=reverse("sitesearch:staff_sources"),
            link_text="Sources and crawls",
            attention=failed,
            attention_label="sources whose last crawl failed",
        )
    ]
