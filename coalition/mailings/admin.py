from django.contrib import admin

from coalition.mailings.models import (
    Bounce,
    Bulletin,
    BulletinItem,
    ConsentRecord,
    Delivery,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_public", "order"]
    prepopulated_fields = {"slug": ["name"]}


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["mailing_list", "status", "subscribed_at", "unsubscribed_at", "requested_source"]
    readonly_fields = fields


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    fields = ["at", "action", "mailing_list", "source", "wording", "user"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "bounce_score", "suspended_at", "created"]
    search_fields = ["email", "name"]
    list_filter = ["suspended_at"]
    readonly_fields = ["key", "created"]
    inlines = [SubscriptionInline, ConsentInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Evidence: read only."""

    list_display = ["email", "action", "mailing_list", "source", "at"]
    list_filter = ["action", "mailing_list"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "created", "note"]
    list_filter = ["reason"]
    search_fields = ["email"]


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "status", "counted", "source", "received"]
    list_filter = ["kind", "source"]
    search_fields = ["email"]


class ItemInline(admin.TabularInline):
    model = BulletinItem
    extra = 0


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    list_display = ["subject", "mailing_list", "status", "sent_at", "recipients"]
    list_filter = ["status", "mailing_list"]
    readonly_fields = ["recipients", "started_at", "sent_at"]
    exclude = ["html", "text"]
    inlines = [ItemInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "bulletin", "status", "attempts", "sent_at", "error"]
    list_filter = ["status"]
    search_fields = ["email"]
    raw_id_fields = ["bulletin", "subscriber"]
    list_select_related = ["bulletin"]
