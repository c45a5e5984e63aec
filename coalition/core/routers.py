"""PostgreSQL read replicas: reads of read-only pages go to a replica, the rest to the primary.

Enabled by DATABASE_REPLICA_URLS (settings, "Operations"), which adds the aliases
replica1, replica2, ... beside "default" (the primary), this router and ReplicaMiddleware.

Which requests read from a replica: GET and HEAD by visitors without a session (the
public pages a campaign or a newsletter sends crowds to: campaigns, actions, events,
news, the directory, search), outside /staff/, /admin/ and /accounts/, picked at random
per request. Everything else reads from the primary: signed-in people (their own changes
must show at once), form posts, and any read inside a transaction. Every write goes to
the primary. After a visitor posts a form, a short-lived cookie keeps their reads on the
primary for DATABASE_REPLICA_PIN_SECONDS, so the page they are sent to shows what they
just did despite replication lag. Work outside requests (tasks, the scheduler, commands)
always uses the primary.

A view that must read the primary even for an anonymous GET (a page showing something
written seconds before) is wrapped in `primary_only`.
"""

import random
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import connections

PRIMARY = "default"
PIN_COOKIE = "coalition_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_ONLY_PATHS = ("/staff/", "/admin/", "/accounts/", "/account/")

_replica: ContextVar[str | None] = ContextVar("coalition_read_replica", default=None)


def replica_aliases() -> list[str]:
    return sorted(alias for alias in connections if alias.startswith("replica"))


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _replica.get()
        if alias is None or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def may_read_replica(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and not request.path.startswith(PRIMARY_ONLY_PATHS)
    )


class ReplicaMiddleware:
    """Decides per request whether reads may use a replica (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replica_aliases()
        chosen = random.choice(aliases) if aliases and may_read_replica(request) else None  # nosec B311
        request.read_database = chosen or PRIMARY
        token = _replica.set(chosen)
        try:
            response = self.get_response(request)
        finally:
            _replica.reset(token)
        if request.method not in SAFE_METHODS and settings.DATABASE_REPLICA_PIN_SECONDS > 0:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def primary_only(view):
    """Read everything from the primary in this view, whoever asks."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _replica.set(None)
        try:
            return view(request, *args, **kwargs)
        finally:
            _replica.reset(token)

    return wrapper
