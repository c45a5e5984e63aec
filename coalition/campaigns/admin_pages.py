"""Admin for campaigns, evidence, tips, materials, decision-makers and letters.

Written for a coordinator who is not technical: each form says what a field is
for, the campaign page holds its evidence, tips, materials and actions, and an
action shows only the fields its kind uses.
"""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from coalition.campaigns.letters import retry_letters
from coalition.campaigns.models import (
    Action,
    Campaign,
    CampaignTip,
    DecisionMaker,
    EvidenceItem,
    Letter,
    Material,
)


class HistoryAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every audited record shows its change history (who, what, when) on its page."""

    show_auditlog_history_link = True


# --- Campaigns and what goes with them -------------------------------------------------------


class EvidenceInline(admin.StackedInline):
    model = EvidenceItem
    extra = 0
    fields = [("title", "source"), "summary", ("url", "file"), "order"]
    verbose_name = "piece of evidence"
    verbose_name_plural = "Evidence (reports, statistics and studies that back the campaign)"


class TipInline(admin.StackedInline):
    model = CampaignTip
    extra = 0
    fields = ["title", "body", "order"]
    verbose_name_plural = "Campaign tips (practical advice for supporters)"


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "description", "file", "order", "kind", "size", "download_count"]
    readonly_fields = ["kind", "size", "download_count"]
    verbose_name_plural = (
        "Materials to download (PDF, Word, PowerPoint, OpenDocument or images; "
        "checked by their content)"
    )

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {"description": forms.Textarea(attrs={"rows": 2, "cols": 30})}
        return super().get_formset(request, obj, **kwargs)


class ActionInline(admin.TabularInline):
    """The campaign's actions at a glance; each opens on its own page to edit."""

    model = Action
    extra = 0
    fields = ["title", "kind", "status", "goal", "order"]
    readonly_fields = ["title", "kind", "status", "goal"]
    show_change_link = True
    can_delete = False
    verbose_name_plural = "Actions (open one to edit it; add one with “Add action” above)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(HistoryAdmin):
    list_display = ["title", "status", "policy_area", "lead_organisation", "starts_on", "ends_on"]
    list_filter = ["status", "themes", "policy_area"]
    search_fields = ["title", "summary", "policy_area", "lead_organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_organisation", "supporting_organisations"]
    filter_horizontal = ["themes"]
    date_hierarchy = "starts_on"
    list_select_related = ["lead_organisation"]
    save_on_top = True
    inlines = [ActionInline, EvidenceInline, TipInline, MaterialInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["title", "slug", "status"],
                "description": "Draft campaigns are seen by staff only. Set the status to "
                "Active to publish; Won or Closed when it is over (it stays on the site).",
            },
        ),
        ("What it is about", {"fields": ["policy_area", "themes", "goal", "summary", "body"]}),
        ("Picture", {"fields": ["image", "image_alt"], "classes": ["collapse"]}),
        ("Who runs it", {"fields": ["lead_organisation", "supporting_organisations"]}),
        ("Dates", {"fields": ["starts_on", "ends_on"]}),
    ]

    def view_on_site(self, obj):
        return obj.get_absolute_url()


# --- Actions: content fields by kind ---------------------------------------------------------


class DecisionMakerInline(admin.TabularInline):
    model = DecisionMaker
    extra = 0
    fields = ["name", "role", "body", "email", "postcode_districts", "daily_limit"]
    verbose_name_plural = (
        "Who the letter goes to (leave postcode districts empty for someone who should get "
        "every letter, such as a minister)"
    )

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {"postcode_districts": forms.TextInput(attrs={"size": 24})}
        return super().get_formset(request, obj, **kwargs)


class ActionAdminForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "campaign",
            "kind",
            "title",
            "slug",
            "status",
            "intro",
            "goal",
            "closes_at",
            "order",
            "target",
            "text",
            "handed_in_on",
            "hand_in_note",
            "letter_subject",
            "letter_body",
            "letter_editable",
            "letter_max_length",
        ]
        help_texts = {
            "letter_body": "The letter supporters start from. Leave out the greeting and the "
            "signature: each letter starts “Dear <name>,” and ends with the supporter's name "
            "and postcode.",
            "letter_subject": "The email's subject line.",
            "letter_max_length": "The longest letter a supporter may send, in characters.",
            "text": "Petition: what signers ask for. Pledge: the statement they commit to, "
            "like “We will raise the loss of advocacy at our next board meeting”.",
            "handed_in_on": "When the petition was handed in; shown on the campaign page.",
            "order": "Actions are listed on the campaign page in this order (lowest first); "
            "the first open one is the campaign's main action.",
        }


KIND_FIELDSETS = {
    Action.Kind.PETITION: (
        "Petition",
        {"fields": ["target", "text", "handed_in_on", "hand_in_note"]},
    ),
    Action.Kind.LETTER: (
        "Letter to decision-makers",
        {
            "fields": ["letter_subject", "letter_body", "letter_editable", "letter_max_length"],
            "description": "Add the decision-makers at the bottom of this page.",
        },
    ),
    Action.Kind.PLEDGE: ("Pledge", {"fields": ["text"]}),
}


class ActionAdmin(HistoryAdmin):
    """Actions' content; their participations and partners are in admin_actions."""

    form = ActionAdminForm
    list_display = ["title", "campaign", "kind", "status", "goal", "closes_at", "letters_link"]
    list_filter = ["kind", "status", "campaign"]
    search_fields = ["title", "campaign__title", "text", "target"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    readonly_fields = ["confirmed_count"]

    def get_fieldsets(self, request, obj=None):
        common = [
            (
                None,
                {
                    "fields": ["campaign", "kind", "title", "slug", "status"],
                    "description": "A draft action is seen by staff only; set it to Open to "
                    "let people take part, and Closed when it is over.",
                },
            ),
            ("Why take part", {"fields": ["intro", "goal", "closes_at", "order"]}),
        ]
        if obj is None:
            # A new action: every kind's fields, each under its own heading.
            return common + [KIND_FIELDSETS[kind] for kind in Action.Kind]
        return common + [
            KIND_FIELDSETS[obj.kind],
            ("Count", {"fields": ["confirmed_count"], "classes": ["collapse"]}),
        ]

    def get_inlines(self, request, obj):
        # Decision-makers belong to letter actions only (and to a new action, of any kind yet).
        if obj is None or obj.kind == Action.Kind.LETTER:
            return [DecisionMakerInline]
        return []

    def get_readonly_fields(self, request, obj=None):
        # The kind decides the fields and who the action's rows belong to: fixed once saved.
        return [*self.readonly_fields, "kind"] if obj else self.readonly_fields

    @admin.display(description="Letters")
    def letters_link(self, obj):
        if obj.kind != Action.Kind.LETTER:
            return "—"
        url = reverse("campaigns:staff_letters", args=[obj.campaign.slug, obj.slug])
        return format_html('<a href="{}">Letters sent</a>', url)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


admin.site.register(Action, ActionAdmin)


@admin.register(DecisionMaker)
class DecisionMakerAdmin(HistoryAdmin):
    list_display = ["name", "role", "body", "action", "postcode_districts", "daily_limit", "sent"]
    list_filter = ["action__campaign", "action"]
    search_fields = ["name", "role", "body", "email", "postcode_districts"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("action")
            .annotate(sent_letters=Count("letters", filter=Q(letters__status=Letter.Status.SENT)))
        )

    @admin.display(description="Letters sent", ordering="sent_letters")
    def sent(self, obj):
        return obj.sent_letters


@admin.register(Material)
class MaterialAdmin(HistoryAdmin):
    list_display = ["title", "campaign", "kind", "size", "download_count", "created"]
    list_filter = ["kind", "campaign"]
    search_fields = ["title", "description", "campaign__title"]
    autocomplete_fields = ["campaign"]
    readonly_fields = ["kind", "size", "download_count"]


@admin.register(EvidenceItem)
class EvidenceItemAdmin(HistoryAdmin):
    list_display = ["title", "source", "campaign", "has_file", "url"]
    list_filter = ["campaign"]
    search_fields = ["title", "source", "summary"]
    autocomplete_fields = ["campaign"]

    @admin.display(description="File", boolean=True)
    def has_file(self, obj):
        return bool(obj.file)


@admin.register(CampaignTip)
class CampaignTipAdmin(HistoryAdmin):
    list_display = ["title", "campaign", "order"]
    list_filter = ["campaign"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["campaign"]


# --- Letters: read-only, with a retry for failures ------------------------------------------


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "decision_maker", "supporter", "status", "created", "sent_at"]
    list_filter = ["status", "participation__action", "decision_maker"]
    search_fields = [
        "subject",
        "participation__name",
        "participation__email",
        "decision_maker__name",
    ]
    list_select_related = ["decision_maker", "participation"]
    date_hierarchy = "created"
    readonly_fields = [
        "participation",
        "decision_maker",
        "subject",
        "body",
        "status",
        "created",
        "sent_at",
        "error",
    ]
    actions = ["retry"]

    @admin.display(description="From", ordering="participation__name")
    def supporter(self, obj):
        return f"{obj.participation.name} ({obj.participation.postcode})"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed letters again", permissions=["view"])
    def retry(self, request, queryset):
        queued = retry_letters(queryset.filter(status=Letter.Status.FAILED))
        skipped = queryset.exclude(status=Letter.Status.FAILED).count()
        self.message_user(request, f"{queued} letters queued to send again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} letters were not failed and were left as they were.",
                messages.WARNING,
            )
