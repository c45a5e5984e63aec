from django.contrib import admin

from coalition.enquiries.models import Enquiry, Introduction, Message, Tag


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    readonly_fields = ["kind", "sender", "author", "body", "created"]


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "topic", "status", "received_at"]
    list_filter = ["status", "topic", "tags"]
    search_fields = ["subject", "name", "email", "message"]
    inlines = [MessageInline]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["requester_name", "organisation", "theme", "status", "created"]
    list_filter = ["status"]


admin.site.register(Tag)
