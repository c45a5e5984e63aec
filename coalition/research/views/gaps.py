"""The research gaps board: propose, support once, comment; staff set the status."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core.cache import public_page
from coalition.core.models import Theme
from coalition.core.permissions import staff_required
from coalition.research.forms import CommentForm, GapForm, GapStatusForm
from coalition.research.models import GapSupport, ResearchGap
from coalition.research.services import gaps as service

STATUS_FILTERS = [("", "All")] + [
    (value, label) for value, label in ResearchGap.Status.choices if value != "hidden"
]


@public_page
@require_GET
def board(request):
    status = request.GET.get("status", "")
    theme_slug = request.GET.get("theme", "")
    gaps = ResearchGap.objects.on_board().prefetch_related("themes")
    bad = status not in dict(STATUS_FILTERS)
    theme = Theme.objects.filter(slug=theme_slug).first() if theme_slug else None
    bad = bad or (theme_slug and theme is None)
    if status and not bad:
        gaps = gaps.filter(status=status)
    if theme:
        gaps = gaps.filter(themes=theme)
    page = Paginator(gaps, 30).get_page(request.GET.get("page"))
    supported = set()
    if request.user.is_authenticated:
        supported = set(
            GapSupport.objects.filter(user=request.user, gap__in=page.object_list).values_list(
                "gap_id", flat=True
            )
        )
    return render(
        request,
        "research/gaps/board.html",
        {
            "page": page,
            "status": status,
            "statuses": STATUS_FILTERS,
            "theme": theme,
            "themes": Theme.objects.all(),
            "supported": supported,
            "bad_filter": bad,
        },
        status=HTTPStatus.BAD_REQUEST if bad else HTTPStatus.OK,
    )


def _gap_page(request, gap, comment_form=None, status=HTTPStatus.OK):
    supported = (
        request.user.is_authenticated
        and GapSupport.objects.filter(gap=gap, user=request.user).exists()
    )
    return render(
        request,
        "research/gaps/gap.html",
        {
            "gap": gap,
            "comments": gap.comments.filter(hidden=False),
            "items": gap.items.published().prefetch_related("authorships__author"),
            "comment_form": comment_form or CommentForm(),
            "supported": supported,
        },
        status=status,
    )


def _visible_gap(pk) -> ResearchGap:
    return get_object_or_404(
        ResearchGap.objects.exclude(status=ResearchGap.Status.HIDDEN).select_related(
            "project", "researcher"
        ),
        pk=pk,
    )


@require_GET
def gap_detail(request, pk):
    return _gap_page(request, _visible_gap(pk))


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = GapForm(request.POST)
        if form.is_valid():
            gap = service.propose(form.save(commit=False), request.user, form)
            messages.success(request, "Thank you. Your research gap is on the board.")
            return redirect(gap)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = GapForm()
    return render(request, "research/gaps/propose.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def support(request, pk):
    """POST supports; a GET (after signing in from a "support" button) shows the gap."""
    gap = _visible_gap(pk)
    if request.method == "GET":
        return _gap_page(request, gap)
    if request.POST.get("action") == "withdraw":
        service.withdraw(gap, request.user)
        messages.success(request, "Your support is taken back.")
    elif service.support(gap, request.user):
        messages.success(request, "Thank you for your support.")
    else:
        messages.info(request, "You already support this gap; each person supports it once.")
    return redirect(gap)


@login_required
@require_http_methods(["GET", "POST"])
def comment(request, pk):
    gap = _visible_gap(pk)
    if request.method == "GET":
        return _gap_page(request, gap)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _gap_page(request, gap, comment_form=form, status=HTTPStatus.BAD_REQUEST)
    service.comment(gap, request.user, form.cleaned_data["body"])
    messages.success(request, "Your comment is added.")
    return redirect(gap)


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_gaps(request):
    gaps = ResearchGap.objects.order_by("status", "-support_count").select_related("proposed_by")
    return render(request, "research/staff/gaps.html", {"gaps": gaps[:300]})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_gap(request, pk):
    gap = get_object_or_404(ResearchGap, pk=pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = GapStatusForm(request.POST, instance=gap)
        if form.is_valid():
            gap = service.set_status(gap, form)
            messages.success(request, f"The gap is now “{gap.get_status_display()}”.")
            return redirect("research:staff_gaps")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = GapStatusForm(instance=gap)
    return render(
        request,
        "research/staff/gap.html",
        {"gap": gap, "form": form, "comments": gap.comments.all()},
        status=status,
    )
