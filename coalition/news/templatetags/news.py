"""Template helpers for news: the home page's "Latest news" and "From our members"."""

from django import template

from coalition.news.models import MemberFeedEntry, NewsItem

register = template.Library()


@register.inclusion_tag("news/includes/latest_news.html", takes_context=True)
def latest_news(context, limit: int = 3, entries: int = 4):
    """Two queries: the newest published items, and the newest entries from members' feeds."""
    items = (
        NewsItem.objects.published()
        .select_related("organisation")
        .only(
            "title",
            "slug",
            "summary",
            "published_at",
            "organisation__name",
            "organisation__slug",
        )[:limit]
    )
    return {
        "items": list(items),
        "entries": list(MemberFeedEntry.objects.public()[:entries]),
        "coalition": context.get("coalition"),
    }
