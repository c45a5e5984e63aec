from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.utils import timezone

from coalition.members.models import (
    Affiliation,
    Application,
    ExecutiveSeat,
    Invitation,
    Membership,
    MembershipType,
    Organisation,
    Person,
    RenewalReminder,
    StaffRole,
    Subscription,
)
from coalition.members.services import (
    AlreadyDecided,
    NameTaken,
    approve_application,
)


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every audited record shows its change history (who, what, when) on its page."""

    show_auditlog_history_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["type", "status", "started_on", "renewal_date", "ended_on"]


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "status", "website", "updated"]
    list_filter = ["status", "memberships__type", "regions", "themes"]
    search_fields = ["name", "short_name", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "themes"]
    inlines = [MembershipInline, AffiliationInline]


@admin.register(MembershipType)
class MembershipTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "annual_fee", "order"]
    prepopulated_fields = {"slug": ["name"]}


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["organisation", "type", "status", "started_on", "renewal_date"]
    list_filter = ["status", "type"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "renewal_date"
    inlines = [SubscriptionInline]
    list_select_related = ["organisation", "type"]


class OverdueFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("unpaid", "Unpaid"), ("paid", "Paid")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(paid_on__isnull=True, due_date__lt=today)
        if self.value() == "unpaid":
            return queryset.filter(paid_on__isnull=True)
        if self.value() == "paid":
            return queryset.filter(paid_on__isnull=False)
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(HistoryAdmin):
    list_display = ["membership", "period_start", "amount", "due_date", "paid_on", "method"]
    list_filter = [OverdueFilter, "method", "membership__type"]
    search_fields = ["membership__organisation__name", "reference"]
    date_hierarchy = "due_date"
    list_select_related = ["membership__organisation", "membership__type"]
    actions = ["mark_paid_today"]

    @admin.action(description="Mark selected as paid today (bank transfer)")
    def mark_paid_today(self, request, queryset):
        updated = 0
        for subscription in queryset.filter(paid_on__isnull=True):
            subscription.paid_on = timezone.localdate()
            subscription.method = Subscription.Method.BACS
            subscription.save(update_fields=["paid_on", "method"])
            updated += 1
        self.message_user(request, f"{updated} subscriptions marked as paid.")


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "email", "listed_publicly", "user"]
    list_filter = ["listed_publicly"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(HistoryAdmin):
    list_display = ["person", "organisation", "role", "is_representative"]
    list_filter = ["is_representative"]
    search_fields = ["person__name", "person__email", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(ExecutiveSeat)
class ExecutiveSeatAdmin(HistoryAdmin):
    list_display = ["organisation", "person", "office", "term_start", "term_end"]
    autocomplete_fields = ["organisation", "person"]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "hours", "order"]
    autocomplete_fields = ["person"]


@admin.register(Application)
class ApplicationAdmin(HistoryAdmin):
    list_display = ["organisation_name", "membership_type", "contact_name", "status", "submitted"]
    list_filter = ["status", "membership_type"]
    search_fields = ["organisation_name", "contact_name", "contact_email"]
    readonly_fields = ["status", "decided_at", "decided_by", "organisation", "submitted"]
    actions = ["approve"]

    @admin.action(description="Approve selected applications and invite their contacts")
    def approve(self, request, queryset):
        for application in queryset:
            try:
                approve_application(application, request.user)
            except AlreadyDecided:
                self.message_user(
                    request,
                    f"{application.organisation_name}: already decided, unchanged.",
                    messages.WARNING,
                )
            except NameTaken:
                self.message_user(
                    request,
                    f"{application.organisation_name}: an organisation of that name "
                    "already exists, unchanged.",
                    messages.ERROR,
                )
            else:
                self.message_user(request, f"{application.organisation_name} approved.")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "created", "accepted_at"]
    readonly_fields = ["token"]
    search_fields = ["person__email", "organisation__name"]


@admin.register(RenewalReminder)
class RenewalReminderAdmin(admin.ModelAdmin):
    list_display = ["membership", "renewal_date", "days_before", "sent_at"]
    list_select_related = ["membership__organisation", "membership__type"]

    def has_add_permission(self, request):
        return False
