"""The back office for policy records; drafting and publishing are at /staff/policy/."""

from django.contrib import admin

from coalition.policy.models import (
    Development,
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
    Response,
    Signature,
)


@admin.register(Development)
class DevelopmentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "issuer", "closes_on", "status"]
    list_filter = ["status", "kind", "issuer_kind", "themes"]
    search_fields = ["title", "issuer"]
    prepopulated_fields = {"slug": ["title"]}


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    raw_id_fields = ["organisation", "signed_by"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "development", "status", "sign_until", "submitted_on"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["status", "published_at", "pdf"]
    inlines = [SignatureInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "adopted_on", "review_on", "is_public"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["decision"]
    filter_horizontal = ["evidence"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_on", "download_count", "is_public"]
    list_filter = ["kind", "is_public"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(OtherBody)
class OtherBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(MonitoredStatement)
class MonitoredStatementAdmin(admin.ModelAdmin):
    list_display = ["body", "said_on", "is_quote"]
    list_filter = ["themes", "body__kind"]
    autocomplete_fields = ["body"]
