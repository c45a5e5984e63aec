"""Answering surveys: the list, a survey's public page, collector, invitation and resume links.

Every page works without JavaScript: show-if conditions are applied on the server
between pages and on submit (answers to questions that end up hidden are discarded).
"""

from http import HTTPStatus

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from coalition.lib import ratelimit
from coalition.surveys import conditions
from coalition.surveys.models import Collector, Invitation, Response, Survey
from coalition.surveys.services import answering
from coalition.surveys.services.building import public_collector

STATUS = {
    "draft": HTTPStatus.NOT_FOUND,
    "not_open": HTTPStatus.FORBIDDEN,
    "closed": HTTPStatus.GONE,
    "full": HTTPStatus.GONE,
    "used": HTTPStatus.GONE,
}


def see_other(location: str) -> HttpResponseRedirect:
    """After a POST: the browser GETs the next page (303 See Other)."""
    response = HttpResponseRedirect(location)
    response.status_code = HTTPStatus.SEE_OTHER
    return response


@require_GET
def survey_list(request):
    now = timezone.now()
    surveys = (
        Survey.objects.filter(status=Survey.Status.OPEN, is_listed=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "-created")
    )
    published = Survey.objects.filter(results_public=True).exclude(status=Survey.Status.DRAFT)
    return render(
        request, "surveys/list.html", {"surveys": list(surveys), "published": list(published)}
    )


def unavailable(request, survey, reason: str, posted: bool = False):
    if reason == "draft":
        raise Http404("No survey has this address.")
    status = STATUS[reason]
    if reason == "full" and posted:
        status = HTTPStatus.CONFLICT
    return render(
        request, "surveys/unavailable.html", {"survey": survey, "reason": reason}, status=status
    )


@require_http_methods(["GET", "POST"])
def survey_page(request, slug):
    if request.method == "POST":
        remembered = _REMEMBERED.get(slug)
        if remembered is not None and _answerable(remembered):
            request.survey_remembered = True
            try:
                return respond(request, remembered, _public_collector(remembered))
            except answering.Stale:
                pass  # changed meanwhile: read it again and answer as usual
            request.survey_remembered = False
        _REMEMBERED.pop(slug, None)
    survey = get_object_or_404(Survey, slug=slug)
    if not survey.is_listed:
        raise Http404("This survey is answered through its own links.")
    if _answerable(survey):
        if len(_REMEMBERED) > 500:
            _REMEMBERED.clear()
        _REMEMBERED[slug] = survey
    return respond(request, survey, _public_collector(survey))


# Surveys read by earlier requests, by slug: an answer to a busy survey is checked against
# the remembered copy and stored by one statement that stores it only if the survey row is
# unchanged (answering.submit raises Stale otherwise), saving a query on every answer.
_REMEMBERED: dict = {}


def _answerable(survey) -> bool:
    return (
        survey.is_listed
        and survey.layout == Survey.Layout.ONE_PAGE
        and survey.availability(count=0) == "open"
        and answering.guarded_insert(survey)
    )


_PUBLIC: dict = {}


def _public_collector(survey):
    """The survey's own page's collector, remembered by the process (one query saved on
    every answer to a busy survey)."""
    key = (survey.pk, survey.created)
    collector = _PUBLIC.get(key)
    if collector is None:
        if len(_PUBLIC) > 500:
            _PUBLIC.clear()
        collector = _PUBLIC[key] = public_collector(survey)
    return collector


@require_http_methods(["GET", "POST"])
def collector_page(request, token):
    collector = get_object_or_404(
        Collector.objects.select_related("survey", "organisation"),
        token=token,
        is_invitations=False,
    )
    if not collector.is_active:
        return unavailable(request, collector.survey, "closed", request.method == "POST")
    return respond(request, collector.survey, collector)


@require_http_methods(["GET", "POST"])
def invitation_page(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("survey", "collector"), token=token
    )
    if invitation.used_at is not None:
        return unavailable(request, invitation.survey, "used", request.method == "POST")
    partial = Response.objects.filter(invitation=invitation, status=Response.Status.PARTIAL).first()
    if partial is not None:
        return redirect(partial.get_resume_url())
    return respond(request, invitation.survey, invitation.collector, invitation=invitation)


@require_http_methods(["GET", "POST"])
def resume_page(request, token):
    response = get_object_or_404(
        Response.objects.select_related("survey", "collector", "invitation"),
        resume_token=token,
        status=Response.Status.PARTIAL,
    )
    return respond(
        request,
        response.survey,
        response.collector,
        invitation=response.invitation,
        response=response,
    )


@require_GET
def thanks(request, slug):
    survey = get_object_or_404(Survey.objects.exclude(status=Survey.Status.DRAFT), slug=slug)
    return render(request, "surveys/thanks.html", {"survey": survey})


def page_questions(section, answers: dict) -> list:
    """The section's questions to show: hidden by earlier pages' answers are left out;
    those depending on this page's own answers are shown and decided on submit."""
    here = {q.name for q in section.items}
    return [
        q
        for q in section.items
        if conditions.names_in(q.tree) & here or conditions.evaluate(q.tree, answers)
    ]


def _limited(request):
    exceeded = ratelimit.consume_all(
        request,
        [
            ("survey-burst", settings.SURVEY_RATE_LIMIT_BURST),
            ("survey-daily", settings.SURVEY_RATE_LIMIT_DAILY),
        ],
    )
    if exceeded:
        return ratelimit.too_many_requests(request, *exceeded)
    return None


def respond(request, survey, collector, invitation=None, response=None):
    posted = request.method == "POST"
    state = survey.availability()
    if state != "open":
        return unavailable(request, survey, state, posted)
    if posted and not getattr(request, "survey_limit_counted", False):
        request.survey_limit_counted = True  # once, even when answered again (Stale)
        limited = _limited(request)
        if limited:
            return limited
    struct = answering.structure(survey)
    if survey.layout == Survey.Layout.ONE_PAGE:
        return respond_one_page(request, struct, collector, invitation, response)
    return respond_paged(request, struct, collector, invitation, response)


def _submit(request, struct, collector, answers, invitation, response):
    try:
        answering.submit(
            struct, collector, answers, invitation=invitation, response=response, request=request
        )
    except answering.Refused as refusal:
        return unavailable(request, struct.survey, refusal.reason, posted=True)
    except answering.Stale:
        if getattr(request, "survey_remembered", False):
            raise  # survey_page reads the survey again
        return _answer_again(request, struct.survey, collector, invitation, response)
    return see_other(reverse("surveys:thanks", args=[struct.survey.slug]))


def _answer_again(request, survey, collector, invitation, response):
    """The survey was changed (or closed) as this answer came in: check the answer again
    against the survey as it is now, once."""
    fresh = Survey.objects.filter(pk=survey.pk).first()
    if fresh is None:
        raise Http404("No survey has this address.")
    if getattr(request, "survey_answered_again", False):
        return render(
            request,
            "surveys/unavailable.html",
            {"survey": fresh, "reason": "stale"},
            status=HTTPStatus.CONFLICT,
        )
    request.survey_answered_again = True
    return respond(request, fresh, collector, invitation, response)


def _groups(form, struct):
    groups, by_section = [], {}
    for question, fields in form.items():
        if question.section_id not in by_section:
            section = next(s for s in struct.sections if s.pk == question.section_id)
            by_section[question.section_id] = (section, [])
            groups.append(by_section[question.section_id])
        by_section[question.section_id][1].append((question, fields))
    return groups


def respond_one_page(request, struct, collector, invitation, response):
    questions = struct.questions
    status = HTTPStatus.OK
    if request.method == "POST":
        form = answering.AnswerForm(request.POST, questions=questions)
        form.is_valid()
        answering.validate_ranking(form)
        answers = form.drop_hidden({})
        if not form.errors:
            return _submit(request, struct, collector, answers, invitation, response)
        if getattr(request, "survey_remembered", False):
            raise answering.Stale  # errors are shown against the survey as it is now
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = {}
        for question in questions:
            initial.update(answering.initial_for(question, response.data if response else {}))
        form = answering.AnswerForm(initial=initial, questions=questions)
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": struct.survey,
            "form": form,
            "groups": _groups(form, struct),
            "one_page": True,
            "first": True,
        },
        status=status,
    )


def respond_paged(request, struct, collector, invitation, response):
    survey = struct.survey
    answers = dict(response.data) if response else {}
    sections = answering.visible_sections(struct, answers)
    if not sections:
        raise Http404("This survey has no questions yet.")
    wanted = request.POST.get("section") if request.method == "POST" else request.GET.get("section")
    current = None
    if wanted and wanted.isdigit():
        current = next((s for s in sections if s.pk == int(wanted)), None)
    if current is None and response is not None:
        current = next((s for s in sections if s.pk == response.page), None)
    if current is None:
        if request.method == "POST" and wanted:
            return render(
                request,
                "surveys/unavailable.html",
                {"survey": survey, "reason": "stale"},
                status=HTTPStatus.BAD_REQUEST,
            )
        current = sections[0]
    index = sections.index(current)
    questions = page_questions(current, answers)
    status = HTTPStatus.OK
    saved = False
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action == "back" and index > 0:
            target = sections[index - 1]
            if response is None:
                return redirect(request.path)
            answering.save_partial(struct, collector, answers, target.pk, response=response)
            return see_other(f"{response.get_resume_url()}?section={target.pk}")
        form = answering.AnswerForm(request.POST, questions=questions)
        form.is_valid()
        answering.validate_ranking(form)
        earlier = {k: v for k, v in answers.items() if k not in {q.name for q in current.items}}
        given = form.drop_hidden(earlier)
        if not form.errors:
            answers = answering.only_visible(struct, earlier | given)
            sections = answering.visible_sections(struct, answers)
            index = sections.index(current) if current in sections else len(sections) - 1
            following = sections[index + 1] if index + 1 < len(sections) else None
            if action == "save" or following is not None:
                page = current.pk if action == "save" else following.pk
                response = answering.save_partial(
                    struct, collector, answers, page, invitation=invitation, response=response
                )
                if action == "save":
                    saved = True
                    return render(
                        request,
                        "surveys/saved.html",
                        {"survey": survey, "resume_url": response.get_resume_url()},
                    )
                return see_other(f"{response.get_resume_url()}?section={following.pk}")
            return _submit(request, struct, collector, answers, invitation, response)
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = {}
        for question in questions:
            initial.update(answering.initial_for(question, answers))
        form = answering.AnswerForm(initial=initial, questions=questions)
    # Sections still possible: shown, or waiting on questions not answered yet.
    possible = [
        s
        for s in struct.sections
        if conditions.evaluate(s.tree, answers) or conditions.names_in(s.tree) - answers.keys()
    ]
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "form": form,
            "groups": _groups(form, struct),
            "section": current,
            "number": possible.index(current) + 1 if current in possible else index + 1,
            "count": max(len(possible), len(sections)),
            "first": index == 0,
            "last": current == possible[-1],
            "resume_url": response.get_resume_url() if response else "",
            "saved": saved,
        },
        status=status,
    )
