"""Published news, and news sent in by a member organisation's website."""

from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS, WRITE_LIMITS, TokenAuth
from coalition.api.endpoints.common import (
    absolute,
    media,
    named,
    ref,
)
from coalition.api.errors import COMMON, WRITE, ApiError, Error
from coalition.api.models import Submission
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import Input, IsoDateTime, NewsIn, NewsOut, NewsPage, Slug, Submitted
from coalition.api.services import prepare_news, submit
from coalition.news.models import NewsItem

router = Router(tags=["News"])


class NewsFilters(Input):
    theme: str | None = None
    organisation: str | None = Field(None, description="An organisation's slug.")
    since: IsoDateTime | None = Field(None, description="Published at or after this time.")
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def news_out(request, item) -> dict:
    return {
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "body_html": str(item.body_html),
        "organisation": ref(request, item.organisation),
        "themes": named(item.themes.all()),
        "published_at": item.published_at,
        "image": media(request, item.image),
        "url": absolute(request, item.get_absolute_url()),
    }


@router.get("/news", response={200: NewsPage, **COMMON}, throttle=READ_LIMITS, summary="News")
def news(request, filters: Query[NewsFilters]):
    """Published news, newest first."""
    queryset = (
        NewsItem.objects.published().select_related("organisation").prefetch_related("themes")
    )
    if filters.theme:
        queryset = queryset.filter(themes__slug=filters.theme)
    if filters.organisation:
        queryset = queryset.filter(organisation__slug=filters.organisation)
    if filters.since:
        queryset = queryset.filter(published_at__gte=filters.since)
    rows, paging = paginate(request, queryset, "-published_at", filters.cursor, filters.limit)
    return {"results": [news_out(request, row) for row in rows], **paging}


@router.get(
    "/news/{slug}", response={200: NewsOut, **COMMON}, throttle=READ_LIMITS, summary="One news item"
)
def news_item(request, slug: Slug):
    item = (
        NewsItem.objects.published()
        .select_related("organisation")
        .prefetch_related("themes")
        .filter(slug=slug)
        .first()
    )
    if item is None:
        raise ApiError(404, "not_found", "No published news item has this slug.")
    return news_out(request, item)


@router.post(
    "/news",
    response={201: Submitted, 200: Submitted, 409: Error, **WRITE},
    auth=TokenAuth(),
    throttle=WRITE_LIMITS,
    summary="Send news for review",
)
def submit_news(request, payload: NewsIn):
    """A news item from the token's organisation, waiting for the coalition's staff.

    It is published once staff approve it (the organisation's representatives are
    emailed). Send an `Idempotency-Key` header to make retries safe.
    """
    return submit(request, Submission.Kind.NEWS, NewsItem, prepare_news, payload)
