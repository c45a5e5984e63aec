"""Admin for partners' links and participations.

Actions themselves are edited with the campaign content (admin_pages.ActionAdmin).
Participations are read-only here: they come from supporters, and staff take one
out of the counts with "Invalidate" on the staff page (services.invalidate keeps
the public count right), never by editing or deleting the row.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from coalition.campaigns.models import Participation, PartnerLink


@admin.register(PartnerLink)
class PartnerLinkAdmin(admin.ModelAdmin):
    list_display = ["organisation", "action", "code", "created"]
    list_select_related = ["organisation", "action__campaign"]
    list_filter = ["action__campaign"]
    search_fields = ["organisation__name", "action__title", "code"]
    raw_id_fields = ["organisation", "action"]
    readonly_fields = ["code", "created"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "action", "status", "partner", "postcode", "created"]
    list_select_related = ["action__campaign", "partner__organisation"]
    list_filter = ["status", "action__kind", "action__campaign"]
    search_fields = ["=email_normalised", "email", "name", "postcode"]
    date_hierarchy = "created"
    # A million signatures: don't count them all for every page of the list.
    show_full_result_count = False
    readonly_fields = [
        "action",
        "partner",
        "name",
        "email",
        "email_normalised",
        "postcode",
        "postcode_district",
        "postcode_area",
        "organisation_name",
        "on_behalf_of_organisation",
        "list_publicly",
        "contact_by_coalition",
        "contact_by_partner",
        "consent_wording",
        "status",
        "created",
        "confirmed_at",
        "confirmation_sent_at",
        "invalidated_at",
        "invalidated_reason",
        "staff_page",
    ]
    exclude = ["token"]

    @admin.display(description="Staff page")
    def staff_page(self, obj):
        url = reverse(
            "campaigns:staff_participations", args=[obj.action.campaign.slug, obj.action.slug]
        )
        return format_html('<a href="{}?q={}">Search and invalidate</a>', url, obj.email)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
