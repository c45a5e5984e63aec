from django.contrib import admin

from coalition.events.models import Event, Occurrence, PersonalFeed, Registration


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0
    fields = ["original_start", "starts_at", "ends_at", "capacity", "is_cancelled", "note"]
    readonly_fields = ["original_start"]
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "event_type", "organiser", "status", "capacity"]
    list_filter = ["status", "event_type", "attendance", "region", "themes"]
    search_fields = ["title", "summary", "venue", "postcode", "organiser__name"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["themes"]
    readonly_fields = ["uid", "sequence", "created", "updated", "submitted_at", "moderated_at"]
    inlines = [OccurrenceInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from coalition.events.services.series import sync_occurrences

        sync_occurrences(form.instance)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "occurrence", "status", "created", "attended"]
    list_filter = ["status", "attended", "event"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["occurrence", "event", "user"]
    readonly_fields = ["token", "created", "updated"]
    date_hierarchy = "created"


@admin.register(PersonalFeed)
class PersonalFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created"]
    search_fields = ["user__email"]
    readonly_fields = ["token", "created"]
