"""Pages about the API: its reference, open data downloads, and an organisation's tokens.

Who may use them: the reference and open data are public; an organisation's tokens page
is for its representatives and staff (`organisation_for_editor` decides, 404 otherwise).
"""

import csv
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coalition.api import opendata
from coalition.api.api import api
from coalition.api.forms import TokenForm
from coalition.api.models import ApiToken
from coalition.api.reference import operations, schemas
from coalition.lib.spreadsheet import spreadsheet_safe
from coalition.members.permissions import organisation_for_editor


@require_GET
def reference(request):
    document = api.get_openapi_schema(path_prefix="/api")
    context = {
        "info": document["info"],
        "operations": operations(document),
        "schemas": schemas(document),
    }
    return render(request, "api/reference.html", context)


@require_GET
def open_data(request):
    return render(request, "api/open_data.html", {"datasets": opendata.DATASETS.values()})


class _Echo:
    def write(self, value):
        return value


@require_GET
def open_data_csv(request, name):
    dataset = opendata.DATASETS.get(name)
    if dataset is None:
        raise Http404("No open dataset has this name.")
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so spreadsheets read the text as UTF-8
        yield writer.writerow(dataset.header)
        for row in dataset.rows():
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.filename}"'
    return response


@never_cache  # a new token is on this page once: never kept by a cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request, slug):
    organisation = organisation_for_editor(request, slug)
    status, new_key = HTTPStatus.OK, None
    form = TokenForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            token, new_key = ApiToken.issue(organisation, form.cleaned_data["name"], request.user)
            form = TokenForm(organisation=organisation)
        else:
            status = HTTPStatus.BAD_REQUEST
    context = {
        "organisation": organisation,
        "form": form,
        "new_key": new_key,
        "tokens": organisation.api_tokens.select_related("created_by", "revoked_by"),
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def revoke(request, slug, pk):
    organisation = organisation_for_editor(request, slug)  # who may: decided before anything
    token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if token.is_active:
        token.revoke(request.user)
        messages.success(request, f"“{token.name}” is revoked: it no longer works.")
    return redirect("api:tokens", organisation.slug)
