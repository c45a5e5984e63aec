"""A short way in for action forms sent by visitors without a session.

When a campaign takes off, nearly every request is a supporter's first and only
post of a petition, pledge or letter form: no account, no session, no cookie. For
those posts the session, authentication, messages, allauth and audit-log middleware
have nothing to do, yet together they cost about a tenth of the server's time per
signature. This middleware sits after the security, page-cache, clickjacking and CSP
middleware (whose headers every answer still gets) and before the session
middleware, and hands such posts straight to the action view as an anonymous
visitor. Anything else, including every post from a browser that has a session or
a pending message, takes the usual way.

The action views need none of what is skipped: they are csrf_exempt by design (see
views/actions.py: Origin check, form token, honeypot, rate limits, confirmation by
email), read `request.user` only to tell staff from visitors, and write no session.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve

FAST_VIEWS = {"campaigns:action", "campaigns:action_embed"}
PREFIX = "/campaigns/"


class ActionFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cookies = {settings.SESSION_COOKIE_NAME, "messages"}

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info.startswith(PREFIX)
            and self.cookies.isdisjoint(request.COOKIES)
        ):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.view_name in FAST_VIEWS:
                request.resolver_match = match
                request.user = AnonymousUser()
                return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)
