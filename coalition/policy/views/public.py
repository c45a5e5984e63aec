"""Public policy pages: developments and deadlines, positions, publications, others' positions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from coalition.core.cache import public_page
from coalition.core.models import Theme
from coalition.governance.permissions import is_trusted_staff
from coalition.policy.models import (
    DeadlineSubscriber,
    Development,
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
    Response,
)
from coalition.policy.permissions import is_member
from coalition.policy.services.tracker import closing_soon


def _choice(request, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in {c[0] for c in choices} else ""


@public_page
def index(request):
    developments = Development.objects.prefetch_related("themes")
    status = _choice(request, "status", Development.Status.choices)
    kind = _choice(request, "kind", Development.Kind.choices)
    theme = request.GET.get("theme", "")
    if status:
        developments = developments.filter(status=status)
    if kind:
        developments = developments.filter(kind=kind)
    if theme:
        developments = developments.filter(themes__slug=theme)
    page = Paginator(developments, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/index.html",
        {
            "page": page,
            "closing": list(closing_soon()[:5]),
            "statuses": Development.Status.choices,
            "kinds": Development.Kind.choices,
            "themes": Theme.objects.all(),
            "status": status,
            "kind": kind,
            "theme": theme,
            "filtered": bool(status or kind or theme),
        },
    )


@public_page
def deadlines(request):
    subscribed = (
        request.user.is_authenticated
        and DeadlineSubscriber.objects.filter(user=request.user).exists()
    )
    today = timezone.localdate()
    rows = [(d, d.days_left(today)) for d in closing_soon(today, days=365)]
    return render(request, "policy/deadlines.html", {"rows": rows, "subscribed": subscribed})


@login_required
def digest(request):
    if request.method != "POST":
        return deadlines(request)
    if request.POST.get("subscribe") == "0":
        DeadlineSubscriber.objects.filter(user=request.user).delete()
        messages.success(request, "You will no longer get the weekly deadlines email.")
    else:
        DeadlineSubscriber.objects.get_or_create(user=request.user)
        messages.success(request, "You will get the deadlines email each week.")
    return redirect("policy:deadlines")


@public_page
def development(request, slug):
    development = get_object_or_404(Development.objects.prefetch_related("themes"), slug=slug)
    responses = development.responses.all()
    if not is_member(request.user):
        responses = responses.filter(status=Response.Status.PUBLISHED)
    return render(
        request,
        "policy/development.html",
        {
            "development": development,
            "responses": responses,
            "positions": development.positions.filter(is_public=True),
            "statements": development.statements.select_related("body"),
            "threads": _public_threads(request, development),
        },
    )


def _public_threads(request, development):
    from coalition.discussions.permissions import visible_threads

    return visible_threads(request.user).filter(development=development)[:5]


@public_page
def positions(request):
    items = Position.objects.filter(is_public=True).prefetch_related("themes")
    return render(request, "policy/positions.html", {"positions": items})


@public_page
def position(request, slug):
    position = get_object_or_404(
        Position.objects.select_related("decision__meeting").prefetch_related(
            "themes", "developments"
        ),
        slug=slug,
    )
    if not position.is_public and not is_trusted_staff(request.user):
        raise Http404("No position has this address.")
    evidence = position.evidence.published()
    decision = position.decision
    if decision and decision.visibility != "public" and not is_member(request.user):
        decision = None
    return render(
        request,
        "policy/position.html",
        {"position": position, "evidence": evidence, "decision": decision},
    )


@public_page
def publications(request):
    items = Publication.objects.filter(is_public=True).prefetch_related("themes")
    kind = _choice(request, "kind", Publication.Kind.choices)
    theme = request.GET.get("theme", "")
    if kind:
        items = items.filter(kind=kind)
    if theme:
        items = items.filter(themes__slug=theme)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/publications.html",
        {
            "page": page,
            "kinds": Publication.Kind.choices,
            "themes": Theme.objects.filter(policy_publications__is_public=True).distinct(),
            "kind": kind,
            "theme": theme,
        },
    )


def _publication(request, slug) -> Publication:
    publication = get_object_or_404(Publication.objects.prefetch_related("themes"), slug=slug)
    if not publication.is_public and not is_trusted_staff(request.user):
        raise Http404("No publication has this address.")
    return publication


@public_page
def publication(request, slug):
    return render(request, "policy/publication.html", {"publication": _publication(request, slug)})


def publication_download(request, slug):
    publication = _publication(request, slug)
    if not publication.file:
        raise Http404("This publication has no file to download.")
    Publication.objects.filter(pk=publication.pk).update(download_count=F("download_count") + 1)
    return FileResponse(
        publication.file.open("rb"),
        as_attachment=True,
        filename=publication.file.name.rsplit("/", 1)[-1],
    )


@public_page
def monitoring(request):
    statements = MonitoredStatement.objects.select_related("body", "development").prefetch_related(
        "themes"
    )
    body = request.GET.get("organisation", "")
    theme = request.GET.get("theme", "")
    if body.isdigit():
        statements = statements.filter(body_id=int(body))
    if theme:
        statements = statements.filter(themes__slug=theme)
    page = Paginator(statements, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/monitoring.html",
        {
            "page": page,
            "bodies": OtherBody.objects.filter(statements__isnull=False).distinct(),
            "themes": Theme.objects.filter(monitored_statements__isnull=False).distinct(),
            "body": body,
            "theme": theme,
        },
    )


@public_page
def responses(request):
    items = Response.objects.select_related("development").annotate(
        signature_count=Count("signatures")
    )
    member = is_member(request.user)
    if not member:
        items = items.filter(status=Response.Status.PUBLISHED)
    return render(
        request,
        "policy/responses.html",
        {
            "published": [r for r in items if r.is_published],
            "drafting": [r for r in items if not r.is_published],
            "member": member,
        },
    )
