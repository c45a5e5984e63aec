"""Search: the page, the same as JSON, and the OpenSearch description."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from coalition.sitesearch.forms import SearchForm
from coalition.sitesearch.index import KINDS, Results, search
from coalition.sitesearch.query import parse


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


def run_search(request) -> tuple[dict, Results]:
    params = SearchForm(request.GET).params()
    query = parse(params["q"])
    filters = {k: params[k] for k in ("kind", "organisation", "theme")}
    results = (
        search(query, filters, page=_page_number(request)) if not query.is_empty else Results()
    )
    return params, results


def search_page(request):
    params, results = run_search(request)
    form = SearchForm({**params})
    paginator = Paginator(range(results.total), settings.SITESEARCH_PAGE_SIZE)
    page = paginator.page(results.page) if results.total else None
    active = {k: params[k] for k in ("kind", "organisation", "theme") if params[k]}
    facets = []
    for name, label in (("kind", "Type"), ("organisation", "Organisation"), ("theme", "Theme")):
        options = []
        for value, text, count in results.facets.get(name, []):
            chosen = active.get(name) == value
            query = {**{k: v for k, v in params.items() if v}, name: value}
            if chosen:
                query.pop(name)
            options.append(
                {"text": text, "count": count, "chosen": chosen, "url": "?" + urlencode(query)}
            )
        if options:
            facets.append({"name": name, "label": label, "options": options})
    return render(
        request,
        "sitesearch/search.html",
        {
            "form": form,
            "params": params,
            "searched": bool(params["q"].strip()),
            "empty_query": bool(params["q"].strip()) and parse(params["q"]).is_empty,
            "results": results,
            "page": page,
            "facets": facets,
            "active": active,
            "kinds": KINDS,
        },
    )


def search_json(request):
    params, results = run_search(request)
    base = request.build_absolute_uri("/")
    return JsonResponse(
        {
            "query": params,
            "total": results.total,
            "total_is_capped": results.capped,
            "partial": results.partial,
            "page": results.page,
            "pages": results.pages,
            "results": [
                {
                    "title": hit.title,
                    "url": hit.url if hit.url.startswith("http") else base.rstrip("/") + hit.url,
                    "type": hit.kind,
                    "type_label": hit.kind_label,
                    "organisation": hit.organisation,
                    "date": hit.date.isoformat() if hit.date else None,
                    "snippet_html": hit.snippet,
                }
                for hit in results.hits
            ],
            "facets": {
                name: [{"value": v, "label": label, "count": n} for v, label, n in options]
                for name, options in results.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


def opensearch(request):
    return render(
        request,
        "sitesearch/opensearch.xml",
        {
            "search_url": request.build_absolute_uri(reverse("sitesearch:search")),
            "json_url": request.build_absolute_uri(reverse("sitesearch:search_json")),
            "site_url": request.build_absolute_uri("/"),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
