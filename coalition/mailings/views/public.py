"""Public pages: sign-up, confirmation, preferences, unsubscribe, the archive, the webhook."""

import hmac
import json
import logging
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coalition.lib.email import queue_email
from coalition.lib.ratelimit import consume_all, too_many_requests
from coalition.mailings.forms import PreferencesForm, PreferencesLinkForm, SubscribeForm
from coalition.mailings.models import Bulletin, MailingList, Subscriber
from coalition.mailings.services import bounces, subscriptions
from coalition.mailings.services.tokens import (
    BadToken,
    ExpiredToken,
    read_confirm_token,
    read_preferences_token,
    read_unsubscribe_token,
)

csrf_log = logging.getLogger("django.security.csrf")


def _rate_limited(request, action: str):
    exceeded = consume_all(request, [(action, settings.MAILINGS_SUBSCRIBE_RATE_LIMIT)])
    if exceeded:
        return too_many_requests(request, *exceeded)
    return None


def _bad_link(request, expired: bool, what: str):
    status = HTTPStatus.BAD_REQUEST if expired else HTTPStatus.NOT_FOUND
    return render(
        request,
        "mailings/bad_link.html",
        {"expired": expired, "what": what},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        limited = _rate_limited(request, "mailings-subscribe")
        if limited:
            return limited
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscriptions.request_subscription(
                form.cleaned_data["email"],
                form.cleaned_data["name"],
                list(form.cleaned_data["lists"]),
            )
            request.session["mailings_subscribed"] = form.cleaned_data["email"]
            return redirect("mailings:subscribe_sent")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = SubscribeForm()
    return render(request, "mailings/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request):
    return render(
        request,
        "mailings/subscribe_sent.html",
        {"email": request.session.get("mailings_subscribed", "")},
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners open links); the POST confirms."""
    try:
        subscriber = read_confirm_token(token)
    except ExpiredToken:
        return _bad_link(request, True, "confirmation")
    except BadToken:
        return _bad_link(request, False, "confirmation")
    pending = subscriber.subscriptions.filter(status="pending").select_related("mailing_list")
    if request.method == "POST":
        try:
            confirmed = subscriptions.confirm(subscriber)
        except subscriptions.Blocked:
            return render(request, "mailings/blocked.html", {"subscriber": subscriber}, status=409)
        return render(
            request,
            "mailings/confirmed.html",
            {
                "subscriber": subscriber,
                "confirmed": confirmed,
                "preferences_url": subscriber.preferences_url(),
            },
        )
    return render(
        request,
        "mailings/confirm.html",
        {"subscriber": subscriber, "pending": [s.mailing_list for s in pending]},
    )


def _preferences_page(request, subscriber, form_action, source, template_context):
    offered = MailingList.objects.filter(is_public=True)
    current = set()
    if subscriber.pk:
        offered = MailingList.objects.filter(
            Q(is_public=True)
            | Q(subscriptions__subscriber=subscriber, subscriptions__status="subscribed")
        ).distinct()
        current = subscriptions.subscribed_lists(subscriber)
    status = HTTPStatus.OK
    if request.method == "POST" and subscriber.pk:
        if "everything" in request.POST:
            subscriptions.unsubscribe_everything(subscriber, source, request.user)
            messages.success(request, "You are unsubscribed from everything. We won't email you.")
            return redirect(form_action)
        form = PreferencesForm(request.POST, offered=offered, current=current)
        if form.is_valid():
            try:
                added, removed = subscriptions.set_preferences(
                    subscriber,
                    list(form.cleaned_data["lists"]),
                    list(offered),
                    source,
                    request.user,
                )
            except subscriptions.Blocked:
                return render(
                    request, "mailings/blocked.html", {"subscriber": subscriber}, status=409
                )
            if added or removed:
                messages.success(request, "Your choices are saved.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect(form_action)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = PreferencesForm(offered=offered, current=current)
    return render(
        request,
        "mailings/preferences.html",
        {"form": form, "subscriber": subscriber, "form_action": form_action, **template_context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    try:
        subscriber = read_preferences_token(token)
    except ExpiredToken:
        return _bad_link(request, True, "preferences")
    except BadToken:
        return _bad_link(request, False, "preferences")
    return _preferences_page(
        request,
        subscriber,
        reverse("mailings:preferences", args=[token]),
        subscriptions.SOURCE_PREFERENCES,
        {"email": subscriber.email},
    )


@require_http_methods(["GET", "POST"])
def preferences_request(request):
    """Ask for a preferences link by email (the same answer whether the address is known)."""
    status = HTTPStatus.OK
    sent = False
    if request.method == "POST":
        limited = _rate_limited(request, "mailings-preferences-link")
        if limited:
            return limited
        form = PreferencesLinkForm(request.POST)
        if form.is_valid():
            subscriber = Subscriber.objects.filter(
                email=form.cleaned_data["email"].strip().lower()
            ).first()
            if subscriber is not None:
                queue_email(
                    subscriber.email,
                    "mailings/emails/preferences_link",
                    {"preferences_url": subscriber.preferences_url()},
                )
            sent = True
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = PreferencesLinkForm()
    return render(
        request, "mailings/preferences_request.html", {"form": form, "sent": sent}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_subscriptions(request):
    subscriber = subscriptions.subscriber_for_user(request.user, create=request.method == "POST")
    return _preferences_page(
        request,
        subscriber or Subscriber(email=request.user.email),
        reverse("mailings:account_subscriptions"),
        subscriptions.SOURCE_ACCOUNT,
        {"email": request.user.email, "on_account": True},
    )


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the signed token authenticates.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a page with one button (link scanners prefetch GETs and must change nothing).

    POST with `List-Unsubscribe=One-Click` (what mail clients send, and what the button
    sends): unsubscribed at once. Any other POST is refused like a failed CSRF check.
    """
    if request.method == "POST" and request.POST.get("List-Unsubscribe") != "One-Click":
        csrf_log.warning(
            "Forbidden (unsubscribe without List-Unsubscribe=One-Click): %s",
            request.path,
            extra={"status_code": 403, "request": request},
        )
        return render(request, "403.html", status=HTTPStatus.FORBIDDEN)
    try:
        found = read_unsubscribe_token(token)
    except ExpiredToken:
        return _bad_link(request, True, "unsubscribe")
    except BadToken:
        return _bad_link(request, False, "unsubscribe")
    context = {
        "subscriber": found.subscriber,
        "mailing_list": found.mailing_list,
        "preferences_url": found.subscriber.preferences_url(),
    }
    if request.method == "POST":
        subscriptions.unsubscribe(found.subscriber, found.mailing_list)
        return render(request, "mailings/unsubscribed.html", context)
    return render(request, "mailings/unsubscribe.html", context)


def archive(request):
    bulletins = (
        Bulletin.objects.archived()
        .select_related("mailing_list")
        .defer("html", "text")
        .order_by("-sent_at")
    )
    page = Paginator(bulletins, 20).get_page(request.GET.get("page"))
    return render(request, "mailings/archive.html", {"page": page, "bulletins": page.object_list})


def archive_bulletin(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.archived().select_related("mailing_list"), pk=pk)
    return render(
        request,
        "mailings/archive_bulletin.html",
        {"bulletin": bulletin, "items": list(bulletin.items.all())},
    )


def _webhook_refused(request, why: str):
    csrf_log.warning(
        "Forbidden (bounce webhook: %s): %s",
        why,
        request.path,
        extra={"status_code": 403, "request": request},
    )
    return JsonResponse({"error": "forbidden"}, status=HTTPStatus.FORBIDDEN)


@csrf_exempt  # called by the mail service, authenticated by the shared secret instead
@require_POST
def bounce_webhook(request):
    """Bounces from a mail service: JSON ({"email", "type": hard|soft, "status"} or a list
    of them), or a raw DSN (multipart/report). Authorization: Bearer <secret>."""
    secret = settings.MAILINGS_BOUNCE_WEBHOOK_SECRET
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not secret:
        return _webhook_refused(request, "MAILINGS_BOUNCE_WEBHOOK_SECRET is not set")
    if not given or not hmac.compare_digest(given.encode(), secret.encode()):
        return _webhook_refused(request, "wrong or missing secret")
    content_type = request.content_type or ""
    if content_type.startswith(("multipart/report", "message/")):
        recorded = bounces.process_message(request.body, source="webhook")
        return JsonResponse({"recorded": len(recorded)})
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "The body is not JSON."}, status=400)
    events = payload if isinstance(payload, list) else (payload or {}).get("events", [payload])
    checked = []
    for event in events:
        if not isinstance(event, dict) or "@" not in str(event.get("email", "")):
            return JsonResponse({"error": "Each bounce needs an email."}, status=400)
        kind = str(event.get("type", "hard")).lower()
        if kind not in ("hard", "soft"):
            return JsonResponse({"error": "type must be hard or soft."}, status=400)
        checked.append(
            (
                str(event["email"]),
                kind,
                str(event.get("status", ""))[:20],
                str(event.get("diagnostic", ""))[:2000],
            )
        )
    for address, kind, status, diagnostic in checked:
        bounces.record_bounce(address, kind, status, diagnostic, source="webhook")
    return JsonResponse({"recorded": len(checked)})
