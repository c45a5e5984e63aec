"""Taking part in an action: its page and form, the embeddable widget, confirming by email.

Cross-site request forgery. These forms are posted by people without an account
and are not tied to any session or sign-in: a forged post can do nothing a visitor
could not do by filling the form in themselves. They must also work inside
partners' sites, in an iframe where browsers do not send our cookies
(SameSite=Lax), so Django's cookie-based CSRF check cannot apply to them.
They are protected without cookies instead:

- a browser's post must come from one of our own pages: its Origin header, which
  browsers add to every POST and pages cannot forge, must be this site (a form in
  our embed, on another site, still posts from our origin). Posts without an
  Origin (not a browser) are let through this check;
- every form carries a signed token naming its action and when it was made
  (`form_token`): a post without a valid one is refused like a failed CSRF check
  (403, logged to django.security.csrf), one older than FORM_TOKEN_MAX_AGE gets
  the form back to send again;
- a hidden honeypot field, rate limits per client address (a burst and a
  sustained limit), and email confirmation before anything counts.

Without the CSRF cookie no cookie is set and no session is written on these
pages, so anonymous visitors get them from a short cache and signing stays lean
under load (see docs/campaign-actions.md).
"""

import logging
import time
from http import HTTPStatus

from csp.decorators import csp_replace
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coalition.campaigns import services
from coalition.campaigns.forms import ActionForm, ResendForm
from coalition.campaigns.models import Action, Campaign, Participation, PartnerLink
from coalition.core.cache import current_generation, public_page
from coalition.core.models import CoalitionProfile
from coalition.lib import ratelimit

csrf_log = logging.getLogger("django.security.csrf")
FORM_TOKEN_SALT = "campaigns.action-form"
FORM_TOKEN_MAX_AGE = 24 * 3600
PLEDGERS_ON_PAGE = 30
# The words each kind of action uses: one, many, and the button that takes part.
WORDS = {
    Action.Kind.PETITION: ("signature", "signatures", "Sign the petition"),
    Action.Kind.LETTER: ("letter", "letters", "Send my letter"),
    Action.Kind.PLEDGE: ("pledge", "pledges", "Make the pledge"),
}
PLEDGERS_PAGE_SIZE = 100


# --- finding the action -------------------------------------------------------------------


def get_action(request, campaign_slug: str, action_slug: str) -> Action:
    """The action, with its campaign; drafts are for staff only (a preview)."""
    # No ORDER BY (slugs are unique per campaign): the busiest query stays simple.
    found = list(
        Action.objects.select_related("campaign")
        .filter(campaign__slug=campaign_slug, slug=action_slug)
        .order_by()[:1]
    )
    if not found:
        raise Http404("No action has this address.")
    action = found[0]
    is_draft = (
        action.status == Action.Status.DRAFT or action.campaign.status == Campaign.Status.DRAFT
    )
    if is_draft and not (request.user.is_authenticated and request.user.is_staff):
        raise Http404("No action has this address.")
    return action


POSTED_ACTION_SECONDS = 2
_posted_actions: dict[tuple[str, str], tuple[float, Action]] = {}


def posted_action(request, campaign_slug: str, action_slug: str) -> Action:
    """The action a form is sent to, kept in this process for two seconds while it is open.

    Under load nearly every request is a post to one petition, and this saves its query.
    Nothing depends on the kept copy being current: the INSERT itself stores nothing
    unless the action is still open (services.insert_participation), and saving an
    action or campaign forgets every kept copy in this process. Letters, whose path is
    longer, always look the action up.
    """
    key = (campaign_slug, action_slug)
    now = time.monotonic()
    kept = _posted_actions.get(key)
    action = kept[1] if kept is not None and kept[0] > now else None
    if action is None or not action.is_open():
        action = get_action(request, campaign_slug, action_slug)
        if action.is_open() and action.kind != Action.Kind.LETTER:
            if len(_posted_actions) >= 100:
                _posted_actions.clear()
            _posted_actions[key] = (now + POSTED_ACTION_SECONDS, action)
    return action


def _forget_posted_actions(**kwargs) -> None:
    _posted_actions.clear()


for _model in (Action, Campaign):
    post_save.connect(_forget_posted_actions, sender=_model, dispatch_uid=f"posted-{_model}")
    post_delete.connect(_forget_posted_actions, sender=_model, dispatch_uid=f"posted-d-{_model}")


def partner_for(action: Action, code: str | None) -> PartnerLink | None:
    code = (code or "").strip()
    if not code or len(code) > 40:
        return None
    return (
        PartnerLink.objects.select_related("organisation").filter(action=action, code=code).first()
    )


def from_this_site(request) -> bool:
    """A browser's post carries its page's origin: it must be one of ours (see above)."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    ours = {f"{request.scheme}://{request.get_host()}", settings.SITE_URL}
    return origin in ours or origin in settings.CSRF_TRUSTED_ORIGINS


def form_token(action: Action) -> str:
    return signing.dumps(action.pk, salt=FORM_TOKEN_SALT)


# Tokens already checked by this process: (action's pk, when it was made). Under load
# every post carries one of a few tokens, so the signature is checked once, not each time.
_checked_tokens: dict[str, tuple[int, int]] = {}


def check_form_token(request, action: Action) -> str:
    """ "ok", "expired" (made too long ago: send the form again) or "bad"."""
    token = request.POST.get("form_token", "")
    checked = _checked_tokens.get(token)
    if checked is None:
        try:
            value = signing.loads(token, salt=FORM_TOKEN_SALT)
        except signing.BadSignature:
            return "bad"
        if not isinstance(value, int):
            return "bad"
        # Signed, so its timestamp (the second field from the end) is genuine.
        made = signing.b62_decode(token.rsplit(":", 2)[-2])
        if len(_checked_tokens) >= 1000:
            _checked_tokens.clear()
        checked = _checked_tokens[token] = (value, made)
    value, made = checked
    if value != action.pk:
        return "bad"
    return "expired" if time.time() - made > FORM_TOKEN_MAX_AGE else "ok"


def refuse_forgery(request, action: Action, reason: str):
    csrf_log.warning(
        "Forbidden (%s): %s", reason, request.path, extra={"status_code": 403, "request": request}
    )
    return render(request, "campaigns/actions/wrong_origin.html", {"action": action}, status=403)


# --- the page cache for anonymous visitors ------------------------------------------------


def _page_cache_key(request, embed: bool) -> str | None:
    if settings.ACTION_PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
        return None
    if "messages" in request.COOKIES or request.user.is_authenticated:
        return None
    via = request.GET.get("via", "")
    if len(via) > 40 or set(request.GET) - {"via"}:
        return None
    kind = "embed" if embed else "page"
    return f"campaigns:action:{current_generation()}:{kind}:{request.path}:{via}"


def _cached_page(key):
    if key is None:
        return None
    content = cache.get(key)
    if content is None:
        return None
    response = HttpResponse(content)
    response["X-Page-Cache"] = "hit"
    return response


# --- the page and the form ----------------------------------------------------------------


def words(action: Action, count: int) -> dict:
    one, many, button = WORDS[action.kind]
    return {"count_word": one if count == 1 else many, "button_label": button}


def closed_reason(action: Action) -> str:
    if action.status == Action.Status.DRAFT or action.campaign.status == Campaign.Status.DRAFT:
        return "draft"
    if action.is_open():
        return ""
    if action.campaign.status == Campaign.Status.WON:
        return "won"
    return "closed"


def _letter_module():
    from coalition.campaigns import letters

    return letters


def _context(request, action, form, partner, embed, letter_form=None) -> dict:
    count = services.public_count(action)
    context = {
        "action": action,
        "campaign": action.campaign,
        "form": form,
        "letter_form": letter_form,
        "partner": partner,
        "embed": embed,
        "closed_reason": closed_reason(action),
        "progress": services.progress(action, count),
        "form_token": form_token(action),
        "form_url": request.path + (f"?via={partner.code}" if partner else ""),
        **words(action, count),
    }
    if action.kind == Action.Kind.PLEDGE:
        pledgers = services.listed_pledgers(action, limit=PLEDGERS_ON_PAGE + 1)
        context["pledgers"] = pledgers[:PLEDGERS_ON_PAGE]
        context["more_pledgers"] = len(pledgers) > PLEDGERS_ON_PAGE
    return context


def _template(embed: bool) -> str:
    return "campaigns/actions/embed.html" if embed else "campaigns/actions/action.html"


def _new_letter_form(action, data=None):
    if action.kind != Action.Kind.LETTER:
        return None
    return _letter_module().LetterForm(action, data=data, prefix="letter")


def take_part_view(request, campaign_slug: str, action_slug: str, embed: bool = False):
    key = _page_cache_key(request, embed)
    if cached := _cached_page(key):
        return cached
    if request.method == "POST":
        action = posted_action(request, campaign_slug, action_slug)
    else:
        action = get_action(request, campaign_slug, action_slug)
    coalition_name = CoalitionProfile.current().name
    if request.method == "GET":
        partner = partner_for(action, request.GET.get("via"))
        form = ActionForm(action, partner=partner, coalition_name=coalition_name)
        context = _context(request, action, form, partner, embed, _new_letter_form(action))
        response = render(request, _template(embed), context)
        shareable = not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        known_via = partner is not None or not request.GET.get("via")
        if key is not None and shareable and known_via:
            cache.set(key, response.content, settings.ACTION_PAGE_CACHE_SECONDS)
        return response

    if not from_this_site(request):
        return refuse_forgery(request, action, "Origin is another site")
    token = check_form_token(request, action)
    if token == "bad":
        return refuse_forgery(request, action, "the action form's token is missing or wrong")
    partner = partner_for(action, request.POST.get("via"))
    if not action.is_open():
        return closed_page(request, action, partner, embed, coalition_name)
    # Rate limits are counted below, on forms that would be stored: correcting mistakes
    # never uses up a visitor's allowance.
    form = ActionForm(action, request.POST, partner=partner, coalition_name=coalition_name)
    letter_form = _new_letter_form(action, data=request.POST)
    done = {"action": action, "campaign": action.campaign, "embed": embed, "partner": partner}
    if form.is_bot:
        # Answer as if it worked, so the script learns nothing; nothing is stored.
        return check_email_page(request, done, form.data.get("email", ""))
    valid = form.is_valid()
    if token == "expired":
        form.add_error(
            None, "The form was open for a long time. Check your details and send it again."
        )
        valid = False
    if letter_form is not None:
        valid = letter_form.is_valid() and valid
        if "postcode" in form.cleaned_data:
            district = form.cleaned_data["postcode"].split(" ")[0]
            message = _letter_module().no_recipient_error(
                action, district, form.cleaned_data["postcode"]
            )
            if message:
                form.add_error("postcode", message)
                valid = False
    if not valid:
        context = _context(request, action, form, partner, embed, letter_form)
        return render(request, _template(embed), context, status=HTTPStatus.BAD_REQUEST)
    exceeded = ratelimit.consume_all(request, rates())
    if exceeded:
        return ratelimit.too_many_requests(request, *exceeded)
    try:
        services.take_part(
            action,
            form.cleaned_data,
            partner=partner,
            consent_wording=form.consent_wording(),
            letter_data=letter_form.cleaned_data if letter_form is not None else None,
        )
    except services.ActionClosed:  # closed just now, after it was looked up
        action = get_action(request, campaign_slug, action_slug)
        return closed_page(request, action, partner, embed, coalition_name)
    # 200, not a redirect: the answer is the same whether or not the address took part
    # before, and nothing (no session, no cookie) is written to carry it to another page.
    return check_email_page(request, done, form.cleaned_data["email"])


def closed_page(request, action, partner, embed, coalition_name) -> HttpResponse:
    form = ActionForm(action, partner=partner, coalition_name=coalition_name)
    context = _context(request, action, form, partner, embed)
    return render(request, _template(embed), context, status=HTTPStatus.CONFLICT)


EMAIL_PLACEHOLDER = "\ue000email\ue000"


def check_email_page(request, context: dict, email: str) -> HttpResponse:
    """ "Check your email", the same for everyone but the address shown.

    Under load this is most of what the server sends, so for anonymous visitors the
    page is made once per action (and partner) and kept as briefly as the action page;
    only the address is put in for each person.
    """
    action, partner = context["action"], context["partner"]
    key = None
    now = time.monotonic()
    if (
        settings.ACTION_PAGE_CACHE_SECONDS > 0
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    ):
        # Kept in this process (no cache round trip), for as long as the action page is
        # cached; a change to the action or its campaign makes a new key at once.
        key = (
            action.pk,
            action.updated,
            action.campaign.updated,
            context["embed"],
            partner.pk if partner else 0,
        )
        kept = _check_email_pages.get(key)
        if kept is not None and kept[0] > now:
            return HttpResponse(kept[1].replace(EMAIL_PLACEHOLDER, escape(email)))
    page = render(
        request, "campaigns/actions/check_email.html", {**context, "email": EMAIL_PLACEHOLDER}
    ).content.decode()
    if key is not None:
        if len(_check_email_pages) >= 200:
            _check_email_pages.clear()
        _check_email_pages[key] = (now + settings.ACTION_PAGE_CACHE_SECONDS, page)
    return HttpResponse(page.replace(EMAIL_PLACEHOLDER, escape(email)))


_check_email_pages: dict[tuple, tuple[float, str]] = {}


def rates() -> list[tuple[str, str]]:
    return [
        ("campaign-action-burst", settings.ACTION_RATE_LIMIT_BURST),
        ("campaign-action-sustained", settings.ACTION_RATE_LIMIT_SUSTAINED),
    ]


@csrf_exempt  # see the module's docstring: Origin check, honeypot, rate limits, email
@require_http_methods(["GET", "POST"])
def action_page(request, campaign_slug, action_slug):
    return take_part_view(request, campaign_slug, action_slug)


@csrf_exempt  # as action_page: a third-party iframe gets no CSRF cookie
@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.ACTION_EMBED_FRAME_ANCESTORS})
@require_http_methods(["GET", "POST"])
def action_embed(request, campaign_slug, action_slug):
    """The widget partners put on their own sites, in an iframe."""
    return take_part_view(request, campaign_slug, action_slug, embed=True)


# --- confirming, and sending the email again ----------------------------------------------


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the email. GET shows a button, so mail scanners that follow links
    confirm nothing; POST confirms, once. Later visits say it is already confirmed."""
    participation = get_object_or_404(
        Participation.objects.select_related("action__campaign"), token=token
    )
    action = participation.action
    status = HTTPStatus.OK
    if request.method == "POST":
        result = services.confirm(participation)
        if result == services.ConfirmResult.CLOSED:
            status = HTTPStatus.CONFLICT
    elif participation.status == Participation.Status.CONFIRMED:
        result = services.ConfirmResult.ALREADY
    elif participation.status == Participation.Status.INVALIDATED:
        result = services.ConfirmResult.INVALIDATED
    elif not action.is_open():
        result = services.ConfirmResult.CLOSED
    else:
        result = "ask"
    context = {
        "participation": participation,
        "action": action,
        "campaign": action.campaign,
        "result": result,
        "progress": services.progress(action),
    }
    context.update(words(action, context["progress"]["count"]))
    if result in {services.ConfirmResult.CONFIRMED, services.ConfirmResult.ALREADY}:
        context["letters"] = list(
            participation.letters.select_related("decision_maker").order_by("pk")
        )
    return render(request, "campaigns/actions/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
def resend(request, campaign_slug, action_slug):
    """Send the confirmation email again. Says the same whatever the address."""
    action = get_action(request, campaign_slug, action_slug)
    rate = settings.ACTION_RESEND_RATE_LIMIT
    sent = False
    status = HTTPStatus.OK
    if request.method == "POST":
        if ratelimit.is_limited(request, "campaign-resend", rate):
            return ratelimit.too_many_requests(request, "campaign-resend", rate)
        form = ResendForm(request.POST)
        if form.is_valid():
            if not ratelimit.consume(request, "campaign-resend", rate):
                return ratelimit.too_many_requests(request, "campaign-resend", rate)
            services.resend_for_email(action, form.cleaned_data["email"])
            sent = True
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = ResendForm()
    return render(
        request,
        "campaigns/actions/resend.html",
        {"action": action, "campaign": action.campaign, "form": form, "sent": sent},
        status=status,
    )


@public_page
def pledgers(request, campaign_slug, action_slug):
    """Every organisation that pledged and agreed to be listed."""
    action = get_action(request, campaign_slug, action_slug)
    if action.kind != Action.Kind.PLEDGE:
        raise Http404("Only pledges list who took part.")
    page = Paginator(services.listed_pledgers(action), PLEDGERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaigns/actions/pledgers.html",
        {"action": action, "campaign": action.campaign, "page": page},
    )
