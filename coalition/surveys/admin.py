"""The admin shows surveys and responses for support; building happens in /staff/surveys/."""

from django.contrib import admin

from coalition.surveys.models import AuditResult, AuditVersion, Collector, Invitation, Survey


class CollectorInline(admin.TabularInline):
    model = Collector
    extra = 0
    can_delete = False  # its responses would go with it: deactivate a link instead
    fields = ["name", "organisation", "token", "is_invitations", "is_active"]
    readonly_fields = ["token"]
    autocomplete_fields = ["organisation"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "status", "mode", "opens_at", "closes_at"]
    list_filter = ["status", "mode", "layout"]
    search_fields = ["title", "slug"]
    readonly_fields = ["version", "previous", "created", "updated", "fold_batch"]
    inlines = [CollectorInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "survey", "sent_at", "reminders", "used_at"]
    list_filter = ["survey"]
    search_fields = ["email"]
    readonly_fields = ["token", "created", "sent_at", "reminded_at", "reminders", "used_at"]


@admin.register(AuditVersion)
class AuditVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "is_current", "note", "created"]


@admin.register(AuditResult)
class AuditResultAdmin(admin.ModelAdmin):
    list_display = ["created", "organisation_name", "overall", "contributed", "version"]
    list_filter = ["contributed", "version"]
    readonly_fields = ["token", "answers", "scores", "overall", "version", "previous", "user"]
