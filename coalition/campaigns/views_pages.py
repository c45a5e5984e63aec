"""Campaign pages: the list, a campaign, its downloads, the printable letter, letters sent."""

import mimetypes

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from coalition.campaigns import services
from coalition.campaigns.letters import letter_statuses, matching_decision_makers, printable_letter
from coalition.campaigns.models import Action, Campaign, EvidenceItem, Letter, Material
from coalition.core.cache import public_page
from coalition.core.forms import CoalitionForm
from coalition.core.models import Theme
from coalition.core.permissions import staff_required
from coalition.lib.postcodes import normalise_postcode, postcode_district
from coalition.lib.uploads import KINDS, detect_kind

PAGE_SIZE = 12
LETTERS_PAGE_SIZE = 50
# Active campaigns first, then those won, then those closed; newest first within each.
STATUS_ORDER = Case(
    When(status=Campaign.Status.ACTIVE, then=Value(0)),
    When(status=Campaign.Status.WON, then=Value(1)),
    When(status=Campaign.Status.CLOSED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
COUNT_WORDS = {
    Action.Kind.PETITION: ("signature", "signatures"),
    Action.Kind.LETTER: ("letter", "letters"),
    Action.Kind.PLEDGE: ("pledge", "pledges"),
}
TAKE_PART = {
    Action.Kind.PETITION: "Sign the petition",
    Action.Kind.LETTER: "Write the letter",
    Action.Kind.PLEDGE: "Make the pledge",
}


def visible_campaigns(request):
    """Staff may preview drafts; everyone else sees published campaigns only."""
    if request.user.is_authenticated and request.user.is_staff:
        return Campaign.objects.all()
    return Campaign.objects.public()


def visible_actions(request):
    if request.user.is_authenticated and request.user.is_staff:
        return Action.objects.all()
    return Action.objects.exclude(status=Action.Status.DRAFT)


def with_progress(action: Action) -> Action:
    """Attach what a progress bar needs: the public count, the goal, the words."""
    action.progress = services.progress(action)
    singular, plural = COUNT_WORDS[action.kind]
    action.count_word = singular if action.progress["count"] == 1 else plural
    action.goal_word = plural
    action.take_part_label = TAKE_PART[action.kind]
    return action


class CampaignFilterForm(CoalitionForm):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status")]
        + [(value, label) for value, label in Campaign.Status.choices if value != "draft"],
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
        empty_label="Any theme",
    )
    area = forms.ChoiceField(label="Policy area", required=False)

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        campaigns = campaigns if campaigns is not None else Campaign.objects.public()
        self.fields["theme"].queryset = (
            Theme.objects.filter(campaigns__in=campaigns).distinct().order_by("name")
        )
        areas = sorted(set(campaigns.values_list("policy_area", flat=True)))
        self.fields["area"].choices = [("", "Any policy area")] + [
            (slugify(area), area) for area in areas
        ]
        self.areas = {slugify(area): area for area in areas}


RELATED_RESEARCH = 5


def related_research(campaign) -> list:
    """Published items of the research library that staff linked to this campaign."""
    if "coalition.research" not in settings.INSTALLED_APPS:
        return []
    return list(
        campaign.research_items.published().only("pk", "slug", "title", "year")[:RELATED_RESEARCH]
    )


@public_page
@require_GET
def campaign_list(request):
    campaigns = Campaign.objects.public()
    form = CampaignFilterForm(request.GET or None, campaigns=campaigns)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    if status := filters.get("status"):
        campaigns = campaigns.filter(status=status)
    if theme := filters.get("theme"):
        campaigns = campaigns.filter(themes=theme)
    if area := filters.get("area"):
        campaigns = campaigns.filter(policy_area=form.areas[area])
    campaigns = (
        campaigns.annotate(status_order=STATUS_ORDER)
        .order_by("status_order", "-starts_on", "title")
        .select_related("lead_organisation")
        .prefetch_related(
            "themes",
            Prefetch(
                "actions",
                queryset=Action.objects.exclude(status=Action.Status.DRAFT),
                to_attr="public_actions",
            ),
        )
    )
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    for campaign in page.object_list:
        campaign.main_action = main_action(campaign.public_actions)
        if campaign.main_action is not None:
            with_progress(campaign.main_action)
    return render(
        request,
        "campaigns/campaign_list.html",
        {"form": form, "page": page, "filters": filters, "is_filtered": bool(filters)},
    )


def main_action(actions) -> Action | None:
    """The action a campaign leads with: its first open one, else its first one."""
    actions = list(actions)
    for action in actions:
        if action.status == Action.Status.OPEN:
            return action
    return actions[0] if actions else None


RELATED_EVENTS = 3


def related_events(campaign) -> list:
    """Coming dates of published events that share a theme with the campaign."""
    from coalition.events.models import Event, Occurrence

    themes = [theme.pk for theme in campaign.themes.all()]
    if not themes:
        return []
    dates = (
        Occurrence.objects.public()
        .upcoming()
        .filter(event__status=Event.Status.PUBLISHED, is_cancelled=False)
        .filter(event__in=Event.objects.filter(themes__in=themes).values("pk"))
        .order_by("starts_at")
    )
    return list(dates[:RELATED_EVENTS])


@public_page
@require_GET
def campaign_detail(request, slug):
    campaign = get_object_or_404(
        visible_campaigns(request)
        .select_related("lead_organisation")
        .prefetch_related(
            "themes",
            "supporting_organisations",
            "evidence",
            "tips",
            "materials",
            Prefetch(
                "actions",
                queryset=visible_actions(request).order_by("order", "pk"),
                to_attr="visible_actions",
            ),
        ),
        slug=slug,
    )
    actions = [with_progress(action) for action in campaign.visible_actions]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "actions": actions,
            "main_action": main_action(actions),
            "related_events": related_events(campaign),
            "related_research": related_research(campaign),
            "today": timezone.localdate(),
            "supporters": [
                organisation
                for organisation in campaign.supporting_organisations.all()
                if organisation.pk != campaign.lead_organisation_id
            ],
        },
    )


def download(file, kind: str, filename: str) -> FileResponse:
    """Serve an uploaded file as a download, typed by what its content was found to be."""
    content_type = next(iter(KINDS[kind][1])) if kind in KINDS else None
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, no-cache"
    return response


def download_name(title: str, file) -> str:
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    return f"{slugify(title) or 'download'}{'.' + extension if extension else ''}"


@require_GET
def material_download(request, slug, pk):
    campaign = get_object_or_404(visible_campaigns(request), slug=slug)
    material = get_object_or_404(Material, pk=pk, campaign=campaign)
    response = download(material.file, material.kind, download_name(material.title, material.file))
    # Counted in the database with one UPDATE, so downloads at the same moment all count.
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)
    return response


@require_GET
def evidence_download(request, slug, pk):
    campaign = get_object_or_404(visible_campaigns(request), slug=slug)
    evidence = get_object_or_404(EvidenceItem, pk=pk, campaign=campaign)
    if not evidence.file:
        raise Http404("This evidence has no file.")
    kind = detect_kind(evidence.file) or ""
    return download(evidence.file, kind, download_name(evidence.title, evidence.file))


@public_page
@require_GET
def letter_pdf(request, slug, action_slug):
    """The action's template letter to print, one page per decision-maker.

    With ?postcode=, only those who cover that postcode (a wrong postcode gets all).
    """
    campaign = get_object_or_404(visible_campaigns(request), slug=slug)
    action = get_object_or_404(
        visible_actions(request), campaign=campaign, slug=action_slug, kind=Action.Kind.LETTER
    )
    recipients = list(action.decision_makers.all())
    if postcode := request.GET.get("postcode", "").strip():
        try:
            district = postcode_district(normalise_postcode(postcode))
        except ValueError:
            district = ""
        recipients = matching_decision_makers(action, district) if district else recipients
    response = HttpResponse(printable_letter(action, recipients), content_type="application/pdf")
    filename = f"letter-{slugify(action.title)[:60] or 'campaign'}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class LetterFilterForm(CoalitionForm):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All letters"), *Letter.Status.choices]
    )


@staff_required
@require_GET
def staff_letters(request, slug, action_slug):
    """Staff: every letter of a letter action, with held and failed ones easy to find."""
    action = get_object_or_404(
        Action.objects.select_related("campaign"),
        campaign__slug=slug,
        slug=action_slug,
        kind=Action.Kind.LETTER,
    )
    form = LetterFilterForm(request.GET or None)
    letters = (
        Letter.objects.filter(participation__action=action)
        .select_related("decision_maker", "participation")
        .order_by("-created", "-pk")
    )
    status = form.cleaned_data.get("status") if form.is_bound and form.is_valid() else ""
    if status:
        letters = letters.filter(status=status)
    recipients = action.decision_makers.annotate(
        sent=Count("letters", filter=Q(letters__status=Letter.Status.SENT)),
        held=Count("letters", filter=Q(letters__status=Letter.Status.HELD)),
        failed=Count("letters", filter=Q(letters__status=Letter.Status.FAILED)),
        waiting=Count("letters", filter=Q(letters__status=Letter.Status.WAITING)),
    )
    page = Paginator(letters, LETTERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/staff_letters.html",
        {
            "action": action,
            "campaign": action.campaign,
            "form": form,
            "status": status,
            "counts": letter_statuses(action),
            "recipients": recipients,
            "page": page,
        },
    )
