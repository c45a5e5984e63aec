"""Who may open each news page (read by tests/security/test_views_access.py)."""

from coalition.core.tests.access import EDITOR, STAFF

PUBLIC = {
    "news:list",
    "news:item",
    "news:member_entries",
    "news:feed_rss",
    "news:feed_atom",
    "news:theme_feed_rss",
    "news:theme_feed_atom",
    "news:organisation_feed_rss",
    "news:organisation_feed_atom",
}
PROTECTED = {
    "news:submit": EDITOR,
    "news:my_news": EDITOR,
    "news:my_item": EDITOR,
    "news:my_feed": EDITOR,
    "news:my_feed_remove": EDITOR,
    "news:staff_news": STAFF,
    "news:staff_item_new": STAFF,
    "news:staff_item": STAFF,
    "news:staff_item_approve": STAFF,
    "news:staff_item_reject": STAFF,
    "news:staff_item_publish": STAFF,
    "news:staff_feeds": STAFF,
    "news:staff_feed": STAFF,
    "news:staff_feed_fetch": STAFF,
}
POST_ONLY = {
    "news:my_feed_remove",
    "news:staff_item_approve",
    "news:staff_item_reject",
    "news:staff_item_publish",
    "news:staff_feed_fetch",
}
PUBLIC_STATUS = {}
STAFF_STATUS = {}


def url_kwargs(organisation) -> dict:
    from coalition.core.models import Theme
    from coalition.news.tests.factories import MemberFeedFactory, NewsItemFactory

    theme, _ = Theme.objects.get_or_create(slug="access-theme", defaults={"name": "Access theme"})
    public = NewsItemFactory(slug="access-news", organisation=organisation)
    public.themes.add(theme)
    own = NewsItemFactory(organisation=organisation, status="submitted", published_at=None)
    # Unreachable on purpose: "fetch now" in the access test must fail fast, never go out.
    feed = MemberFeedFactory(organisation=organisation, url="http://127.0.0.1:9/feed/")
    return {
        "news:item": {"slug": public.slug},
        "news:theme_feed_rss": {"slug": theme.slug},
        "news:theme_feed_atom": {"slug": theme.slug},
        "news:organisation_feed_rss": {"slug": organisation.slug},
        "news:organisation_feed_atom": {"slug": organisation.slug},
        "news:my_item": {"pk": own.pk},
        "news:my_feed": {"slug": organisation.slug},
        "news:my_feed_remove": {"slug": organisation.slug},
        "news:staff_item": {"pk": own.pk},
        "news:staff_item_approve": {"pk": own.pk},
        "news:staff_item_reject": {"pk": own.pk},
        "news:staff_item_publish": {"pk": own.pk},
        "news:staff_feed": {"pk": feed.pk},
        "news:staff_feed_fetch": {"pk": feed.pk},
    }
