"""Whole-page caching for anonymous visitors, invalidated by a content generation.

Every public page cached here is keyed on the request path, its query string and
a generation number. Saving or deleting any model registered with
`invalidate_on_change` bumps the generation, so every cached page goes stale at
once: nobody ever sees an out-of-date page, and there is no key bookkeeping.
The generation lives in the shared cache, so all web processes agree.

Views opt in with `@public_page`. `PageCacheMiddleware` (in MIDDLEWARE straight
after WhiteNoise) stores what they make, and answers visitors without a session
from the cache before any other middleware runs: a cached page costs about as
much as a static file (see bench/README.md).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "pages:generation"
PAGE_TTL = 600


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, not from 1: if the key is ever lost (a full file cache
        # culls entries at random), a restarted count must not reach the generations of
        # pages cached before, or those old pages would be served again.
        generation = time.time_ns() // 1000
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation(**kwargs) -> None:
    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet, or lost: a new one is newer than any page
            current_generation()
        else:
            # Some backends (the file cache) store the incremented value with the default
            # timeout; the generation must never expire.
            cache.touch(GENERATION_KEY, None)

    transaction.on_commit(bump)


def invalidate_on_change(*models) -> None:
    for model in models:
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(bump_generation, sender=model, dispatch_uid=f"pages-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_generation,
                sender=field.remote_field.through,
                dispatch_uid=f"pages-m2m-{model}-{field.name}",
            )


def page_key(request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    # "v2": entries hold the whole response's headers (earlier ones only its content type).
    return f"pages:v2:{current_generation()}:{digest}"


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _cached_response(cached) -> HttpResponse:
    status, content, headers = cached
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def public_page(view):
    """Serve anonymous GETs from the cache; everyone else gets a fresh page.

    The view marks a fresh page as cacheable here; PageCacheMiddleware stores it on
    its way out, once the other middleware have added their headers.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            return _cached_response(cached)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        response.page_cache_key = key
        return response

    return wrapper


class PageCacheMiddleware:
    """Stores public pages, and serves them to visitors without a session before the rest.

    Goes straight after WhiteNoise. A visitor with no session cookie is anonymous, so
    their GET can be answered from the cache without loading the session, the user or
    anything else: this is most requests to a public site, and the reason it is fast.
    The cached page keeps the headers the other middleware gave it when it was made
    (content security policy, Vary and so on), so a cached page is the same page.
    Visitors with a session reach the view, where `public_page` decides.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        ):
            request.get_host()  # a host not in ALLOWED_HOSTS gets 400 here, as further on
            cached = cache.get(page_key(request))
            if cached is not None:
                return _cached_response(cached)
        response = self.get_response(request)
        key = getattr(response, "page_cache_key", None)
        # A page that set a cookie or used a CSRF token is personal to this visitor:
        # never share it.
        if (
            key
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            headers = [(name, value) for name, value in response.items()]
            cache.set(key, (200, response.content, headers), PAGE_TTL)
            response["X-Page-Cache"] = "miss"
        return response
