"""The independence audit: take it (no account needed), see the result by its secret link,
download the PDF, share anonymously with the benchmark; staff edit it (versioned)."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.lib import ratelimit
from coalition.surveys.forms import AuditBandsForm, AuditQuestionForm, AuditTakeForm
from coalition.surveys.models import (
    AuditBand,
    AuditOption,
    AuditQuestion,
    AuditResult,
    AuditSection,
)
from coalition.surveys.services import audit as service


@require_GET
def start(request):
    version = service.current_version()
    sections = service.load(version)
    contributed = AuditResult.objects.filter(contributed=True).count()
    mine = None
    if request.user.is_authenticated:
        mine = AuditResult.objects.filter(user=request.user).first()
    return render(
        request,
        "surveys/audit/start.html",
        {
            "sections": sections,
            "contributed": contributed,
            "minimum": service.BENCHMARK_MINIMUM,
            "mine": mine,
        },
    )


def _previous(request):
    token = request.GET.get("after") or request.POST.get("after") or ""
    if token:
        return AuditResult.objects.filter(token=token).first()
    if request.user.is_authenticated:
        return AuditResult.objects.filter(user=request.user).first()
    return None


@require_http_methods(["GET", "POST"])
def take(request):
    version = service.current_version()
    sections = service.load(version)
    previous = _previous(request)
    status = HTTPStatus.OK
    if request.method == "POST":
        rate = settings.SURVEY_AUDIT_RATE_LIMIT
        if ratelimit.is_limited(request, "audit", rate):
            return ratelimit.too_many_requests(request, "audit", rate)
        form = AuditTakeForm(request.POST, sections=sections)
        if form.is_valid():
            if not ratelimit.consume(request, "audit", rate):
                return ratelimit.too_many_requests(request, "audit", rate)
            answers = form.answers()
            scores, overall = service.score(sections, answers)
            result = AuditResult.objects.create(
                version=version,
                user=request.user if request.user.is_authenticated else None,
                organisation_name=form.cleaned_data["organisation_name"],
                previous=previous,
                answers={str(k): v for k, v in answers.items()},
                scores=scores,
                overall=overall,
                contributed=form.cleaned_data["contribute"],
            )
            messages.success(
                request,
                "Your result is ready. Keep this page's address: it is the only way back to "
                "it without an account.",
            )
            return redirect(result)
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = {}
        if previous is not None:
            initial["organisation_name"] = previous.organisation_name
            for question_id, option_id in previous.answers.items():
                initial[f"q{question_id}"] = option_id
        form = AuditTakeForm(initial=initial, sections=sections)
    return render(
        request,
        "surveys/audit/take.html",
        {"form": form, "previous": previous},
        status=status,
    )


def _result(token):
    return get_object_or_404(AuditResult.objects.select_related("version", "previous"), token=token)


@require_GET
def result(request, token):
    audit_result = _result(token)
    return render(
        request,
        "surveys/audit/result.html",
        {
            "result": audit_result,
            "report": service.report(audit_result),
            "minimum": service.BENCHMARK_MINIMUM,
        },
    )


@require_GET
def report_pdf(request, token):
    audit_result = _result(token)
    response = HttpResponse(service.pdf_report(audit_result), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="independence-audit-{audit_result.created:%Y-%m-%d}.pdf"'
    )
    return response


@require_POST
def contribute(request, token):
    audit_result = _result(token)
    share = request.POST.get("contribute") == "yes"
    AuditResult.objects.filter(pk=audit_result.pk).update(contributed=share)
    messages.success(
        request,
        "Thank you: your section scores now count, anonymously, in the sector benchmark."
        if share
        else "Your scores are no longer part of the sector benchmark.",
    )
    return redirect(audit_result)


@login_required
@require_GET
def history(request):
    results = AuditResult.objects.filter(user=request.user).select_related("version")
    return render(request, "surveys/audit/history.html", {"results": results})


# --- staff ----------------------------------------------------------------------------------


@staff_required
@require_GET
def staff_audit(request):
    version = service.current_version()
    return render(
        request,
        "surveys/staff/audit.html",
        {
            "version": version,
            "sections": service.load(version),
            "results": version.results.count(),
            "contributed": AuditResult.objects.filter(contributed=True).count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_audit_question(request, question):
    question = get_object_or_404(
        AuditQuestion.objects.select_related("section__version"),
        pk=question,
        section__version__is_current=True,
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        form = AuditQuestionForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                version = service.editable_version()
                if version.pk != question.section.version_id:
                    # A copy was made: edit the copy's question in the same place.
                    question = AuditQuestion.objects.get(
                        section__version=version,
                        section__key=question.section.key,
                        order=question.order,
                        text=question.text,
                    )
                question.text = form.cleaned_data["text"]
                question.help_text = form.cleaned_data["help_text"]
                question.save()
                question.options.all().delete()
                AuditOption.objects.bulk_create(
                    AuditOption(question=question, label=label, score=score, order=n)
                    for n, (score, label) in enumerate(form.cleaned_data["options"])
                )
            messages.success(request, f"Saved in audit version {version.number}.")
            return redirect("surveys:staff_audit")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = AuditQuestionForm(
            initial={
                "text": question.text,
                "help_text": question.help_text,
                "options": "\n".join(f"{o.score}|{o.label}" for o in question.options.all()),
            }
        )
    return render(
        request,
        "surveys/staff/audit_form.html",
        {"form": form, "title": "Edit an audit question"},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_audit_bands(request, section):
    section = get_object_or_404(AuditSection, pk=section, version__is_current=True)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = AuditBandsForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                version = service.editable_version()
                if version.pk != section.version_id:
                    section = AuditSection.objects.get(version=version, key=section.key)
                section.bands.all().delete()
                AuditBand.objects.bulk_create(
                    AuditBand(section=section, min_percent=m, label=label, guidance=guidance)
                    for m, label, guidance in form.cleaned_data["bands"]
                )
            messages.success(request, f"Bands saved in audit version {version.number}.")
            return redirect("surveys:staff_audit")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = AuditBandsForm(
            initial={
                "bands": "\n".join(
                    f"{b.min_percent}|{b.label}|{b.guidance}" for b in section.bands.all()
                )
            }
        )
    return render(
        request,
        "surveys/staff/audit_form.html",
        {"form": form, "title": f"Bands for {section.title}"},
        status=status,
    )
