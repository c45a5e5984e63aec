"""The public "Ask us" form, introduction requests and consent, and the inbound-mail webhook."""

import hmac
import logging
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coalition.enquiries.forms import EnquiryForm, IntroductionRequestForm
from coalition.enquiries.models import Introduction, Message
from coalition.enquiries.services.introductions import answer
from coalition.enquiries.services.mail import receive
from coalition.lib.email import queue_email
from coalition.lib.ratelimit import consume_all, too_many_requests

csrf_log = logging.getLogger("django.security.csrf")
MAX_INBOUND_BYTES = 10 * 1024 * 1024


def limits():
    return [("enquiry", settings.ENQUIRY_RATE_LIMIT)]


def rate_limited(request):
    exceeded = consume_all(request, limits())
    if exceeded:
        return too_many_requests(request, *exceeded)
    return None


@require_http_methods(["GET", "POST"])
def contact(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        limited = rate_limited(request)
        if limited:
            return limited
        form = EnquiryForm(request.POST)
        if form.is_valid():
            enquiry = form.save(commit=False)
            enquiry.consent = True
            enquiry.save()
            Message.objects.create(
                enquiry=enquiry,
                kind=Message.Kind.INBOUND,
                sender=enquiry.email,
                body=enquiry.message,
            )
            from coalition.enquiries.services.mail import reply_address

            queue_email(
                enquiry.email,
                "enquiries/emails/received",
                {"enquiry": enquiry},
                reply_to=reply_address(enquiry),
            )
            request.session["enquiry_reference"] = enquiry.reference
            return redirect("enquiries:contact_thanks")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = EnquiryForm(initial={"topic": request.GET.get("topic", "")})
    return render(request, "enquiries/contact.html", {"form": form}, status=status)


def contact_thanks(request):
    return render(
        request,
        "enquiries/contact_thanks.html",
        {"reference": request.session.get("enquiry_reference", "")},
    )


@require_http_methods(["GET", "POST"])
def introduction_request(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        limited = rate_limited(request)
        if limited:
            return limited
        form = IntroductionRequestForm(request.POST)
        if form.is_valid():
            introduction = form.save(commit=False)
            introduction.requester_consent = True
            if request.user.is_authenticated:
                introduction.requested_by = request.user
            introduction.save()
            messages.success(
                request,
                "Thank you. We will ask the other side whether they agree, and introduce you "
                "both by email if they do.",
            )
            return redirect("enquiries:contact_thanks")
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = {}
        if request.user.is_authenticated:
            initial = {"requester_email": request.user.email}
        form = IntroductionRequestForm(initial=initial)
    return render(request, "enquiries/introduction_request.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def introduction_agree(request, token):
    """The link in the email to the person asked. GET shows the question; POST answers."""
    introduction = get_object_or_404(
        Introduction.objects.select_related("organisation", "theme"), consent_token=token
    )
    if request.method == "POST" and introduction.status != Introduction.Status.MADE:
        agree = request.POST.get("answer") == "yes"
        answer(introduction, agree)
        messages.success(
            request,
            "Thank you: we will introduce you by email."
            if agree
            else "Thank you: we will not pass on your details.",
        )
        return redirect("enquiries:introduction_agree", token=token)
    return render(request, "enquiries/introduction_agree.html", {"introduction": introduction})


@csrf_exempt  # authenticated by the shared secret instead; see docs/enquiries.md
@require_POST
def inbound(request):
    """Inbound mail from a provider's webhook: the raw RFC 822 message as the body.

    Without the right secret in X-Inbound-Secret it is refused (403) and logged like
    a failed CSRF check, since that is what it is: a post nobody we trust made.
    """
    secret = settings.ENQUIRY_INBOUND_SECRET
    given = request.headers.get("X-Inbound-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        csrf_log.warning("Inbound mail refused: missing or wrong secret (%s)", request.path)
        return HttpResponseForbidden("Forbidden")
    raw = request.body
    if not raw.strip() or len(raw) > MAX_INBOUND_BYTES:
        return JsonResponse({"error": "Send one email message (RFC 822) as the body."}, status=400)
    message = receive(raw)
    return JsonResponse(
        {"enquiry": message.enquiry.reference, "message": message.pk}, status=HTTPStatus.ACCEPTED
    )
