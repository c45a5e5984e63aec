from django.contrib import admin

from coalition.programme.models import (
    Funder,
    FundingApplication,
    GrantReport,
    Income,
    Milestone,
    Output,
    Project,
    Tender,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class OutputInline(admin.TabularInline):
    model = Output
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "lead"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MilestoneInline, OutputInline]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class GrantReportInline(admin.TabularInline):
    model = GrantReport
    extra = 0


@admin.register(FundingApplication)
class FundingApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "funder", "status", "amount_asked", "amount_granted", "deadline"]
    list_filter = ["status", "funder"]
    inlines = [GrantReportInline]


@admin.register(Income)
class IncomeAdmin(admin.ModelAdmin):
    list_display = ["received_on", "source", "amount", "financial_year", "description"]
    list_filter = ["source", "financial_year"]
    raw_id_fields = ["subscription", "application", "tender"]


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "status", "contract_value", "management_fee"]
    list_filter = ["status"]
