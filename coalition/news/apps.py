from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from coalition.core.cache import bump_generation

# What public pages show of a member's feed; its fetch times and errors are for staff only.
PUBLIC_FEED_FIELDS = {"url", "is_active", "title", "site_url", "organisation"}


class NewsConfig(AppConfig):
    name = "coalition.news"
    label = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.core.cache import invalidate_on_change
        from coalition.news import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem

        auditlog.register(NewsItem, m2m_fields={"themes"}, exclude_fields=["updated"])
        auditlog.register(MemberFeed, include_fields=["url", "is_active", "organisation"])
        # Public pages show news items and members' entries (and a feed's name). A fetch that
        # finds nothing new saves only the feed's fetch times: that must not empty the cache,
        # so the feed itself bumps the generation only when its public fields change (below).
        invalidate_on_change(NewsItem, MemberFeedEntry)
        post_save.connect(_feed_changed, sender=MemberFeed, dispatch_uid="news-feed-changed")
        post_delete.connect(bump_generation, sender=MemberFeed, dispatch_uid="news-feed-deleted")


def _feed_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or PUBLIC_FEED_FIELDS & set(update_fields):
        bump_generation()
