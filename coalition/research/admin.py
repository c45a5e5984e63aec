from django.contrib import admin

from coalition.research.models import (
    Author,
    EvidenceRequest,
    ImportBatch,
    Institution,
    LearningOpportunity,
    Researcher,
    ResearchGap,
    ResearchItem,
)


class AuthorshipInline(admin.TabularInline):
    model = ResearchItem.authors.through
    raw_id_fields = ["author"]
    extra = 0


@admin.register(ResearchItem)
class ResearchItemAdmin(admin.ModelAdmin):
    list_display = ["title", "item_type", "year", "status", "published_at"]
    list_filter = ["status", "item_type", "open_access", "themes"]
    search_fields = ["title", "doi", "slug"]
    raw_id_fields = ["organisation", "submitted_by", "moderated_by"]
    filter_horizontal = ["themes", "campaigns"]
    inlines = [AuthorshipInline]
    show_full_result_count = False


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    list_filter = ["kind"]


@admin.register(ResearchGap)
class ResearchGapAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "support_count", "created"]
    list_filter = ["status"]
    raw_id_fields = ["proposed_by", "items"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "listed"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Researcher)
class ResearcherAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "status", "public_profile"]
    list_filter = ["status", "public_profile"]
    search_fields = ["name", "email", "expertise"]
    raw_id_fields = ["user"]


@admin.register(EvidenceRequest)
class EvidenceRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "asker_name", "status", "created"]
    list_filter = ["status"]
    raw_id_fields = ["asker", "routed_by"]


@admin.register(LearningOpportunity)
class LearningOpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "status"]
    raw_id_fields = ["event", "items"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["filename", "user", "status", "imported", "refused", "duplicates", "created"]
    exclude = ["entries"]
    readonly_fields = ["user", "filename", "format", "status", "imported_at"]
