"""The member directory, the themes and regions, and who a token belongs to."""

from django.db.models import Q
from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS, TokenAuth
from coalition.api.endpoints.common import absolute, media, named, ref
from coalition.api.errors import COMMON, WRITE, ApiError
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import Input, Me, OrganisationOut, OrganisationPage, Slug, ThemeOut
from coalition.core.models import Region, Theme
from coalition.members.models import Organisation

router = Router(tags=["Members"])


class OrganisationFilters(Input):
    q: str | None = None
    theme: str | None = None
    region: str | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def organisation_out(request, organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "website": organisation.website,
        "description": organisation.description,
        "themes": named(organisation.themes.all()),
        "regions": named(organisation.regions.all()),
        "url": absolute(request, organisation.get_absolute_url()),
        "logo": media(request, organisation.logo),
    }


@router.get(
    "/organisations",
    response={200: OrganisationPage, **COMMON},
    throttle=READ_LIMITS,
    summary="Member organisations",
)
def organisations(request, filters: Query[OrganisationFilters]):
    """The public directory, alphabetically. `q` searches names and descriptions."""
    queryset = Organisation.objects.listed().prefetch_related("themes", "regions")
    if filters.q:
        text = filters.q[:200]
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(short_name__icontains=text) | Q(description__icontains=text)
        )
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.region:
        queryset = queryset.filter(regions__slug=filters.region)
    rows, paging = paginate(request, queryset.distinct(), "name", filters.cursor, filters.limit)
    return {"results": [organisation_out(request, row) for row in rows], **paging}


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **COMMON},
    throttle=READ_LIMITS,
    summary="One member organisation",
)
def organisation(request, slug: Slug):
    found = (
        Organisation.objects.listed()
        .prefetch_related("themes", "regions")
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise ApiError(404, "not_found", "No member organisation has this slug.")
    return organisation_out(request, found)


@router.get("/themes", response={200: list[ThemeOut], **COMMON}, throttle=READ_LIMITS)
def themes(request):
    """The themes content is tagged with (their slugs filter every list)."""
    return list(Theme.objects.values("slug", "name"))


@router.get("/regions", response={200: list[ThemeOut], **COMMON}, throttle=READ_LIMITS)
def regions(request):
    """The regions organisations and events are in."""
    return list(Region.objects.values("slug", "name"))


@router.get(
    "/me",
    response={200: Me, **WRITE},
    auth=TokenAuth(),
    throttle=READ_LIMITS,
    summary="The token's organisation",
)
def me(request):
    """Check a token: the organisation it writes for."""
    token = request.auth
    return {"organisation": ref(request, token.organisation), "token": str(token)}
