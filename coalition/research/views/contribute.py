"""Members' and researchers' own pages: submitting an item, their submissions, and importing
RIS/BibTeX files with a preview and a per-entry report."""

from http import HTTPStatus

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coalition.members.permissions import roles_for
from coalition.news.permissions import is_trusted_staff
from coalition.research import permissions
from coalition.research.forms import ImportForm, ResearchItemForm
from coalition.research.models import ImportBatch, ResearchItem
from coalition.research.services import imports
from coalition.research.services.library import save_item, submit_item

REPORT_PAGE = 100


def _organisations(request):
    if is_trusted_staff(request.user):
        return None
    return roles_for(request.user).represented


@permissions.contributor_required
@require_http_methods(["GET", "POST"])
def submit(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ResearchItemForm(request.POST, request.FILES, organisations=_organisations(request))
        if form.is_valid():
            item = form.save(commit=False)
            item.status = ResearchItem.Status.DRAFT
            item.submitted_by = request.user
            save_item(item, form)
            submit_item(item, request.user)
            messages.success(
                request, f"Thank you. “{item.title}” is with the coalition’s staff for review."
            )
            return redirect("research:my_item", pk=item.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ResearchItemForm(organisations=_organisations(request))
    return render(request, "research/my/submit.html", {"form": form}, status=status)


@permissions.contributor_required
@require_http_methods(["GET", "HEAD"])
def my_research(request):
    items = ResearchItem.objects.filter(submitted_by=request.user).order_by("-created")
    batches = ImportBatch.objects.filter(user=request.user).exclude(status="discarded")[:20]
    return render(request, "research/my/list.html", {"items": items[:200], "batches": batches})


@permissions.contributor_required
@require_http_methods(["GET", "POST"])
def my_item(request, pk):
    item = permissions.item_for_contributor(request, pk)
    editable = permissions.can_edit_submission(item)
    status = HTTPStatus.OK
    form = None
    if editable:
        if request.method == "POST":
            form = ResearchItemForm(
                request.POST, request.FILES, instance=item, organisations=_organisations(request)
            )
            if form.is_valid():
                item = save_item(form.save(commit=False), form)
                submit_item(item, request.user)
                messages.success(request, "Your changes are saved and sent for review.")
                return redirect("research:my_item", pk=item.pk)
            status = HTTPStatus.BAD_REQUEST
        else:
            form = ResearchItemForm(instance=item, organisations=_organisations(request))
    elif request.method == "POST":
        messages.error(request, "This item is published; ask the coalition’s staff to change it.")
        status = HTTPStatus.CONFLICT
    return render(request, "research/my/item.html", {"item": item, "form": form}, status=status)


@permissions.contributor_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    staff = is_trusted_staff(request.user)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, staff=staff)
        if form.is_valid():
            try:
                batch = imports.prepare(
                    request.user,
                    form.cleaned_data["file"].name,
                    form.text,
                    publish=staff and form.cleaned_data.get("publish", False),
                )
            except imports.NotACitationFile as error:
                form.add_error("file", str(error))
            else:
                return redirect(batch)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ImportForm(staff=staff)
    return render(request, "research/my/import.html", {"form": form}, status=status)


@permissions.contributor_required
@require_http_methods(["GET", "HEAD"])
def import_batch(request, pk):
    """The preview before importing, and the report after: every entry and its outcome."""
    batch = permissions.batch_for(request, pk)
    show = request.GET.get("show", "")
    entries = batch.entries
    if show in ("ok", "refused", "duplicate", "imported"):
        entries = [e for e in entries if e.get("outcome") == show]
    page = Paginator(entries, REPORT_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "research/my/batch.html",
        {
            "batch": batch,
            "page": page,
            "show": show,
            "staff": is_trusted_staff(request.user),
        },
    )


@permissions.contributor_required
@require_POST
def import_confirm(request, pk):
    batch = permissions.batch_for(request, pk)
    try:
        batch = imports.run(batch.pk)
    except imports.AlreadyImported:
        messages.error(request, "This file was already imported or discarded. Nothing changed.")
        return redirect(batch)
    where = "published" if batch.publish else "sent to staff for review"
    messages.success(
        request,
        f"{batch.imported} entries imported and {where}. "
        f"{batch.refused} refused and {batch.duplicates} already in the library: see below.",
    )
    return redirect(batch)


@permissions.contributor_required
@require_POST
def import_discard(request, pk):
    batch = permissions.batch_for(request, pk)
    imports.discard(batch)
    messages.success(request, "Nothing was imported from this file.")
    return redirect("research:import")
