"""Results: the live staff page with filters and cross-tabs, exports, the public page."""

from http import HTTPStatus

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core.models import Region
from coalition.core.permissions import staff_required
from coalition.members.models import MembershipType
from coalition.surveys.forms import PublishForm
from coalition.surveys.models import Question, Survey
from coalition.surveys.services import answering, exports, results


def _filter_choices(survey, questions):
    collectors = list(survey.collectors.select_related("organisation").order_by("name"))
    organisations = sorted(
        {(c.organisation_id, c.organisation.name) for c in collectors if c.organisation_id},
        key=lambda pair: pair[1],
    )
    counted = [
        q
        for q in questions
        if q.type
        in (
            Question.Type.SINGLE,
            Question.Type.SCALE,
            Question.Type.CONSENT,
            Question.Type.MULTIPLE,
        )
    ]
    return {
        "collectors": collectors,
        "organisations": organisations,
        "regions": list(Region.objects.all()),
        "org_types": list(MembershipType.objects.all()),
        "filter_questions": counted,
    }


@staff_required
@require_GET
def staff_results(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    struct = answering.structure(survey)
    questions = struct.questions
    filters = results.Filters.from_query(request.GET, struct.by_name)
    page = results.build_page(survey, questions, filters)
    context = {
        "survey": survey,
        "filters": filters,
        "page": page,
        "by_collector": page["by_collector"],
        "over_time": page["over_time"],
        "filter_question": struct.by_name.get(filters.question) if filters.question else None,
        "by_question": struct.by_name.get(filters.by) if filters.by else None,
        "collector_headers": ["Collector", "Responses"],
        "time_headers": ["Day", "Responses"],
        **_filter_choices(survey, questions),
    }
    return render(request, "surveys/staff/results.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_publish(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = PublishForm(request.POST, survey=survey)
        if form.is_valid():
            chosen = {int(x) for x in form.cleaned_data["questions"]}
            with transaction.atomic():
                survey.results_public = form.cleaned_data["results_public"]
                survey.save(update_fields=["results_public", "updated"])
                survey.questions.update(is_public=False)
                survey.questions.filter(pk__in=chosen).update(is_public=True)
            messages.success(request, "Publishing settings saved.")
            return redirect("surveys:staff_results", pk=survey.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = PublishForm(
            survey=survey,
            initial={
                "results_public": survey.results_public,
                "questions": [str(q.pk) for q in survey.questions.filter(is_public=True)],
            },
        )
    return render(
        request, "surveys/staff/publish.html", {"survey": survey, "form": form}, status=status
    )


def _export_questions(survey):
    return answering.structure(survey).questions


@staff_required
@require_GET
def export_csv(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    labels = request.GET.get("values") != "codes"
    suffix = "codes" if not labels else "labels"
    return exports.csv_response(
        survey, _export_questions(survey), labels, f"{survey.slug}-{suffix}.csv"
    )


@staff_required
@require_GET
def export_xlsx(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    labels = request.GET.get("values") != "codes"
    return exports.xlsx_response(survey, _export_questions(survey), labels, f"{survey.slug}.xlsx")


@staff_required
@require_GET
def export_sav(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return exports.sav_response(survey, _export_questions(survey), f"{survey.slug}.sav")


@require_GET
def public_results(request, slug):
    survey = get_object_or_404(Survey, slug=slug, results_public=True)
    if survey.status == Survey.Status.DRAFT:
        raise Http404("No published results here.")
    struct = answering.structure(survey)
    questions = [q for q in struct.questions if q.is_public and q.is_counted]
    filters = results.Filters.from_query(request.GET, {})
    filters.collector = None  # members' own links are not a public breakdown
    page = results.build_page(survey, questions, filters, public=True)
    regions = list(Region.objects.all())
    return render(
        request,
        "surveys/public_results.html",
        {
            "survey": survey,
            "page": page,
            "filters": filters,
            "regions": regions,
            "small": results.SMALL_GROUP,
        },
    )
