"""The news panel of the staff dashboard: items waiting for review, members' feeds failing."""

from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.news.models import MemberFeed, NewsItem

ROWS = 5


def panels(today) -> list[Panel]:
    waiting = list(
        NewsItem.objects.waiting()
        .select_related("organisation")
        .only("title", "submitted_at", "organisation__name")
        .order_by("submitted_at")[: ROWS + 1]
    )
    failing = list(
        MemberFeed.objects.exclude(error_kind="")
        .select_related("organisation")
        .only("error_kind", "error_message", "failure_count", "error_at", "organisation__name")
        .order_by("-failure_count")[: ROWS + 1]
    )
    count = len(waiting) if len(waiting) <= ROWS else NewsItem.objects.waiting().count()
    return [
        Panel(
            title="News",
            template="news/staff/dashboard_panel.html",
            context={
                "submitted": waiting[:ROWS],
                "failing": failing[:ROWS],
                "more_failing": len(failing) > ROWS,
            },
            link=reverse("news:staff_news"),
            link_text="All news",
            attention=count,
            attention_label="news items waiting for review",
        )
    ]
