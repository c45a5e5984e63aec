"""Whole-page caching for anonymous visitors, invalidated by a content generation.

Every public page cached here is keyed on the request path, its query string and
a generation number. Saving or deleting any model registered with
`invalidate_on_change` bumps the generation, so every cached page goes stale at
once: nobody ever sees an out-of-date page, and there is no key bookkeeping.
The generation lives in the shared cache, so all web processes agree.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

GENERATION_KEY = "pages:generation"
PAGE_TTL = 600


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


def bump_generation(**kwargs) -> None:
    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)

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


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def public_page(view):
    """Serve anonymous GETs from the cache; everyone else gets a fresh page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"pages:{current_generation()}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            status, content, content_type = cached
            response = HttpResponse(content, status=status, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # A page that used a CSRF token is personal to this visitor: never share it.
        if (
            response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            cache.set(key, (200, response.content, response["Content-Type"]), PAGE_TTL)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
