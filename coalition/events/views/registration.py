"""Signing up: the registration form, a registration's own page (by its secret link),
cancelling, taking up an offered place, "My events" and the private calendar link."""

from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.events import ical
from coalition.events.forms import RegistrationForm
from coalition.events.models import Event, PersonalFeed, Registration
from coalition.events.services.registrations import (
    RegistrationRefused,
    cancel_registration,
    claim_offer,
)
from coalition.events.services.registrations import (
    register as register_place,
)
from coalition.events.views.public import calendar_response
from coalition.lib import ratelimit
from coalition.members.models import Person


def _open_dates(event: Event, now):
    return [
        o
        for o in event.occurrences.filter(ends_at__gt=now, is_cancelled=False).order_by("starts_at")
        if o.registration_state(now) in ("open", "full")
    ]


def _initial_for(request) -> dict:
    if not request.user.is_authenticated:
        return {}
    person = Person.objects.filter(user=request.user).first()
    return {"name": person.name if person else "", "email": request.user.email}


@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = get_object_or_404(Event.objects.published().select_related("organiser"), slug=slug)
    now = timezone.now()
    dates = _open_dates(event, now)
    if not dates:
        status = HTTPStatus.CONFLICT if request.method == "POST" else HTTPStatus.OK
        return render(request, "events/register_closed.html", {"event": event}, status=status)
    status = HTTPStatus.OK
    if request.method == "POST":
        rate = settings.EVENT_REGISTRATION_RATE_LIMIT
        if ratelimit.is_limited(request, "event-registration", rate):
            return ratelimit.too_many_requests(request, "event-registration", rate)
        form = RegistrationForm(request.POST, occurrences=dates)
        if form.is_valid():
            if not ratelimit.consume(request, "event-registration", rate):
                return ratelimit.too_many_requests(request, "event-registration", rate)
            data = form.cleaned_data
            try:
                registration = register_place(
                    data["occurrence"].pk,
                    name=data["name"],
                    email=data["email"],
                    user=request.user,
                    access_needs=data.get("access_needs", ""),
                    dietary_needs=data.get("dietary_needs", ""),
                )
            except RegistrationRefused as refusal:
                field = "email" if refusal.code == "duplicate" else None
                form.add_error(field, refusal.message)
                status = HTTPStatus.CONFLICT
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(
                        request,
                        f"You have a place. We have emailed your confirmation to "
                        f"{registration.email}, with a calendar entry.",
                    )
                else:
                    messages.info(
                        request,
                        "This date is full, so you are on the waitlist. We will email "
                        f"{registration.email} if a place comes free.",
                    )
                return redirect(registration)
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        initial = _initial_for(request)
        chosen = request.GET.get("date")
        if chosen and any(str(o.pk) == chosen for o in dates):
            initial["occurrence"] = chosen
        form = RegistrationForm(initial=initial, occurrences=dates)
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "dates": dates,
            "single": dates[0] if len(dates) == 1 else None,
        },
        status=status,
    )


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("occurrence__event__organiser"), token=token
    )


@require_GET
def registration(request, token):
    registration = _registration(token)
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "occurrence": registration.occurrence,
            "event": registration.occurrence.event,
            "position": registration.waitlist_position(),
            "is_past": registration.occurrence.ends_at <= timezone.now(),
            "hold_hours": settings.EVENT_OFFER_HOLD_HOURS,
        },
    )


@require_POST
def registration_cancel(request, token):
    registration = _registration(token)
    if not registration.is_active:
        messages.info(request, "This registration had already ended. Nothing was changed.")
        return redirect(registration)
    if registration.occurrence.ends_at <= timezone.now():
        messages.error(request, "This event is over, so the registration can’t be cancelled.")
        return redirect(registration)
    was = registration.status
    cancel_registration(registration.pk)
    if was == Registration.Status.OFFERED:
        text = "You have turned down the place. It will be offered to the next person."
    elif was == Registration.Status.WAITLISTED:
        text = "You have left the waitlist."
    else:
        text = "Your registration is cancelled. Thank you for letting us know."
    messages.success(request, text)
    return redirect(registration)


@require_POST
def registration_claim(request, token):
    registration = _registration(token)
    try:
        claim_offer(registration.pk)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(registration)
    messages.success(
        request, "The place is yours. We have emailed your confirmation, with a calendar entry."
    )
    return redirect(registration)


@require_GET
def registration_ics(request, token):
    registration = _registration(token)
    key = f"registration|{registration.pk}|{registration.updated.isoformat()}|"
    key += registration.occurrence.event.updated.isoformat()
    last = max(registration.updated, registration.occurrence.event.updated)

    def build():
        return ical.registrations_calendar([registration], registration.occurrence.event.title)

    return calendar_response(request, key, last, build, f"{registration.occurrence.event.slug}.ics")


@login_required
@require_GET
def my_events(request):
    now = timezone.now()
    registrations = (
        Registration.objects.for_user(request.user)
        .select_related("occurrence__event__organiser")
        .order_by("occurrence__starts_at")
    )
    upcoming = [r for r in registrations if r.occurrence.ends_at > now and r.is_active]
    past = [r for r in registrations if r.occurrence.ends_at <= now and r.is_active]
    ended = [r for r in registrations if not r.is_active and r.occurrence.ends_at > now]
    return render(
        request,
        "events/my_events.html",
        {
            "upcoming": upcoming,
            "past": list(reversed(past))[:20],
            "ended": ended,
            "feed": PersonalFeed.objects.filter(user=request.user).first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_feed_link(request):
    """Make the private calendar link, or replace it (the old one stops working), or remove it.

    GET asks first (a page with the two buttons), for people who arrive from a link.
    """
    if request.method == "GET":
        feed = PersonalFeed.objects.filter(user=request.user).first()
        return render(request, "events/my_feed_link.html", {"feed": feed})
    action = request.POST.get("action", "reset")
    PersonalFeed.objects.filter(user=request.user).delete()
    if action == "revoke":
        messages.success(request, "Your private calendar link has been turned off.")
    else:
        PersonalFeed.objects.create(user=request.user)
        messages.success(
            request,
            "Here is your new private calendar link. Any earlier link no longer works.",
        )
    return redirect("events:my_events")


@require_GET
def my_feed(request, token):
    feed = get_object_or_404(PersonalFeed.objects.select_related("user"), token=token)
    recent = timezone.now() - timedelta(days=settings.EVENT_FEED_PAST_DAYS)
    registrations = (
        Registration.objects.for_user(feed.user)
        .filter(occurrence__ends_at__gte=recent)
        .exclude(status=Registration.Status.EXPIRED)
        .select_related("occurrence__event__organiser")
        .order_by("occurrence__starts_at")
    )
    summary = registrations.aggregate(last=Max("updated"), event=Max("event__updated"))
    moments = [m for m in (summary["last"], summary["event"]) if m]
    last = max(moments) if moments else None
    key = f"personal|{feed.token}|{registrations.count()}|{last}"

    def build():
        return ical.registrations_calendar(list(registrations), "My events")

    response = calendar_response(request, key, last, build, "my-events.ics")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
