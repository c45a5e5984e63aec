"""Public and members' pages: the decisions log, minutes, meetings, papers, My actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from coalition.governance.forms import ActionStatusForm
from coalition.governance.models import ActionItem, AgendaItem, Decision, Meeting, Paper
from coalition.governance.permissions import (
    Viewer,
    action_for_owner,
    meeting_for_viewer,
    paper_for_viewer,
    visible_filter,
)
from coalition.governance.services.meetings import set_action_status
from coalition.lib.markup import render_markdown
from coalition.members.permissions import roles_for


def decisions(request):
    viewer = Viewer(request.user)
    rows = (
        Decision.objects.filter(visible_filter(viewer, body_path="meeting__body"))
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "pk")
    )
    body = request.GET.get("body", "")
    if body.isdigit():
        rows = rows.filter(meeting__body_id=int(body))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    minutes = (
        Meeting.objects.filter(
            visible_filter(viewer), minutes_status=Meeting.MinutesStatus.APPROVED
        )
        .select_related("body")
        .order_by("-starts_at")[:10]
    )
    from coalition.governance.models import Body

    return render(
        request,
        "governance/decisions.html",
        {
            "page": page,
            "minutes": minutes,
            "bodies": Body.objects.order_by("name"),
            "body": body,
        },
    )


def minutes_list(request):
    viewer = Viewer(request.user)
    meetings = (
        Meeting.objects.filter(
            visible_filter(viewer), minutes_status=Meeting.MinutesStatus.APPROVED
        )
        .select_related("body", "minutes_approved_at")
        .order_by("-starts_at")
    )
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(request, "governance/minutes_list.html", {"page": page})


def meeting_detail(request, pk):
    meeting, viewer = meeting_for_viewer(request, pk)
    levels = viewer.levels(meeting.body_id)
    items = []
    if meeting.agenda_published or viewer.staff:
        items = list(
            AgendaItem.objects.filter(meeting=meeting, visibility__in=levels)
            .select_related("owner")
            .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("pk")))
        )
    decisions = meeting.decisions.filter(visibility__in=levels)
    actions = meeting.actions.filter(visibility__in=levels).select_related("owner")
    minutes_html = render_markdown(meeting.minutes) if meeting.minutes_published else ""
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "decisions": decisions,
            "actions": actions,
            "minutes_html": minutes_html,
            "viewer": viewer,
        },
    )


def paper(request, pk):
    paper = paper_for_viewer(request, pk)
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.file.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_actions(request):
    person = roles_for(request.user).person
    actions = []
    done = []
    if person is not None:
        base = ActionItem.objects.filter(owner=person).select_related("meeting__body")
        actions = list(base.filter(status__in=ActionItem.OPEN_STATUSES).order_by("due"))
        done = list(base.exclude(status__in=ActionItem.OPEN_STATUSES).order_by("-due")[:20])
    return render(
        request,
        "governance/my_actions.html",
        {"actions": actions, "done": done, "form": ActionStatusForm()},
    )


@login_required
def action_status(request, pk):
    action = action_for_owner(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status for the action.")
        return redirect("governance:my_actions")
    set_action_status(action, form.cleaned_data["status"])
    messages.success(request, f"“{action}” is now {action.get_status_display().lower()}.")
    target = request.POST.get("next", "")
    if target == "staff":
        return redirect(action.meeting.get_staff_url())
    return redirect("governance:my_actions")
