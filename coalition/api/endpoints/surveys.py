"""Published survey results: the same numbers as the public results page.

Only surveys whose results staff have published, only the questions chosen for the
published page, and nothing at all for a group smaller than the page would show
(`suppressed`), so the API never reveals more than the site does.
"""

from ninja import Field, Query, Router

from coalition.api.auth import READ_LIMITS
from coalition.api.endpoints.common import absolute
from coalition.api.errors import COMMON, ApiError
from coalition.api.pagination import MAX_LIMIT, paginate
from coalition.api.schemas import Input, Slug, SurveyPage, SurveyResultsOut
from coalition.core.models import Region
from coalition.surveys.models import Survey
from coalition.surveys.services import answering, results

router = Router(tags=["Surveys"])


class SurveyFilters(Input):
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


class ResultFilters(Input):
    region: str | None = Field(None, description="A region's slug: answers through its members.")


def published():
    return Survey.objects.filter(results_public=True).exclude(status=Survey.Status.DRAFT)


def survey_out(request, survey) -> dict:
    return {
        "slug": survey.slug,
        "title": survey.title,
        "status": survey.status,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
        "url": absolute(request, survey.get_absolute_url()),
        "results_url": absolute(request, f"{survey.get_absolute_url()}results/"),
    }


@router.get(
    "/surveys",
    response={200: SurveyPage, **COMMON},
    throttle=READ_LIMITS,
    summary="Surveys with published results",
)
def surveys(request, filters: Query[SurveyFilters]):
    """Surveys whose results the coalition has published, newest first."""
    rows, paging = paginate(request, published(), "-created", filters.cursor, filters.limit)
    return {"results": [survey_out(request, row) for row in rows], **paging}


def _question_out(result: dict) -> dict:
    question = result["question"]
    out = {
        "name": question.name,
        "label": question.label,
        "type": question.type,
        "kind": result["kind"],
        "options": [],
        "rows": [],
    }
    if result["kind"] == "matrix":
        points = [{"code": code, "label": label} for code, label in result["options"]]
        out["options"] = [{**point, "n": None, "percent": None} for point in points]
        out["rows"] = [
            {
                "label": row["label"],
                "answered": row["answered"],
                "mean": row["mean"],
                "counts": row["counts"],
            }
            for row in result["rows"]
        ]
    elif result["kind"] == "ranking":
        out["options"] = [
            {"code": None, "label": item["label"], "n": item["n"], "percent": None}
            for item in result["items"]
        ]
        out["rows"] = [
            {"label": item["label"], "answered": item["n"], "mean": item["mean"], "counts": []}
            for item in result["items"]
        ]
    else:
        out["options"] = [
            {"code": bar["code"], "label": bar["label"], "n": bar["n"], "percent": bar["percent"]}
            for bar in result["bars"]
        ]
    return out


@router.get(
    "/surveys/{slug}/results",
    response={200: SurveyResultsOut, **COMMON},
    throttle=READ_LIMITS,
    summary="One survey's published results",
)
def survey_results(request, slug: Slug, filters: Query[ResultFilters]):
    """Counts for each published question. `suppressed` is true, and `questions` empty,
    when fewer answers match than the coalition shows (to protect small groups)."""
    survey = published().filter(slug=slug).first()
    if survey is None:
        raise ApiError(404, "not_found", "No survey with published results has this slug.")
    if filters.region and not Region.objects.filter(slug=filters.region).exists():
        raise ApiError(
            400,
            "invalid",
            "Some of what was sent is not valid: see fields.",
            {"region": [f"No region has the slug “{filters.region}”."]},
        )
    struct = answering.structure(survey)
    questions = [q for q in struct.questions if q.is_public and q.is_counted]
    page = results.build_page(
        survey, questions, results.Filters(region=filters.region), public=True
    )
    return {
        **survey_out(request, survey),
        "responses": page["total"],
        "suppressed": page["suppressed"],
        "smallest_group_shown": results.SMALL_GROUP,
        "region": filters.region,
        "questions": [_question_out(result) for result in page["results"]],
    }
