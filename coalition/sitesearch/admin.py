from django.contrib import admin

from coalition.sitesearch.models import CrawlRun, Document, Page, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "origin", "organisation", "enabled", "last_crawl_at", "next_crawl_at"]
    list_filter = ["origin", "enabled"]
    search_fields = ["name", "start_urls"]
    raw_id_fields = ["organisation"]


@admin.register(CrawlRun)
class CrawlRunAdmin(admin.ModelAdmin):
    list_display = ["source", "status", "created", "fetched", "indexed", "errors"]
    list_filter = ["status"]
    raw_id_fields = ["source", "requested_by"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["url", "source", "status", "error_kind", "fetched_at"]
    list_filter = ["status", "error_kind"]
    search_fields = ["url"]
    raw_id_fields = ["source"]
    show_full_result_count = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "key"]
    raw_id_fields = ["organisation", "source", "page"]
    show_full_result_count = False
