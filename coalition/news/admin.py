from django.contrib import admin

from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "published_at"]
    list_filter = ["status", "themes"]
    search_fields = ["title", "summary", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["submitted_by", "submitted_at", "moderated_by", "moderated_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(MemberFeed)
class MemberFeedAdmin(admin.ModelAdmin):
    list_display = ["organisation", "url", "is_active", "last_success_at", "error_kind"]
    list_filter = ["is_active", "error_kind"]
    search_fields = ["organisation__name", "url"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "title",
        "site_url",
        "etag",
        "last_modified",
        "last_fetched_at",
        "last_success_at",
        "next_fetch_at",
        "failure_count",
        "error_kind",
        "error_message",
        "error_at",
    ]


@admin.register(MemberFeedEntry)
class MemberFeedEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "feed", "published_at"]
    search_fields = ["title", "link", "guid"]
    list_select_related = ["feed__organisation"]
    raw_id_fields = ["feed"]
