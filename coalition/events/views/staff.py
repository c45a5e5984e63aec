"""The events back office: the moderation queue, creating and editing events, each date."""

from http import HTTPStatus

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.events.forms import EventForm, OccurrenceForm, ReasonForm
from coalition.events.models import Event, Occurrence, Registration
from coalition.events.services.moderation import (
    AlreadyDecided,
    approve_event,
    cancel_event,
    change_occurrence,
    publish_event,
    reject_event,
    save_event,
)
from coalition.events.services.registrations import cancel_occurrence

TABS = [
    ("submitted", "Waiting for review"),
    ("published", "Published, coming up"),
    ("draft", "Drafts"),
    ("cancelled", "Cancelled"),
    ("past", "Past"),
]


@staff_required
def staff_events(request):
    tab = request.GET.get("status", "submitted")
    if tab not in dict(TABS):
        tab = "submitted"
    now = timezone.now()
    events = Event.objects.select_related("organiser", "submitted_by").annotate(
        places_taken=Count(
            "registrations", filter=Q(registrations__status__in=Registration.HOLDING_PLACE)
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )
    if tab == "published":
        events = events.filter(status=Event.Status.PUBLISHED).filter(
            pk__in=Occurrence.objects.filter(ends_at__gt=now).values("event_id")
        )
    elif tab == "past":
        events = events.filter(status=Event.Status.PUBLISHED).exclude(
            pk__in=Occurrence.objects.filter(ends_at__gt=now).values("event_id")
        )
        events = events.order_by("-starts_at")
    else:
        events = events.filter(status=tab)
    counts = {
        "submitted": Event.objects.filter(status=Event.Status.SUBMITTED).count(),
    }
    return render(
        request,
        "events/staff/list.html",
        {"events": events[:200], "tab": tab, "tabs": TABS, "counts": counts},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_event_new(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = EventForm(request.POST, staff=True)
        if form.is_valid():
            event = form.save(commit=False)
            publish = request.POST.get("action") == "publish"
            event.status = Event.Status.PUBLISHED if publish else Event.Status.DRAFT
            if publish:
                event.moderated_by = request.user
                event.moderated_at = timezone.now()
            save_event(event, form)
            messages.success(
                request, f"“{event.title}” is {'published' if publish else 'saved as a draft'}."
            )
            return redirect(event.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = EventForm(staff=True)
    return render(request, "events/staff/event.html", {"form": form, "event": None}, status=status)


def _staff_page(request, event, form=None, reason_form=None, cancel_form=None, status=200):
    occurrences = event.occurrences.annotate(
        places_taken=Count(
            "registrations", filter=Q(registrations__status__in=Registration.HOLDING_PLACE)
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    ).order_by("starts_at")
    return render(
        request,
        "events/staff/event.html",
        {
            "event": event,
            "form": form or EventForm(instance=event, staff=True),
            "reason_form": reason_form or ReasonForm(),
            "cancel_form": cancel_form or ReasonForm(prefix="cancel"),
            "occurrences": occurrences[:60],
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_event(request, pk):
    event = get_object_or_404(Event.objects.select_related("organiser", "submitted_by"), pk=pk)
    if request.method == "POST":
        form = EventForm(request.POST, instance=event, staff=True)
        if form.is_valid():
            event = form.save(commit=False)
            save_event(event, form)
            messages.success(request, "The event is saved.")
            return redirect(event.get_staff_url())
        return _staff_page(request, event, form=form, status=HTTPStatus.BAD_REQUEST)
    return _staff_page(request, event)


@staff_required
@require_POST
def staff_event_approve(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        approve_event(event.pk, request.user)
    except AlreadyDecided:
        messages.error(request, "This event was no longer waiting for review. Nothing changed.")
        return _staff_page(request, event, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{event.title}” is published.")
    return redirect("events:staff_events")


@staff_required
@require_POST
def staff_event_reject(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, event, reason_form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        reject_event(event.pk, request.user, form.cleaned_data["reason"])
    except AlreadyDecided:
        messages.error(request, "This event was no longer waiting for review. Nothing changed.")
        return _staff_page(request, event, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{event.title}” was sent back to its organiser with your reason.")
    return redirect("events:staff_events")


@staff_required
@require_POST
def staff_event_publish(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if event.status not in (Event.Status.DRAFT, Event.Status.SUBMITTED):
        messages.error(request, "Only a draft or an event waiting for review can be published.")
        return _staff_page(request, event, status=HTTPStatus.CONFLICT)
    publish_event(event, request.user)
    messages.success(request, f"“{event.title}” is published.")
    return redirect(event.get_staff_url())


@staff_required
@require_POST
def staff_event_cancel(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if event.status == Event.Status.CANCELLED:
        messages.error(request, "This event was already cancelled.")
        return _staff_page(request, event, status=HTTPStatus.CONFLICT)
    if not form.is_valid():
        return _staff_page(request, event, cancel_form=form, status=HTTPStatus.BAD_REQUEST)
    told = cancel_event(event, form.cleaned_data["reason"])
    people = "1 registered person is" if told == 1 else f"{told} registered people are"
    messages.success(request, f"“{event.title}” is cancelled. {people} being told by email.")
    return redirect(event.get_staff_url())


def _occurrence(pk, occurrence):
    return get_object_or_404(Occurrence.objects.select_related("event"), pk=occurrence, event_id=pk)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_occurrence(request, pk, occurrence):
    occurrence = _occurrence(pk, occurrence)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = OccurrenceForm(request.POST, instance=occurrence)
        if form.is_valid():
            change_occurrence(form.save(commit=False))
            messages.success(request, "This date is changed; people registered for it were told.")
            return redirect(occurrence.event.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = OccurrenceForm(instance=occurrence)
    return render(
        request,
        "events/staff/occurrence.html",
        {
            "occurrence": occurrence,
            "event": occurrence.event,
            "form": form,
            "cancel_form": ReasonForm(prefix="cancel"),
            "taken": occurrence.registrations.holding_places().count(),
        },
        status=status,
    )


@staff_required
@require_POST
def staff_occurrence_cancel(request, pk, occurrence):
    occurrence = _occurrence(pk, occurrence)
    form = ReasonForm(request.POST, prefix="cancel")
    if occurrence.is_cancelled:
        messages.error(request, "This date was already cancelled.")
        return redirect(occurrence.event.get_staff_url())
    if not form.is_valid():
        return render(
            request,
            "events/staff/occurrence.html",
            {
                "occurrence": occurrence,
                "event": occurrence.event,
                "form": OccurrenceForm(instance=occurrence),
                "cancel_form": form,
                "taken": occurrence.registrations.holding_places().count(),
            },
            status=HTTPStatus.BAD_REQUEST,
        )
    told = cancel_occurrence(occurrence, form.cleaned_data["reason"])
    messages.success(request, f"The date is cancelled; {told} registered told.")
    return redirect(occurrence.event.get_staff_url())
