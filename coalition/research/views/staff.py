"""The research back office: the moderation queue, entering and publishing items."""

from http import HTTPStatus

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.research.forms import ReasonForm, ResearchItemForm
from coalition.research.models import (
    EvidenceRequest,
    ImportBatch,
    Researcher,
    ResearchGap,
    ResearchItem,
)
from coalition.research.services.library import (
    AlreadyDecided,
    approve_batch,
    approve_item,
    publish_item,
    reject_item,
    save_item,
)

TABS = [
    ("submitted", "Waiting for review"),
    ("published", "Published"),
    ("draft", "Drafts"),
    ("rejected", "Not accepted"),
]


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_home(request):
    tab = request.GET.get("status", "submitted")
    if tab not in dict(TABS):
        tab = "submitted"
    items = ResearchItem.objects.filter(status=tab).select_related("submitted_by")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        items = items.filter(Q(title__icontains=query) | Q(doi=query.lower()))
    order = {"submitted": "submitted_at", "published": "-published_at"}.get(tab, "-updated")
    return render(
        request,
        "research/staff/home.html",
        {
            "items": items.order_by(order, "pk")[:200],
            "tab": tab,
            "tabs": TABS,
            "query": query,
            "waiting": ResearchItem.objects.waiting().count(),
            "new_requests": EvidenceRequest.objects.filter(status="new").count(),
            "pending_researchers": Researcher.objects.filter(status="pending").count(),
            "open_gaps": ResearchGap.objects.filter(status="open").count(),
            "batches": ImportBatch.objects.filter(status="imported").select_related("user")[:5],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_item_new(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ResearchItemForm(request.POST, request.FILES, staff=True)
        if form.is_valid():
            item = form.save(commit=False)
            item.status = ResearchItem.Status.DRAFT
            item.submitted_by = request.user
            save_item(item, form)
            publish = request.POST.get("action") == "publish"
            if publish:
                publish_item(item, request.user)
            done = "published" if publish else "saved as a draft"
            messages.success(request, f"“{item.title}” is {done}.")
            return redirect(item.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ResearchItemForm(staff=True)
    return render(request, "research/staff/item.html", {"form": form, "item": None}, status=status)


def _staff_page(request, item, form=None, reason_form=None, status=HTTPStatus.OK):
    return render(
        request,
        "research/staff/item.html",
        {
            "item": item,
            "form": form or ResearchItemForm(instance=item, staff=True),
            "reason_form": reason_form or ReasonForm(),
        },
        status=status,
    )


def _item(pk) -> ResearchItem:
    return get_object_or_404(
        ResearchItem.objects.select_related("submitted_by", "moderated_by", "import_batch"), pk=pk
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_item(request, pk):
    item = _item(pk)
    if request.method == "POST":
        form = ResearchItemForm(request.POST, request.FILES, instance=item, staff=True)
        if form.is_valid():
            item = save_item(form.save(commit=False), form)
            messages.success(request, "The research item is saved.")
            return redirect(item.get_staff_url())
        return _staff_page(request, item, form=form, status=HTTPStatus.BAD_REQUEST)
    return _staff_page(request, item)


@staff_required
@require_POST
def staff_item_approve(request, pk):
    item = _item(pk)
    try:
        approve_item(item.pk, request.user)
    except AlreadyDecided:
        messages.error(request, "This item was no longer waiting for review. Nothing changed.")
        return _staff_page(request, item, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{item.title}” is published.")
    return redirect("research:staff_home")


@staff_required
@require_POST
def staff_item_reject(request, pk):
    item = _item(pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, item, reason_form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        reject_item(item.pk, request.user, form.cleaned_data["reason"])
    except AlreadyDecided:
        messages.error(request, "This item was no longer waiting for review. Nothing changed.")
        return _staff_page(request, item, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{item.title}” was not accepted; the sender gets your reason.")
    return redirect("research:staff_home")


@staff_required
@require_POST
def staff_item_publish(request, pk):
    item = _item(pk)
    if item.status == ResearchItem.Status.PUBLISHED:
        messages.info(request, "This item is already published.")
        return redirect(item.get_staff_url())
    publish_item(item, request.user)
    messages.success(request, f"“{item.title}” is published.")
    return redirect(item.get_staff_url())


@staff_required
@require_POST
def staff_approve_batch(request, pk):
    """Publish every item of an import still waiting for review, in one go."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    count = approve_batch(batch, request.user)
    messages.success(request, f"{count} imported items from {batch.filename} are published.")
    return redirect("research:staff_home")
