from django.urls import path

from coalition.news.views import members, public, staff

app_name = "news"

urlpatterns = [
    path("news/", public.news_list, name="list"),
    # Fixed words first: they are reserved, never an item's slug (models.items.RESERVED_SLUGS).
    path("news/feed/rss/", public.feed_rss, name="feed_rss"),
    path("news/feed/atom/", public.feed_atom, name="feed_atom"),
    path("news/themes/<slug:slug>/feed/rss/", public.theme_feed_rss, name="theme_feed_rss"),
    path("news/themes/<slug:slug>/feed/atom/", public.theme_feed_atom, name="theme_feed_atom"),
    path(
        "news/organisations/<slug:slug>/feed/rss/",
        public.organisation_feed_rss,
        name="organisation_feed_rss",
    ),
    path(
        "news/organisations/<slug:slug>/feed/atom/",
        public.organisation_feed_atom,
        name="organisation_feed_atom",
    ),
    path("news/from-members/", public.member_entries, name="member_entries"),
    path("news/submit/", members.submit, name="submit"),
    path("news/my/", members.my_news, name="my_news"),
    path("news/my/<int:pk>/", members.my_item, name="my_item"),
    path("news/my/feed/<slug:slug>/", members.my_feed, name="my_feed"),
    path("news/my/feed/<slug:slug>/remove/", members.my_feed_remove, name="my_feed_remove"),
    path("news/<slug:slug>/", public.item_detail, name="item"),
    path("staff/news/", staff.staff_news, name="staff_news"),
    path("staff/news/new/", staff.staff_item_new, name="staff_item_new"),
    path("staff/news/feeds/", staff.staff_feeds, name="staff_feeds"),
    path("staff/news/feeds/<int:pk>/", staff.staff_feed, name="staff_feed"),
    path("staff/news/feeds/<int:pk>/fetch/", staff.staff_feed_fetch, name="staff_feed_fetch"),
    path("staff/news/<int:pk>/", staff.staff_item, name="staff_item"),
    path("staff/news/<int:pk>/approve/", staff.staff_item_approve, name="staff_item_approve"),
    path("staff/news/<int:pk>/reject/", staff.staff_item_reject, name="staff_item_reject"),
    path("staff/news/<int:pk>/publish/", staff.staff_item_publish, name="staff_item_publish"),
]
