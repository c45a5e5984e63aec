"""Staff pages: the sources, adding and changing one, starting a crawl and watching it."""

from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coalition.sitesearch.forms import SourceForm
from coalition.sitesearch.models import CrawlRun, Document, Page, Source
from coalition.sitesearch.permissions import staff_required
from coalition.sitesearch.services import (
    CrawlAlreadyRunning,
    active_run,
    errors_by_kind,
    source_stats,
    start_crawl,
)


@staff_required
def staff_sources(request):
    sources = list(Source.objects.select_related("organisation").order_by("-enabled", "name"))
    stats = source_stats(sources)
    running = {run.source_id: run for run in CrawlRun.objects.filter(status__in=CrawlRun.ACTIVE)}
    rows = [
        {
            "source": source,
            "stats": stats.get(source.pk, {}),
            "run": running.get(source.pk),
        }
        for source in sources
    ]
    totals = {
        "documents": Document.objects.count(),
        "pages": Document.objects.filter(page__isnull=False).count(),
        "platform": Document.objects.filter(page__isnull=True).count(),
    }
    return render(request, "sitesearch/staff/sources.html", {"rows": rows, "totals": totals})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save()
        messages.success(request, f"“{source.name}” was added. Start a crawl when you are ready.")
        return redirect(source.get_absolute_url())
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "sitesearch/staff/source_form.html", {"form": form}, status=status)


def _source_context(source: Source) -> dict:
    run = active_run(source) or source.runs.first()
    return {
        "source": source,
        "run": run,
        "stats": source_stats([source]).get(source.pk, {}),
        "error_kinds": errors_by_kind(source),
        "recent_errors": source.pages.filter(
            status__in=[Page.Status.ERROR, Page.Status.SKIPPED]
        ).order_by("-fetched_at", "-pk")[:20],
        "runs": source.runs.all()[:5],
    }


@staff_required
@require_http_methods(["GET", "POST"])
def staff_source(request, pk: int):
    source = get_object_or_404(Source.objects.select_related("organisation"), pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The source was saved.")
        return redirect(source.get_absolute_url())
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = _source_context(source)
    context["form"] = form
    return render(request, "sitesearch/staff/source.html", context, status=status)


@staff_required
@require_POST
def staff_source_crawl(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    if not source.enabled:
        messages.error(request, "This source is disabled: enable it to crawl it.")
        context = {**_source_context(source), "form": SourceForm(instance=source)}
        return render(request, "sitesearch/staff/source.html", context, status=HTTPStatus.CONFLICT)
    try:
        start_crawl(source, request.user)
    except CrawlAlreadyRunning as error:
        messages.error(request, str(error))
        context = {**_source_context(source), "form": SourceForm(instance=source)}
        return render(request, "sitesearch/staff/source.html", context, status=HTTPStatus.CONFLICT)
    messages.success(request, "The crawl has started. Its progress shows below.")
    return redirect(source.get_absolute_url() + "#progress")


@staff_required
def staff_source_progress(request, pk: int):
    """The progress panel alone (htmx polls it); without htmx, the whole source page."""
    source = get_object_or_404(Source, pk=pk)
    if request.headers.get("HX-Request") != "true":
        return redirect(source.get_absolute_url() + "#progress")
    context = _source_context(source)
    return render(request, "sitesearch/staff/progress.html", context)
