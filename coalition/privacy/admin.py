"""Read-only records of exports and erasures (made from /staff/privacy/, never here)."""

from django.contrib import admin

from coalition.privacy.models import Erasure, ExportRequest


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportRequest)
class ExportRequestAdmin(ReadOnly):
    list_display = ["created", "email", "requested_by", "by_staff", "status", "downloaded_at"]
    list_filter = ["status", "by_staff"]
    search_fields = ["email"]
    exclude = ["file_name"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnly):
    list_display = ["at", "erased_by", "reason"]
    search_fields = ["reason"]

    def has_delete_permission(self, request, obj=None):
        return False
