"""Campaigns and how many have taken part in each action."""

from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS
from coalition.api.endpoints.common import absolute, named, ref
from coalition.api.errors import COMMON, ApiError
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import CampaignOut, CampaignPage, Input, Slug
from coalition.campaigns.models import Action, Campaign

router = Router(tags=["Campaigns"])


class CampaignFilters(Input):
    status: str | None = Field(None, description="active, won, closed…")
    theme: str | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def campaign_out(request, campaign) -> dict:
    from coalition.campaigns.services import public_count

    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "status": campaign.status,
        "policy_area": campaign.policy_area,
        "goal": campaign.goal,
        "summary": campaign.summary,
        "themes": named(campaign.themes.all()),
        "lead_organisation": ref(request, campaign.lead_organisation),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "url": absolute(request, campaign.get_absolute_url()),
        "actions": [
            {
                "slug": action.slug,
                "kind": action.kind,
                "title": action.title,
                "status": action.status,
                "is_open": action.is_open(),
                "closes_at": action.closes_at,
                "goal": action.goal,
                "count": public_count(action),
                "url": absolute(request, action.get_absolute_url()),
            }
            for action in campaign.actions.all()
            if action.status != Action.Status.DRAFT
        ],
    }


def public():
    return (
        Campaign.objects.public()
        .select_related("lead_organisation")
        .prefetch_related("themes", "actions")
    )


@router.get(
    "/campaigns", response={200: CampaignPage, **COMMON}, throttle=READ_LIMITS, summary="Campaigns"
)
def campaigns(request, filters: Query[CampaignFilters]):
    """Campaigns, the newest first, with their actions and the number who took part."""
    queryset = public()
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    rows, paging = paginate(request, queryset, "-starts_on", filters.cursor, filters.limit)
    return {"results": [campaign_out(request, row) for row in rows], **paging}


@router.get(
    "/campaigns/{slug}",
    response={200: CampaignOut, **COMMON},
    throttle=READ_LIMITS,
    summary="One campaign",
)
def campaign(request, slug: Slug):
    found = public().filter(slug=slug).first()
    if found is None:
        raise ApiError(404, "not_found", "No campaign has this slug.")
    return campaign_out(request, found)
