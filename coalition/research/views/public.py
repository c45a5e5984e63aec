"""The public library: the list (filters as query parameters), each item with its "cite
this" box, and RIS, BibTeX and CSL-JSON exports of one item or of a filtered list."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coalition.core.cache import current_generation, public_page
from coalition.core.models import Theme
from coalition.members.models import Organisation
from coalition.research.citations.export import (
    cite_text,
    item_record,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from coalition.research.forms import ResearchFilterForm
from coalition.research.models import Authorship, ResearchItem

FILTER_NAMES = ("q", "theme", "type", "year", "organisation", "open_access")
FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", to_ris),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", to_bibtex),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json", to_csl_json),
}


def organisation_choices() -> list[tuple[str, str]]:
    """Member organisations with published research (cached with the page generation)."""
    key = f"research:organisations:{current_generation()}"
    choices = cache.get(key)
    if choices is None:
        choices = list(
            Organisation.objects.filter(
                pk__in=ResearchItem.objects.published()
                .exclude(organisation=None)
                .values("organisation_id")
            )
            .order_by("name")
            .values_list("slug", "name")
        )
        cache.set(key, choices, 600)
    return choices


def theme_choices() -> list[tuple[str, str]]:
    key = f"research:themes:{current_generation()}"
    choices = cache.get(key)
    if choices is None:
        choices = list(Theme.objects.order_by("name").values_list("slug", "name"))
        cache.set(key, choices, 600)
    return choices


def filter_form(request) -> ResearchFilterForm:
    filtering = any(name in request.GET for name in FILTER_NAMES)
    return ResearchFilterForm(request.GET if filtering else None)


def with_authors(items):
    return items.prefetch_related("authorships__author")


def attach_authors_and_themes(items) -> None:
    """Authors' names and themes for a page of items: two flat queries, no model instances
    (prefetching through the ORM cost more than the rest of the page)."""
    items = list(items)
    by_pk = {item.pk: item for item in items}
    for item in items:
        item.preset_authors, item.preset_themes = [], []
    rows = (
        Authorship.objects.filter(item_id__in=by_pk)
        .order_by("item_id", "position")
        .values_list("item_id", "author__name")
    )
    for item_id, name in rows:
        by_pk[item_id].preset_authors.append(name)
    links = ResearchItem.themes.through.objects.filter(researchitem_id__in=by_pk).order_by(
        "theme__name"
    )
    for item_id, name, slug in links.values_list("researchitem_id", "theme__name", "theme__slug"):
        by_pk[item_id].preset_themes.append({"name": name, "slug": slug})


@public_page
@require_GET
def library(request):
    form = filter_form(request)
    valid = not form.is_bound or form.is_valid()
    context = {
        "form": form,
        "organisations": organisation_choices(),
        "themes": theme_choices(),
        "types": ResearchItem.Type.choices,
        "filtered": form.is_bound and valid and any(form.cleaned_data.values()),
        "query": form.query_string() if form.is_bound else "",
    }
    if not valid:
        return render(request, "research/library.html", context, status=400)
    items = ResearchItem.objects.published()
    if form.is_bound:
        items = form.filter(items)
    items = items.only(
        "title", "slug", "item_type", "year", "summary", "publisher", "open_access", "published_at"
    )
    page = Paginator(items, settings.RESEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    attach_authors_and_themes(page.object_list)
    context["page"] = page
    return render(request, "research/library.html", context)


@public_page
@require_GET
def item_detail(request, slug):
    item = get_object_or_404(
        with_authors(ResearchItem.objects.published())
        .select_related("organisation")
        .prefetch_related("themes", "campaigns", "answered_gaps"),
        slug=slug,
    )
    record = item_record(item)
    related = (
        ResearchItem.objects.published()
        .filter(themes__in=[t.pk for t in item.themes.all()])
        .exclude(pk=item.pk)
        .distinct()
        .only("title", "slug", "year")[:5]
        if item.themes.all()
        else []
    )
    return render(
        request,
        "research/item.html",
        {
            "item": item,
            "citation": cite_text(record),
            "bibtex": to_bibtex([record]),
            "related": related,
        },
    )


def _download(body: str, fmt: str, name: str) -> HttpResponse:
    content_type, extension, _writer = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@public_page
@require_GET
def item_export(request, slug, fmt):
    item = get_object_or_404(with_authors(ResearchItem.objects.published()), slug=slug)
    return _download(FORMATS[fmt][2]([item_record(item)]), fmt, item.slug[:80])


@public_page
@require_GET
def library_export(request, fmt):
    form = filter_form(request)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(
            f"This address has a mistake ({errors}).",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    items = ResearchItem.objects.published()
    if form.is_bound:
        items = form.filter(items)
    items = with_authors(items)[: settings.RESEARCH_EXPORT_MAX_ITEMS]
    records = [item_record(item) for item in items]
    return _download(FORMATS[fmt][2](records), fmt, "research")
