"""The governance back office: bodies, meetings (agenda, papers, attendance, minutes,
actions, decisions) and priority rounds."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.governance.forms import (
    ActionForm,
    AdoptForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    RoundForm,
)
from coalition.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Decision,
    Meeting,
    Paper,
    PriorityRound,
    Proposal,
)
from coalition.governance.services import meetings as meeting_services
from coalition.governance.services.priorities import (
    BallotRefused,
    close_voting,
    count_for_display,
    publish_results,
)


def form_page(request, form, *, title, crumbs, submit, status=HTTPStatus.OK, intro="", extra=None):
    """A back-office page with one form (crumbs: [(label, url), ...])."""
    return render(
        request,
        "governance/staff/form_page.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "submit": submit,
            "intro": intro,
            "multipart": form.is_multipart(),
            **(extra or {}),
        },
        status=status,
    )


def home_crumb():
    from django.urls import reverse

    return ("Governance", reverse("governance:staff_home"))


def meeting_crumb(meeting):
    return (str(meeting), meeting.get_staff_url())


@staff_required
def staff_home(request):
    now = timezone.now()
    bodies = Body.objects.annotate(people=Count("members", distinct=True)).order_by("name")
    upcoming = (
        Meeting.objects.filter(starts_at__gte=now).select_related("body").order_by("starts_at")[:20]
    )
    recent = (
        Meeting.objects.filter(starts_at__lt=now).select_related("body").order_by("-starts_at")[:20]
    )
    rounds = PriorityRound.objects.annotate(
        n_proposals=Count("proposals", distinct=True), n_ballots=Count("ballots", distinct=True)
    ).order_by("-voting_opens_at")
    overdue = (
        ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES, due__lt=now.date())
        .select_related("owner", "meeting__body")
        .order_by("due")[:20]
    )
    return render(
        request,
        "governance/staff/home.html",
        {
            "bodies": bodies,
            "upcoming": upcoming,
            "recent": recent,
            "rounds": rounds,
            "overdue": overdue,
        },
    )


# --- Bodies --------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_body_new(request):
    form = BodyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            body = form.save()
            messages.success(request, f"{body.name} is added.")
            return redirect(body.get_staff_url())
        return form_page(
            request,
            form,
            title="Add a body",
            crumbs=[home_crumb()],
            submit="Add the body",
            status=HTTPStatus.BAD_REQUEST,
        )
    return form_page(
        request, form, title="Add a body", crumbs=[home_crumb()], submit="Add the body"
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_body(request, pk):
    body = get_object_or_404(Body, pk=pk)
    form = BodyForm(instance=body)
    member_form = BodyMemberForm(body=body)
    status = HTTPStatus.OK
    if request.method == "POST":
        if request.POST.get("form") == "member":
            member_form = BodyMemberForm(request.POST, body=body)
            if member_form.is_valid():
                member = member_form.save(commit=False)
                member.body = body
                member.save()
                messages.success(request, f"{member.person.name} is added to {body.name}.")
                return redirect(body.get_staff_url())
        else:
            form = BodyForm(request.POST, instance=body)
            if form.is_valid():
                form.save()
                messages.success(request, "Saved.")
                return redirect(body.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "governance/staff/body.html",
        {
            "body": body,
            "form": form,
            "member_form": member_form,
            "members": body.members.select_related("person"),
            "meetings": body.meetings.order_by("-starts_at")[:20],
        },
        status=status,
    )


@staff_required
@require_POST
def staff_body_member_remove(request, pk, member):
    seat = get_object_or_404(BodyMember, body_id=pk, pk=member)
    seat.delete()
    messages.success(request, f"{seat.person.name} is no longer a member of {seat.body.name}.")
    return redirect(seat.body.get_staff_url())


# --- Meetings ------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_meeting_new(request):
    initial = {}
    if request.GET.get("body", "").isdigit():
        initial["body"] = int(request.GET["body"])
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, f"{meeting} is added. Now add its agenda.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Add a meeting",
        crumbs=[home_crumb()],
        submit="Add the meeting",
        status=status,
    )


def _meeting_page(request, meeting, form=None, status=HTTPStatus.OK):
    previous = meeting_services.previous_meeting(meeting)
    people = [m.person for m in meeting.body.members.select_related("person")]
    attendance = {a.person_id: a for a in meeting.attendance.select_related("person")}
    return render(
        request,
        "governance/staff/meeting.html",
        {
            "meeting": meeting,
            "form": form or MeetingForm(instance=meeting),
            "items": meeting.agenda_items.select_related("owner").prefetch_related("papers"),
            "actions": meeting.actions.select_related("owner"),
            "carried": meeting_services.carried_forward(meeting),
            "decisions": meeting.decisions.all(),
            "previous": previous,
            "people": people,
            "attendance": attendance,
            "attendance_records": list(attendance.values()),
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "event"), pk=pk)
    if request.method == "POST":
        form = MeetingForm(request.POST, instance=meeting)
        if form.is_valid():
            form.save()
            messages.success(request, "The meeting is saved.")
            return redirect(meeting.get_staff_url())
        return _meeting_page(request, meeting, form, HTTPStatus.BAD_REQUEST)
    return _meeting_page(request, meeting)


@staff_required
@require_POST
def staff_meeting_publish(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        meeting_services.publish_agenda(meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(meeting.get_staff_url())
    messages.success(request, "The agenda and its papers are published.")
    return redirect(meeting.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def staff_agenda_item_new(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    next_order = (meeting.agenda_items.count() or 0) + 1
    form = AgendaItemForm(
        request.POST or None,
        initial={"order": next_order, "visibility": meeting.visibility},
    )
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.meeting = meeting
        item.save()
        messages.success(request, f"“{item.title}” is on the agenda.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Add an agenda item",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Add to the agenda",
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_agenda_item(request, pk, item):
    meeting = get_object_or_404(Meeting, pk=pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item)
    form = AgendaItemForm(instance=item)
    paper_form = PaperForm(prefix="paper")
    status = HTTPStatus.OK
    if request.method == "POST":
        if request.POST.get("form") == "paper":
            paper_form = PaperForm(request.POST, request.FILES, prefix="paper")
            if paper_form.is_valid():
                paper = paper_form.save(commit=False)
                paper.agenda_item = item
                paper.kind = paper_form.kind
                paper.uploaded_by = request.user
                paper.save()
                messages.success(request, f"The paper “{paper.title}” is attached.")
                return redirect("governance:staff_agenda_item", pk=meeting.pk, item=item.pk)
        else:
            form = AgendaItemForm(request.POST, instance=item)
            if form.is_valid():
                form.save()
                messages.success(request, "The agenda item is saved.")
                return redirect(meeting.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "governance/staff/agenda_item.html",
        {"meeting": meeting, "item": item, "form": form, "paper_form": paper_form},
        status=status,
    )


@staff_required
@require_POST
def staff_paper_delete(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("agenda_item"), pk=pk)
    item = paper.agenda_item
    paper.file.delete(save=False)
    paper.delete()
    messages.success(request, f"The paper “{paper.title}” is removed.")
    return redirect("governance:staff_agenda_item", pk=item.meeting_id, item=item.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    people = [m.person for m in meeting.body.members.select_related("person")]
    recorded = {a.person_id: a.status for a in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, people=people, initial_status=recorded)
    if request.method == "POST" and form.is_valid():
        for person in people:
            value = form.cleaned_data.get(f"person_{person.pk}")
            if value:
                Attendance.objects.update_or_create(
                    meeting=meeting, person=person, defaults={"status": value}
                )
            else:
                Attendance.objects.filter(meeting=meeting, person=person).delete()
        messages.success(request, "Attendance and apologies are recorded.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Attendance and apologies",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Save attendance",
        status=status,
        intro=f"The members of {meeting.body.name}. Add people to the body to record them here.",
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = MinutesForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.minutes_status = Meeting.MinutesStatus.DRAFT
        meeting.save(update_fields=["minutes", "minutes_status"])
        messages.success(
            request, "The draft minutes are saved. They are approved at the next meeting."
        )
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Minutes",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Save the draft minutes",
        status=status,
        intro="Markdown: a blank line between paragraphs, ## for headings, - for lists.",
    )


@staff_required
@require_POST
def staff_minutes_approve(request, pk):
    """At this meeting, approve the minutes of the body's previous meeting."""
    meeting = get_object_or_404(Meeting, pk=pk)
    previous = meeting_services.previous_meeting(meeting)
    if previous is None:
        messages.error(request, "There is no earlier meeting of this body.")
        return redirect(meeting.get_staff_url())
    try:
        meeting_services.approve_minutes(previous, at=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(meeting.get_staff_url())
    messages.success(request, f"The minutes of {previous} are approved and published.")
    return redirect(meeting.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def staff_action_new(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = ActionForm(request.POST or None, meeting=meeting, initial={"visibility": "body"})
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        action.meeting = meeting
        action.save()
        messages.success(request, f"The action for {action.owner.name} is recorded.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Add an action",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Add the action",
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_action(request, pk):
    action = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=pk)
    meeting = action.meeting
    form = ActionForm(request.POST or None, instance=action, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        action = form.save(commit=False)
        if action.status == ActionItem.Status.DONE and not action.completed_on:
            action.completed_on = timezone.localdate()
        elif action.status != ActionItem.Status.DONE:
            action.completed_on = None
        action.save()
        messages.success(request, "The action is saved.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Action",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Save the action",
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_decision_new(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.meeting = meeting
        decision.save()
        messages.success(request, f"The decision “{decision.title}” is recorded.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Record a decision",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Record the decision",
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_decision(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    meeting = decision.meeting
    form = DecisionForm(request.POST or None, instance=decision, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The decision is saved.")
        return redirect(meeting.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Decision",
        crumbs=[home_crumb(), meeting_crumb(meeting)],
        submit="Save the decision",
        status=status,
    )


# --- Priority rounds -----------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_round_new(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round = form.save()
        messages.success(request, f"{round.title} is open for proposals.")
        return redirect(round.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title="Start a priority round",
        crumbs=[home_crumb()],
        submit="Start the round",
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_round(request, pk):
    round = get_object_or_404(PriorityRound, pk=pk)
    form = RoundForm(request.POST or None, instance=round)
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "The round is saved.")
            return redirect(round.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "governance/staff/round.html",
        {
            "round": round,
            "stage": round.stage(),
            "form": form,
            "proposals": round.proposals.select_related("organisation", "campaign", "project"),
            "ballots": round.ballots.select_related("organisation", "cast_by").order_by(
                "organisation__name"
            ),
            "count": count_for_display(round),
        },
        status=status,
    )


@staff_required
@require_POST
def staff_round_close(request, pk):
    round = get_object_or_404(PriorityRound, pk=pk)
    close_voting(round)
    messages.success(request, "Voting is closed and the ballots are counted.")
    return redirect(round.get_staff_url())


@staff_required
@require_POST
def staff_round_publish(request, pk):
    round = get_object_or_404(PriorityRound, pk=pk)
    try:
        publish_results(round)
    except BallotRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(round.get_staff_url())
    messages.success(request, "The results and the full count are published.")
    return redirect(round.get_staff_url())


@staff_required
@require_http_methods(["GET", "POST"])
def staff_proposal(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    form = AdoptForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{proposal.title}” is saved.")
        return redirect(proposal.round.get_staff_url())
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return form_page(
        request,
        form,
        title=proposal.title,
        crumbs=[home_crumb(), (proposal.round.title, proposal.round.get_staff_url())],
        submit="Save",
        status=status,
        intro=proposal.case,
    )
