from django.contrib import admin

from coalition.core.models import Aim, CoalitionProfile, Region, ScheduledJob, Theme, Value


@admin.register(CoalitionProfile)
class CoalitionProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "website"]

    def has_add_permission(self, request):
        return not CoalitionProfile.objects.exists()


@admin.register(Aim)
class AimAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "order"]
    list_editable = ["order"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "last_outcome",
        "last_started",
        "last_finished",
        "next_run",
        "run_count",
    ]
    list_filter = ["last_outcome"]
    readonly_fields = [f.name for f in ScheduledJob._meta.fields]

    def has_add_permission(self, request):
        return False
