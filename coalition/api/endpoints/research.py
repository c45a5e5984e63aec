"""The research library: published items with their findings, and where to get them."""

from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS
from coalition.api.endpoints.common import absolute, media, named, ref
from coalition.api.errors import COMMON, ApiError
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import Input, ResearchOut, ResearchPage, Slug

router = Router(tags=["Research"])


class ResearchFilters(Input):
    theme: str | None = None
    type: str | None = Field(None, description="report, briefing, article, evaluation…")
    year: int | None = Field(None, ge=1900, le=2100)
    organisation: str | None = Field(None, description="An organisation's slug.")
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def research_out(request, item) -> dict:
    return {
        "slug": item.slug,
        "title": item.title,
        "item_type": item.item_type,
        "authors": item.author_names,
        "publisher": item.publisher,
        "year": item.year,
        "summary": item.summary,
        "abstract": item.abstract,
        "key_findings": item.key_findings_list,
        "themes": named(item.themes.all()),
        "organisation": ref(request, item.organisation),
        "doi": item.doi or None,
        "link": item.url or None,
        "file": media(request, item.file),
        "licence": item.licence,
        "open_access": item.open_access,
        "published_at": item.published_at,
        "url": absolute(request, item.get_absolute_url()),
    }


def published():
    from coalition.research.models import ResearchItem

    return (
        ResearchItem.objects.published()
        .select_related("organisation")
        .prefetch_related("themes", "authorships__author")
    )


@router.get(
    "/research", response={200: ResearchPage, **COMMON}, throttle=READ_LIMITS, summary="Research"
)
def research(request, filters: Query[ResearchFilters]):
    """The research library, newest first."""
    queryset = published()
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.type:
        queryset = queryset.filter(item_type=filters.type)
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.organisation:
        queryset = queryset.filter(organisation__slug=filters.organisation)
    rows, paging = paginate(request, queryset, "-published_at", filters.cursor, filters.limit)
    return {"results": [research_out(request, row) for row in rows], **paging}


@router.get(
    "/research/{slug}",
    response={200: ResearchOut, **COMMON},
    throttle=READ_LIMITS,
    summary="One research item",
)
def research_item(request, slug: Slug):
    found = published().filter(slug=slug).first()
    if found is None:
        raise ApiError(404, "not_found", "No published research item has this slug.")
    return research_out(request, found)
