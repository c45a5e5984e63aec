"""The surveys back office: build and reorder, preview, open and close, versions,
collectors for members, invitations, XLSForm import and export."""

from http import HTTPStatus

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.members.models import Organisation
from coalition.surveys.forms import (
    CollectorForm,
    ImportForm,
    InvitationForm,
    QuestionForm,
    SectionForm,
    SurveyForm,
)
from coalition.surveys.models import Collector, Invitation, Question, Section, Survey
from coalition.surveys.services import answering, building, xlsform
from coalition.surveys.services.invitations import create_invitations


def _survey(pk) -> Survey:
    return get_object_or_404(Survey, pk=pk)


def _locked_response(request, survey):
    messages.error(request, building.LOCKED_MESSAGE)
    response = render(
        request, "surveys/staff/locked.html", {"survey": survey}, status=HTTPStatus.CONFLICT
    )
    return response


@staff_required
@require_GET
def survey_list(request):
    surveys = Survey.objects.annotate(
        answered=Count("responses", filter=Q(responses__status="complete"))
    ).order_by("-created")
    return render(request, "surveys/staff/list.html", {"surveys": surveys[:200]})


@staff_required
@require_http_methods(["GET", "POST"])
def survey_new(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                survey = form.save()
                Section.objects.create(survey=survey, title="About you", order=1)
                building.public_collector(survey)
            messages.success(request, "Survey created. Add its questions.")
            return redirect(survey.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = SurveyForm()
    return render(
        request, "surveys/staff/form.html", {"form": form, "title": "New survey"}, status=status
    )


@staff_required
@require_GET
def survey_detail(request, pk):
    survey = _survey(pk)
    sections = list(survey.sections.prefetch_related("questions"))
    counts = survey.responses.aggregate(
        complete=Count("pk", filter=Q(status="complete")),
        partial=Count("pk", filter=Q(status="partial")),
    )
    return render(
        request,
        "surveys/staff/detail.html",
        {
            "survey": survey,
            "sections": sections,
            "counts": counts,
            "locked": counts["complete"] + counts["partial"] > 0,
            "types": Question.Type.choices,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk):
    survey = _survey(pk)
    locked = building.is_locked(survey)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = SurveyForm(request.POST, instance=survey, locked=locked)
        if form.is_valid():
            form.save()
            messages.success(request, "Survey settings saved.")
            return redirect(survey.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = SurveyForm(instance=survey, locked=locked)
    return render(
        request,
        "surveys/staff/form.html",
        {"form": form, "survey": survey, "title": "Survey settings"},
        status=status,
    )


@staff_required
@require_POST
def survey_status(request, pk):
    survey = _survey(pk)
    wanted = request.POST.get("status")
    if wanted not in (Survey.Status.OPEN, Survey.Status.CLOSED):
        return HttpResponse("Unknown status.", status=HTTPStatus.BAD_REQUEST)
    if wanted == Survey.Status.OPEN and not survey.questions.exists():
        messages.error(request, "Add at least one question before opening the survey.")
        return redirect(survey.get_staff_url())
    survey.status = wanted
    survey.save(update_fields=["status", "updated"])
    if wanted == Survey.Status.OPEN:
        building.public_collector(survey)
    messages.success(request, f"“{survey}” is {survey.get_status_display().lower()}.")
    return redirect(survey.get_staff_url())


@staff_required
@require_POST
def survey_version(request, pk):
    survey = _survey(pk)
    copy = building.new_version(survey)
    building.public_collector(copy)
    messages.success(request, f"Version {copy.version} made as a draft: change it, then open it.")
    return redirect(copy.get_staff_url())


@staff_required
@require_GET
def survey_preview(request, pk):
    survey = _survey(pk)
    struct = answering.structure(survey, cached=False)
    form = answering.AnswerForm(questions=struct.questions)
    from coalition.surveys.views.respond import _groups

    return render(
        request,
        "surveys/staff/preview.html",
        {"survey": survey, "form": form, "groups": _groups(form, struct)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def section_new(request, pk):
    survey = _survey(pk)
    return _section_form(request, survey, Section(survey=survey))


@staff_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section):
    survey = _survey(pk)
    return _section_form(request, survey, get_object_or_404(Section, pk=section, survey=survey))


def _section_form(request, survey, section):
    status = HTTPStatus.OK
    if request.method == "POST":
        if section.pk is None and building.is_locked(survey):
            return _locked_response(request, survey)
        form = SectionForm(request.POST, instance=section, survey=survey)
        if form.is_valid():
            section = form.save(commit=False)
            if section.pk is None:
                section.order = building.next_order(survey.sections.all())
            section.save()
            building.touch(survey)
            messages.success(request, f"Section “{section.title}” saved.")
            return redirect(survey.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = SectionForm(instance=section, survey=survey)
    title = "Edit section" if section.pk else "New section"
    return render(
        request,
        "surveys/staff/form.html",
        {"form": form, "survey": survey, "title": title},
        status=status,
    )


@staff_required
@require_POST
def section_move(request, pk, section):
    survey = _survey(pk)
    section = get_object_or_404(Section, pk=section, survey=survey)
    building.move(section, survey.sections.all(), request.POST.get("direction", "up"))
    building.touch(survey)
    return redirect(survey.get_staff_url())


@staff_required
@require_POST
def section_delete(request, pk, section):
    survey = _survey(pk)
    section = get_object_or_404(Section, pk=section, survey=survey)
    if building.is_locked(survey):
        return _locked_response(request, survey)
    if survey.sections.count() == 1:
        messages.error(request, "A survey needs at least one section.")
        return redirect(survey.get_staff_url())
    section.delete()
    building.touch(survey)
    messages.success(request, "Section deleted, with its questions.")
    return redirect(survey.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def question_new(request, pk):
    survey = _survey(pk)
    question = Question(survey=survey)
    wanted = request.GET.get("section", "")
    if wanted.isdigit():
        question.section = survey.sections.filter(pk=wanted).first()
    if request.GET.get("type") in Question.Type.values:
        question.type = request.GET["type"]
    return _question_form(request, survey, question)


@staff_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk, question):
    survey = _survey(pk)
    return _question_form(request, survey, get_object_or_404(Question, pk=question, survey=survey))


def _question_form(request, survey, question):
    status = HTTPStatus.OK
    locked = building.is_locked(survey)
    if request.method == "POST":
        if question.pk is None and locked:
            return _locked_response(request, survey)
        original = Question.objects.get(pk=question.pk) if question.pk else None
        form = QuestionForm(request.POST, instance=question, survey=survey)
        if form.is_valid():
            if original is not None and locked:
                problems = building.breaking_changes(
                    original, form.cleaned_data, form.parsed_choices
                )
                if problems:
                    form.add_error(
                        None,
                        "This survey already has answers, so you cannot change "
                        + ", ".join(problems)
                        + ". Make a new version of the survey instead.",
                    )
                    return render(
                        request,
                        "surveys/staff/question_form.html",
                        {"form": form, "survey": survey, "question": question},
                        status=HTTPStatus.CONFLICT,
                    )
            with transaction.atomic():
                question = form.save(commit=False)
                question.survey = survey
                if question.pk is None:
                    question.order = building.next_order(
                        Question.objects.filter(section=question.section)
                    )
                question.save()
                building.set_choices(
                    question,
                    form.parsed_choices if question.type in Question.CHOICE_TYPES else [],
                )
                building.touch(survey)
            messages.success(request, "Question saved.")
            return redirect(f"{survey.get_staff_url()}#question-{question.pk}")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = QuestionForm(instance=question, survey=survey)
    return render(
        request,
        "surveys/staff/question_form.html",
        {"form": form, "survey": survey, "question": question},
        status=status,
    )


@staff_required
@require_POST
def question_move(request, pk, question):
    survey = _survey(pk)
    question = get_object_or_404(Question, pk=question, survey=survey)
    building.move(
        question,
        Question.objects.filter(section=question.section).order_by("order", "pk"),
        request.POST.get("direction", "up"),
    )
    building.touch(survey)
    return redirect(f"{survey.get_staff_url()}#question-{question.pk}")


@staff_required
@require_POST
def question_delete(request, pk, question):
    survey = _survey(pk)
    question = get_object_or_404(Question, pk=question, survey=survey)
    if building.is_locked(survey):
        return _locked_response(request, survey)
    question.delete()
    building.touch(survey)
    messages.success(request, "Question deleted.")
    return redirect(survey.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def collectors(request, pk):
    survey = _survey(pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = CollectorForm(request.POST, survey=survey, instance=Collector(survey=survey))
        if form.is_valid():
            form.save()
            messages.success(request, "Collector link made.")
            return redirect("surveys:staff_collectors", pk=survey.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = CollectorForm(survey=survey)
    rows = (
        survey.collectors.select_related("organisation")
        .annotate(answered=Count("responses", filter=Q(responses__status="complete")))
        .order_by("organisation__name", "name")
    )
    return render(
        request,
        "surveys/staff/collectors.html",
        {
            "survey": survey,
            "form": form,
            "collectors": rows,
            "members": Organisation.objects.listed().count(),
        },
        status=status,
    )


@staff_required
@require_POST
def collectors_members(request, pk):
    survey = _survey(pk)
    made = building.collectors_for_members(survey)
    messages.success(
        request,
        f"{made} member links made." if made else "Every member already has a link.",
    )
    return redirect("surveys:staff_collectors", pk=survey.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def invitations(request, pk):
    survey = _survey(pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = InvitationForm(request.POST, request.FILES)
        if form.is_valid():
            with transaction.atomic():
                made = create_invitations(survey, form.cleaned_data["addresses"])
            skipped = len(form.cleaned_data["addresses"]) - made
            text = f"{made:,} invitations made; they are being emailed."
            if skipped:
                text += f" {skipped:,} had been invited already."
            messages.success(request, text)
            return redirect("surveys:staff_invitations", pk=survey.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = InvitationForm()
    stats = Invitation.objects.filter(survey=survey).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        used=Count("pk", filter=Q(used_at__isnull=False)),
        reminded=Count("pk", filter=Q(reminders__gt=0)),
    )
    return render(
        request,
        "surveys/staff/invitations.html",
        {"survey": survey, "form": form, "stats": stats},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def xlsform_import(request):
    status = HTTPStatus.OK
    problems = unsupported = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = xlsform.read(form.cleaned_data["file"].read())
            if result.survey is not None:
                building.public_collector(result.survey)
                text = f"Imported “{result.survey.title}”."
                if result.unsupported:
                    text += " Some rows were left out: " + "; ".join(
                        str(p) for p in result.unsupported
                    )
                    messages.warning(request, text)
                else:
                    messages.success(request, text)
                return redirect(result.survey.get_staff_url())
            problems = result.errors
            unsupported = result.unsupported
            form.add_error("file", "The file could not be imported: see the problems below.")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ImportForm()
    return render(
        request,
        "surveys/staff/import.html",
        {"form": form, "problems": problems, "unsupported": unsupported},
        status=status,
    )


@staff_required
@require_GET
def xlsform_export(request, pk):
    survey = _survey(pk)
    response = HttpResponse(
        xlsform.write(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-xlsform.xlsx"'
    return response
