"""The research network: public profiles, joining, asking for evidence, and the thread of
each request (asker, researchers, staff); staff route requests and look after the network."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core.cache import public_page
from coalition.core.permissions import staff_required
from coalition.research import permissions
from coalition.research.forms import (
    EvidenceRequestForm,
    InstitutionForm,
    ReplyForm,
    ResearcherForm,
    RouteForm,
)
from coalition.research.models import EvidenceRequest, Institution, Researcher
from coalition.research.services import network as service


@public_page
@require_GET
def network(request):
    institutions = (
        Institution.objects.filter(listed=True)
        .annotate(
            members=Count(
                "researchers",
                filter=Q(researchers__status="active", researchers__public_profile=True),
            )
        )
        .prefetch_related("themes")
    )
    researchers = (
        Researcher.objects.public().select_related("institution").prefetch_related("themes")
    )
    return render(
        request,
        "research/network/network.html",
        {"institutions": institutions, "researchers": researchers},
    )


@public_page
@require_GET
def researcher(request, slug):
    person = get_object_or_404(
        Researcher.objects.public().select_related("institution").prefetch_related("themes"),
        slug=slug,
    )
    return render(request, "research/network/researcher.html", {"researcher": person})


def unique_researcher_slug(name: str) -> str:
    base = slugify(name)[:180] or "researcher"
    slug, number = base, 2
    while Researcher.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    """Join the network, or change one's own profile."""
    mine = Researcher.objects.filter(user=request.user).first()
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ResearcherForm(request.POST, instance=mine)
        if form.is_valid():
            person = form.save(commit=False)
            if mine is None:
                person.user = request.user
                person.email = request.user.email
                person.slug = unique_researcher_slug(person.name)
                person.status = Researcher.Status.PENDING
            person.save()
            form.save_m2m()
            if mine is None:
                messages.success(
                    request,
                    "Thank you. The coalition’s staff will welcome you to the network shortly.",
                )
            else:
                messages.success(request, "Your profile is saved.")
            return redirect("research:join")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ResearcherForm(instance=mine)
    return render(
        request, "research/network/join.html", {"form": form, "mine": mine}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = EvidenceRequestForm(request.POST)
        if form.is_valid():
            evidence = service.ask(form.save(commit=False), request.user, form)
            messages.success(
                request,
                "Thank you. We will find researchers who can help and email you when they answer.",
            )
            return redirect(evidence)
        status = HTTPStatus.BAD_REQUEST
    else:
        person = getattr(request.user, "person", None)
        form = EvidenceRequestForm(initial={"asker_name": person.name if person else ""})
    return render(request, "research/network/ask.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def my_requests(request):
    researcher = permissions.researcher_for(request.user)
    routed = (
        researcher.evidence_requests.exclude(status="closed").order_by("-updated")
        if researcher
        else []
    )
    return render(
        request,
        "research/network/requests.html",
        {
            "asked": EvidenceRequest.objects.filter(asker=request.user),
            "routed": routed,
            "researcher": researcher,
        },
    )


def _thread(request, evidence, role, form=None, status=HTTPStatus.OK):
    return render(
        request,
        "research/network/request.html",
        {
            "evidence": evidence,
            "role": role,
            "thread": evidence.messages.prefetch_related("items"),
            "form": form or ReplyForm(),
        },
        status=status,
    )


@permissions.thread_required
@require_http_methods(["GET", "HEAD"])
def request_detail(request, pk):
    return _thread(request, request.evidence, request.evidence_role)


@permissions.thread_required
@require_POST
def request_reply(request, pk):
    evidence, role = request.evidence, request.evidence_role
    if evidence.status == EvidenceRequest.Status.CLOSED:
        messages.error(request, "This request is closed. Ask again if you need more.")
        return _thread(request, evidence, role, status=HTTPStatus.CONFLICT)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _thread(request, evidence, role, form=form, status=HTTPStatus.BAD_REQUEST)
    service.reply(
        evidence, request.user, role, form.cleaned_data["body"], form.cleaned_data["items"]
    )
    messages.success(request, "Your reply is sent.")
    return redirect(evidence)


# --- Staff -------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_requests(request):
    requests = EvidenceRequest.objects.annotate(replies=Count("messages")).order_by(
        "status", "-created"
    )
    return render(request, "research/staff/requests.html", {"requests": requests[:300]})


def _staff_request_page(request, evidence, form=None, status=HTTPStatus.OK):
    suggestions = service.suggest_researchers(evidence)
    return render(
        request,
        "research/staff/request.html",
        {
            "evidence": evidence,
            "thread": evidence.messages.prefetch_related("items"),
            "suggestions": suggestions,
            "form": form
            or RouteForm(initial={"researchers": [r.pk for r, _why in suggestions[:3]]}),
            "reply_form": ReplyForm(),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_request(request, pk):
    return _staff_request_page(request, get_object_or_404(EvidenceRequest, pk=pk))


@staff_required
@require_POST
def staff_request_route(request, pk):
    evidence = get_object_or_404(EvidenceRequest, pk=pk)
    form = RouteForm(request.POST)
    if not form.is_valid():
        return _staff_request_page(request, evidence, form=form, status=HTTPStatus.BAD_REQUEST)
    researchers = list(form.cleaned_data["researchers"])
    service.route(evidence, request.user, researchers, form.cleaned_data["note"])
    names = ", ".join(r.name for r in researchers)
    messages.success(request, f"Sent to {names}. They and the member are told by email.")
    return redirect("research:staff_request", pk=evidence.pk)


@staff_required
@require_POST
def staff_request_close(request, pk):
    evidence = get_object_or_404(EvidenceRequest, pk=pk)
    service.close(evidence)
    messages.success(request, "The request is closed.")
    return redirect("research:staff_requests")


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_network(request):
    return render(
        request,
        "research/staff/network.html",
        {
            "pending": Researcher.objects.filter(status="pending").select_related("institution"),
            "researchers": Researcher.objects.exclude(status="pending").select_related(
                "institution"
            ),
            "institutions": Institution.objects.annotate(count=Count("researchers")),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_researcher(request, pk):
    person = get_object_or_404(Researcher, pk=pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ResearcherForm(request.POST, instance=person, staff=True)
        if form.is_valid():
            person = form.save(commit=False)
            person.email = form.cleaned_data["email"]
            person.status = form.cleaned_data["status"]
            person.save()
            form.save_m2m()
            messages.success(request, f"{person.name}: saved ({person.get_status_display()}).")
            return redirect("research:staff_network")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ResearcherForm(instance=person, staff=True)
    return render(
        request,
        "research/staff/researcher.html",
        {"researcher": person, "form": form},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_institution(request, pk=None):
    institution = get_object_or_404(Institution, pk=pk) if pk else None
    status = HTTPStatus.OK
    if request.method == "POST":
        form = InstitutionForm(request.POST, instance=institution)
        if form.is_valid():
            institution = form.save(commit=False)
            if not institution.slug:
                institution.slug = slugify(institution.name)[:200] or "institution"
            institution.save()
            form.save_m2m()
            messages.success(request, f"{institution.name} is saved.")
            return redirect("research:staff_network")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = InstitutionForm(instance=institution)
    return render(
        request,
        "research/staff/institution.html",
        {"institution": institution, "form": form},
        status=status,
    )
