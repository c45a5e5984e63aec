"""A member's representative sees their organisation's survey links and an email to share."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coalition.surveys.permissions import shared_collectors


@login_required
@require_GET
def my_links(request):
    collectors = list(shared_collectors(request))
    return render(request, "surveys/my_links.html", {"collectors": collectors})
