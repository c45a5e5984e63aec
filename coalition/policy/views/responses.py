"""A joint response: read it, comment on its sections, sign it, see each section's history."""

from collections import defaultdict
from http import HTTPStatus

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from coalition.core.cache import current_generation, public_page
from coalition.governance.permissions import is_trusted_staff
from coalition.policy.forms import CommentForm, OrganisationChoiceForm
from coalition.policy.models import Comment, Section, Signature
from coalition.policy.permissions import (
    member_organisations,
    members_post_only,
    participant,
    response_for_viewer,
)
from coalition.policy.services.responses import (
    SignRefused,
    add_comment,
    history,
    sign,
    withdraw,
)
from coalition.policy.views.comment_html import CommentRow, comment_list

COMMENTS_CACHE_SECONDS = 600


def _threaded_comments(response) -> dict[int, list[CommentRow]]:
    """Section id -> its comments, each with `.thread` (its replies), in one query.

    Plain rows, not model instances: a draft can carry thousands of comments.
    """
    rows = (
        Comment.objects.filter(section__response=response)
        .order_by("created", "pk")
        .values_list(
            "pk",
            "section_id",
            "parent_id",
            "organisation__name",
            "body_html",
            "proposed_wording",
            "resolved_at",
            "created",
        )  # fmt: skip
    )
    by_section: dict[int, list[CommentRow]] = defaultdict(list)
    replies: dict[int, list[CommentRow]] = defaultdict(list)
    for row in rows:
        comment = CommentRow(*row)
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
        else:
            by_section[comment.section_id].append(comment)
    for top in (c for section in by_section.values() for c in section):
        top.thread = replies.get(top.pk, [])
    return by_section


def section_comments(response, *, can_comment: bool, staff: bool, csrf_token: str) -> dict:
    """Section id -> (its comment threads as HTML, comments, open comments).

    Kept in the shared cache under the page-cache generation, which every saved comment
    moves on (Comment is registered with core.cache.invalidate_on_change): a draft with
    thousands of comments is read far more often than it is commented on. Staff's
    version carries their CSRF token and is never shared.
    """
    key = f"policy:comments:{response.pk}:{int(can_comment)}:{current_generation()}"
    if not staff:
        cached = cache.get(key)
        if cached is not None:
            return cached
    result = {}
    for section_id, rows in _threaded_comments(response).items():
        html = comment_list(
            section_id, rows, can_comment=can_comment, staff=staff, csrf_token=csrf_token
        )
        count = len(rows) + sum(len(row.thread) for row in rows)
        result[section_id] = (html, count, sum(1 for row in rows if not row.resolved_at))
    if not staff:
        cache.set(key, result, COMMENTS_CACHE_SECONDS)
    return result


@public_page
def response_detail(request, slug, status=HTTPStatus.OK, extra=None):
    response = response_for_viewer(request, slug)
    sections = list(response.sections.all())
    signatures = list(
        Signature.objects.filter(response=response)
        .order_by("organisation__name")
        .values_list("organisation__name", "organisation__slug")
    )
    organisations = member_organisations(request.user) if request.user.is_authenticated else []
    signed = set(
        Signature.objects.filter(response=response, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    show_comments = not response.is_published
    staff = is_trusted_staff(request.user)
    can_comment = bool(show_comments and (organisations or staff))
    token = get_token(request) if staff else ""
    comments = (
        section_comments(response, can_comment=can_comment, staff=staff, csrf_token=token)
        if show_comments
        else {}
    )
    reply_to = request.GET.get("reply_to", "")
    reply_section = None
    if reply_to.isdigit() and show_comments:
        reply_to = (
            Comment.objects.filter(section__response=response, pk=int(reply_to))
            .select_related("organisation")
            .first()
        )
        reply_section = reply_to.section_id if reply_to else None
    error_section = (extra or {}).get("error_section")
    for section in sections:
        section.has_error = section.pk == error_section
        section.is_reply_target = section.pk == reply_section
        section.comments_html, section.comment_count, section.open_count = comments.get(
            section.pk, ("", 0, 0)
        )
    context = {
        "response": response,
        "development": response.development,
        "sections": sections,
        "signatures": signatures,
        "organisations": organisations,
        "unsigned": [o for o in organisations if o.pk not in signed],
        "signed_here": [o for o in organisations if o.pk in signed],
        "signing_open": response.signing_open(),
        "can_comment": can_comment,
        "staff": staff,
        "sign_form": OrganisationChoiceForm(organisations=organisations),
        "response_url": response.get_absolute_url(),
        # One reverse for 300 signatories' links.
        "member_prefix": reverse("members:organisation", args=["x"])[:-2],
    }
    context["reply_to"] = reply_to if reply_section else None
    context.update(extra or {})
    return render(request, "policy/response.html", context, status=status)


def response_pdf(request, slug):
    response = response_for_viewer(request, slug)
    if not response.is_published or not response.pdf:
        raise Http404("The PDF is made when the response is published.")
    return FileResponse(
        response.pdf.open("rb"), content_type="application/pdf", filename=f"{response.slug}.pdf"
    )


@public_page
def section_history(request, slug, pk):
    response = response_for_viewer(request, slug)
    section = get_object_or_404(Section, response=response, pk=pk)
    return render(
        request,
        "policy/section_history.html",
        {"response": response, "section": section, "rows": history(section)},
    )


@members_post_only
def comment(request, slug, pk):
    response = response_for_viewer(request, slug)
    organisations, staff = participant(request)
    section = get_object_or_404(Section, response=response, pk=pk)
    if response.is_published:
        messages.error(request, "This response is published; comments are closed.")
        return redirect(response)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return response_detail(
            request,
            slug,
            status=HTTPStatus.BAD_REQUEST,
            extra={"error_section": section.pk, "comment_form": form},
        )
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(section=section, pk=form.cleaned_data["parent"]).first()
    organisation = None if staff and not organisations else organisations[0]
    chosen = request.POST.get("organisation", "")
    if chosen.isdigit():
        organisation = next((o for o in organisations if o.pk == int(chosen)), organisation)
    added = add_comment(
        section,
        request.user,
        organisation,
        form.cleaned_data["body"],
        form.cleaned_data["proposed_wording"],
        parent=parent,
    )
    messages.success(request, "Your comment is added.")
    return redirect(f"{response.get_absolute_url()}#comment-{added.pk}")


@members_post_only
def sign_response(request, slug):
    response = response_for_viewer(request, slug)
    organisations = member_organisations(request.user)
    if not organisations:
        raise Http404("Only member representatives sign joint responses.")
    form = OrganisationChoiceForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return response_detail(
            request, slug, status=HTTPStatus.BAD_REQUEST, extra={"sign_form": form}
        )
    organisation = form.chosen()
    try:
        _signature, created = sign(response, organisation, request.user)
    except SignRefused as refusal:
        form.add_error(None, str(refusal))
        return response_detail(request, slug, status=refusal.status, extra={"sign_form": form})
    if created:
        messages.success(request, f"{organisation.name} has signed this response.")
    else:
        messages.info(request, f"{organisation.name} had already signed; it is listed once.")
    return redirect(f"{response.get_absolute_url()}#signatories")


@members_post_only
def withdraw_signature(request, slug):
    response = response_for_viewer(request, slug)
    organisations = member_organisations(request.user)
    form = OrganisationChoiceForm(request.POST, organisations=organisations)
    if not organisations or not form.is_valid():
        raise Http404("No signature of yours to withdraw here.")
    try:
        withdraw(response, form.chosen())
    except SignRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{form.chosen().name}'s signature is withdrawn.")
    return redirect(f"{response.get_absolute_url()}#signatories")
