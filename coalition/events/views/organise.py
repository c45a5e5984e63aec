"""For organisers: member representatives submit events, and see, export and mark attendees.

Staff with two-factor may use these pages for any event (see permissions.py).
"""

import csv
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coalition.events.forms import EventForm
from coalition.events.models import Event, Registration
from coalition.events.permissions import (
    can_edit_submission,
    event_for_organiser,
    organisations_for_organiser,
)
from coalition.events.services.moderation import save_event, submit_event
from coalition.events.services.registrations import mark_attendance
from coalition.lib.spreadsheet import spreadsheet_safe


def _get_only(request):
    """Checked after the permission check, so people who may not see the page get 404 first."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@login_required
def organise(request):
    organisations = organisations_for_organiser(request)
    if refused := _get_only(request):
        return refused
    events = (
        Event.objects.filter(organiser__in=organisations)
        .select_related("organiser")
        .annotate(
            places_taken=Count(
                "registrations", filter=Q(registrations__status__in=Registration.HOLDING_PLACE)
            )
        )
        .order_by("-starts_at")
    )
    return render(
        request,
        "events/organise/list.html",
        {"events": events[:100], "organisations": organisations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organise_new(request):
    organisations = organisations_for_organiser(request)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = EventForm(request.POST, organisations=organisations)
        if form.is_valid():
            event = form.save(commit=False)
            event.status = Event.Status.DRAFT
            event.submitted_by = request.user
            save_event(event, form)
            if request.POST.get("action") == "submit":
                submit_event(event, request.user)
                messages.success(
                    request,
                    f"“{event.title}” has been sent to the coalition’s staff. We will email you "
                    "when it is published.",
                )
            else:
                messages.success(request, f"“{event.title}” is saved as a draft.")
            return redirect("events:organise_event", event.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = EventForm(organisations=organisations, initial={"contact_email": request.user.email})
    return render(
        request, "events/organise/form.html", {"form": form, "event": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def organise_event(request, pk):
    event = event_for_organiser(request, pk)
    editable = can_edit_submission(request.user, event)
    form = None
    status = HTTPStatus.OK
    if editable:
        organisations = organisations_for_organiser(request)
        if request.method == "POST":
            form = EventForm(request.POST, instance=event, organisations=organisations)
            if form.is_valid():
                event = form.save(commit=False)
                save_event(event, form)
                if request.POST.get("action") == "submit":
                    submit_event(event, request.user)
                    messages.success(request, f"“{event.title}” has been sent for review.")
                else:
                    messages.success(request, "Your changes are saved.")
                return redirect("events:organise_event", event.pk)
            status = HTTPStatus.BAD_REQUEST
        else:
            form = EventForm(instance=event, organisations=organisations)
    elif request.method == "POST":
        messages.error(request, "This event is published: ask the coalition’s staff to change it.")
        status = HTTPStatus.CONFLICT
    return render(
        request,
        "events/organise/form.html",
        {"form": form, "event": event, "editable": editable},
        status=status,
    )


@login_required
def organise_submit(request, pk):
    event = event_for_organiser(request, pk)  # 404 for others before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if event.status != Event.Status.DRAFT:
        messages.error(request, "Only a draft can be sent for review.")
        return redirect("events:organise_event", event.pk)
    submit_event(event, request.user)
    messages.success(request, f"“{event.title}” has been sent to the coalition’s staff.")
    return redirect("events:organise_event", event.pk)


def _chosen_date(request, event):
    occurrences = list(event.occurrences.order_by("starts_at"))
    if not occurrences:
        raise Http404("This event has no dates.")
    chosen = request.GET.get("date")
    if chosen:
        selected = next((o for o in occurrences if str(o.pk) == chosen), None)
        if selected is None:
            raise Http404("This event has no such date.")
        return occurrences, selected
    now = timezone.now()
    upcoming = [o for o in occurrences if o.ends_at > now - timezone.timedelta(hours=12)]
    return occurrences, (upcoming[0] if upcoming else occurrences[-1])


@login_required
def attendees(request, pk):
    event = event_for_organiser(request, pk)
    if refused := _get_only(request):
        return refused
    occurrences, occurrence = _chosen_date(request, event)
    registrations = list(
        occurrence.registrations.exclude(status=Registration.Status.EXPIRED).order_by(
            "status", "created"
        )
    )
    counts = {
        status: sum(1 for r in registrations if r.status == status)
        for status in Registration.Status.values
    }
    return render(
        request,
        "events/organise/attendees.html",
        {
            "event": event,
            "occurrence": occurrence,
            "occurrences": occurrences,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [
                r
                for r in registrations
                if r.status in (Registration.Status.WAITLISTED, Registration.Status.OFFERED)
            ],
            "cancelled": [r for r in registrations if r.status == Registration.Status.CANCELLED],
            "counts": counts,
            "attended": sum(1 for r in registrations if r.attended),
            "capacity": occurrence.effective_capacity,
        },
    )


def safe_cell(value) -> str:
    return spreadsheet_safe("" if value is None else str(value))


@login_required
def attendees_csv(request, pk):
    event = event_for_organiser(request, pk)
    if refused := _get_only(request):
        return refused
    occurrences, occurrence = _chosen_date(request, event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    day = occurrence.local_start
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-{day:%Y-%m-%d}-attendees.csv"'
    )
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        ["Name", "Email", "Status", "Registered", "Access needs", "Dietary needs", "Attended"]
    )
    for registration in occurrence.registrations.exclude(
        status=Registration.Status.EXPIRED
    ).order_by("status", "created"):
        attended = {True: "Yes", False: "No", None: ""}[registration.attended]
        writer.writerow(
            [
                safe_cell(registration.name),
                safe_cell(registration.email),
                registration.get_status_display(),
                timezone.localtime(registration.created).strftime("%Y-%m-%d %H:%M"),
                safe_cell(registration.access_needs),
                safe_cell(registration.dietary_needs),
                attended,
            ]
        )
    return response


@login_required
def attendance(request, pk, registration):
    event = event_for_organiser(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = get_object_or_404(
        Registration.objects.select_related("occurrence"),
        pk=registration,
        event=event,
        status=Registration.Status.CONFIRMED,
    )
    value = {"yes": True, "no": False, "clear": None}.get(request.POST.get("attended"), "bad")
    if value == "bad":
        return HttpResponse("Say yes, no or clear.", status=400, content_type="text/plain")
    mark_attendance(record, value)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "events/organise/attendee_row.html",
            {"registration": record, "event": event, "occurrence": record.occurrence},
        )
    return redirect(f"{_attendees_url(event)}?date={record.occurrence_id}#r{record.pk}")


def _attendees_url(event) -> str:
    from django.urls import reverse

    return reverse("events:attendees", args=[event.pk])
