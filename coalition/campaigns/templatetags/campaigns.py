"""Template tags for campaigns: the home page's "Take action" section and small labels."""

from django import template
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat

from coalition.campaigns.models import Action, Campaign, DecisionMaker
from coalition.lib.uploads import KINDS

register = template.Library()

HOME_CAMPAIGNS = 3


@register.inclusion_tag("campaigns/includes/home_section.html")
def take_action_section():
    """Active campaigns with their main action and its progress (newest first)."""
    from coalition.campaigns.views_pages import main_action, with_progress

    campaigns = list(
        Campaign.objects.filter(status=Campaign.Status.ACTIVE)
        .order_by("-starts_on", "title")
        .select_related("lead_organisation")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.filter(status=Action.Status.OPEN),
                to_attr="open_actions",
            )
        )[:HOME_CAMPAIGNS]
    )
    for campaign in campaigns:
        campaign.main_action = main_action(campaign.open_actions)
        if campaign.main_action is not None:
            with_progress(campaign.main_action)
    return {"campaigns": campaigns}


@register.filter
def covered_districts(decision_maker: DecisionMaker) -> str:
    """The postcode districts someone covers, in order: "NG1, NG2, NG7"."""
    return ", ".join(sorted(decision_maker.districts, key=lambda d: (len(d), d)))


@register.filter
def file_kind(kind_or_name: str) -> str:
    """A file's type for people: "PDF", "Word document"; from a kind or a file name."""
    value = (kind_or_name or "").rsplit(".", 1)[-1].lower()
    for kind, (label, _mimes, extensions) in KINDS.items():
        if value == kind or value in extensions:
            return label
    return "File"


@register.filter
def file_size(file) -> str:
    """The size of a stored file, or "" if it has gone missing."""
    try:
        return filesizeformat(file.size)
    except (FileNotFoundError, OSError, ValueError):
        return ""
