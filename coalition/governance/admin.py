from django.contrib import admin

from coalition.governance.models import (
    ActionItem,
    AgendaItem,
    Ballot,
    Body,
    BodyMember,
    Decision,
    Meeting,
    PriorityRound,
    Proposal,
)


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BodyMemberInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "starts_at", "visibility", "minutes_status"]
    list_filter = ["body", "minutes_status", "visibility"]
    search_fields = ["title"]
    inlines = [AgendaItemInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["description", "owner", "due", "status"]
    list_filter = ["status"]
    search_fields = ["description", "owner__name"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "visibility"]
    search_fields = ["title", "text"]


@admin.register(PriorityRound)
class PriorityRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "voting_opens_at", "voting_closes_at", "results_published_at"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "organisation", "is_adopted"]
    list_filter = ["round", "is_adopted"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["round", "organisation", "cast_at", "changed_at"]
    list_filter = ["round"]

    def has_change_permission(self, request, obj=None):
        return False  # ballots are cast by representatives, never edited
