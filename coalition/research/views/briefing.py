"""Research briefings: staff compose a bulletin on the research list from new library items
and answered gaps; the mailings app previews, tests and sends it."""

from http import HTTPStatus

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coalition.core.permissions import staff_required
from coalition.research.forms import BriefingForm
from coalition.research.services import briefing as service


@staff_required
@require_http_methods(["GET", "POST"])
def staff_briefing(request):
    status = HTTPStatus.OK
    problem = ""
    try:
        mailing_list = service.research_list()
    except service.NoResearchList as error:
        mailing_list, problem = None, str(error)
    if request.method == "POST" and mailing_list is not None:
        form = BriefingForm(request.POST)
        if form.is_valid():
            bulletin = service.compose(
                request.user, form.cleaned_data["subject"], form.cleaned_data["intro"]
            )
            messages.success(
                request,
                f"The briefing has {bulletin.items.count()} items. Preview it, send yourself a "
                "test, then send it.",
            )
            return redirect(bulletin.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = BriefingForm(initial={"subject": f"Research briefing, {timezone.localdate():%B %Y}"})
        if request.method == "POST":
            status = HTTPStatus.CONFLICT
    return render(
        request,
        "research/staff/briefing.html",
        {
            "form": form,
            "mailing_list": mailing_list,
            "problem": problem,
            "candidates": service.candidates(),
            "briefings": service.draft_briefings(),
        },
        status=status,
    )
