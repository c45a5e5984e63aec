"""Staff tools under /staff/policy/ (two-factor enforced by the middleware)."""

from http import HTTPStatus

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.policy.forms import (
    DevelopmentForm,
    OutcomeForm,
    PositionForm,
    PublicationForm,
    PublishForm,
    ResponseForm,
    SectionForm,
    StatementForm,
)
from coalition.policy.models import (
    Comment,
    Development,
    MonitoredStatement,
    Position,
    Publication,
    Response,
    Section,
)
from coalition.policy.services.responses import (
    EditConflict,
    add_section,
    edit_section,
    publish,
    resolve_comment,
)

# kind in the URL: (form, model, what one is called)
KINDS = {
    "developments": (DevelopmentForm, Development, "policy development"),
    "responses": (ResponseForm, Response, "joint response"),
    "positions": (PositionForm, Position, "position"),
    "publications": (PublicationForm, Publication, "publication"),
    "statements": (StatementForm, MonitoredStatement, "statement by another organisation"),
}


@staff_required
def staff_home(request):
    return render(
        request,
        "policy/staff/home.html",
        {
            "developments": Development.objects.all()[:50],
            "responses": Response.objects.select_related("development").annotate(
                open_comments=Count(
                    "sections__comments",
                    filter=Q(sections__comments__resolved_at__isnull=True),
                )
            ),
            "positions": Position.objects.all(),
            "publications": Publication.objects.all(),
            "statements": MonitoredStatement.objects.select_related("body")[:20],
        },
    )


def _kind(kind: str):
    if kind not in KINDS:
        raise Http404("No such kind of policy record.")
    return KINDS[kind]


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, kind, pk=None):
    """Add (pk None) or change one record of any kind listed in KINDS."""
    form_class, model, noun = _kind(kind)
    instance = get_object_or_404(model, pk=pk) if pk else None
    status = HTTPStatus.OK
    initial = {}
    if kind == "responses" and request.GET.get("development", "").isdigit():
        initial["development"] = int(request.GET["development"])
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance)
        if form.is_valid():
            obj = form.save(commit=False)
            if kind == "responses" and not obj.pk:
                obj.created_by = request.user
            if kind == "statements" and not obj.pk:
                obj.added_by = request.user
            obj.save()
            form.save_m2m()
            messages.success(request, f"The {noun} “{obj}” is saved.")
            if kind == "responses":
                return redirect(obj.get_staff_url())
            return redirect("policy:staff_home")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = form_class(instance=instance, initial=initial)
    return render(
        request,
        "policy/staff/edit.html",
        {"form": form, "noun": noun, "instance": instance, "kind": kind},
        status=status,
    )


def _response_context(response, **overrides) -> dict:
    sections = response.sections.annotate(
        open_comments=Count("comments", filter=Q(comments__resolved_at__isnull=True)),
        all_comments=Count("comments"),
    )
    open_comments = (
        Comment.objects.filter(section__response=response, resolved_at__isnull=True)
        .select_related("section", "organisation", "parent")
        .order_by("section__position", "created")
    )
    context = {
        "response": response,
        "sections": sections,
        "open_comments": open_comments,
        "publish_form": PublishForm(),
        "outcome_form": OutcomeForm(instance=response),
        "signature_count": response.signatures.count(),
    }
    context.update(overrides)
    return context


@staff_required
def staff_response(request, pk):
    response = get_object_or_404(Response.objects.select_related("development"), pk=pk)
    return render(request, "policy/staff/response.html", _response_context(response))


@staff_required
@require_http_methods(["GET", "POST"])
def staff_section_new(request, pk):
    response = get_object_or_404(Response, pk=pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            add_section(
                response, form.cleaned_data["heading"], form.cleaned_data["body"], request.user
            )
            messages.success(request, "The section is added.")
            return redirect(response.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = SectionForm()
    return render(
        request,
        "policy/staff/section.html",
        {"form": form, "response": response, "section": None},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_section(request, pk):
    section = get_object_or_404(Section.objects.select_related("response"), pk=pk)
    response = section.response
    status = HTTPStatus.OK
    conflict = None
    if response.is_published:
        messages.error(request, "This response is published: its text no longer changes.")
        return redirect(response.get_staff_url())
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                edit_section(
                    section,
                    data["heading"],
                    data["body"],
                    data["base_version"] or 0,
                    request.user,
                    data["note"],
                )
            except EditConflict as refused:
                conflict = refused.current
                form.add_error(
                    None,
                    f"{refused} Your version is kept below; the saved version (version "
                    f"{conflict.version}) is beside it. Merge them and save again.",
                )
                # A new save is made against the version now saved.
                form.data = form.data.copy()
                form.data["base_version"] = conflict.version
                status = HTTPStatus.CONFLICT
            else:
                messages.success(request, "The section is saved.")
                return redirect(response.get_staff_url())
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = SectionForm(
            initial={
                "heading": section.heading,
                "body": section.body,
                "base_version": section.version,
            }
        )
    return render(
        request,
        "policy/staff/section.html",
        {"form": form, "response": response, "section": section, "conflict": conflict},
        status=status,
    )


@staff_required
@require_POST
def staff_comment_resolve(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("section__response"), pk=pk)
    resolved = request.POST.get("resolved", "1") != "0"
    resolve_comment(comment, request.user, resolved)
    messages.success(request, "Comment marked resolved." if resolved else "Comment reopened.")
    back = request.POST.get("next", "")
    if back == "response":
        return redirect(f"{comment.section.response.get_absolute_url()}#comment-{comment.pk}")
    return redirect(comment.section.response.get_staff_url())


@staff_required
@require_POST
def staff_response_publish(request, pk):
    response = get_object_or_404(Response, pk=pk)
    if response.is_published:
        messages.info(request, "This response is already published.")
        return redirect(response.get_staff_url())
    form = PublishForm(request.POST)
    if not form.is_valid() or not response.sections.exists():
        if form.is_valid():
            form.add_error(None, "Add at least one section before publishing.")
        return render(
            request,
            "policy/staff/response.html",
            _response_context(response, publish_form=form),
            status=HTTPStatus.BAD_REQUEST,
        )
    publish(response, form.cleaned_data["submitted_on"], request.user)
    messages.success(request, "The response is published with its signatories and PDF.")
    return redirect(response)


@staff_required
@require_POST
def staff_response_outcome(request, pk):
    response = get_object_or_404(Response, pk=pk)
    form = OutcomeForm(request.POST, instance=response)
    if form.is_valid():
        form.save()
        messages.success(request, "The outcome is saved.")
    else:
        messages.error(request, "The outcome was not saved: check the date.")
    return redirect(reverse("policy:staff_response", args=[response.pk]))
