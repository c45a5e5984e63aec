"""Read replicas: read-only pages read from a replica, everything else from the primary.

The replica here is a second alias on the test database itself (TEST MIRROR, as Django
tests replicas): a second connection, so which alias each query went through is seen.
"""

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from coalition.core import routers
from coalition.core.models import Region
from coalition.members.models import Organisation
from coalition.members.tests.factories import MembershipFactory

REPLICA = "replica1"
ROUTER = ["coalition.core.routers.PrimaryReplicaRouter"]


@pytest.fixture(scope="module")
def replica_alias():
    """The alias replica1: the test database again, through a connection of its own.

    Module-scoped, so it exists before pytest-django sets up each test's databases."""
    mirror = copy.deepcopy(connections["default"].settings_dict)
    mirror["TEST"] = {**mirror.get("TEST", {}), "MIRROR": "default"}
    connections.settings[REPLICA] = mirror
    yield REPLICA
    if REPLICA in connections:
        connections[REPLICA].close()
        del connections[REPLICA]
    connections.settings.pop(REPLICA)


@pytest.fixture
def replica(replica_alias, settings):
    """The router and its middleware switched on, as DATABASE_REPLICA_URLS does."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(1, "coalition.core.routers.ReplicaMiddleware")
    with override_settings(DATABASE_ROUTERS=ROUTER, MIDDLEWARE=middleware):
        yield replica_alias


def decide(request_factory_call, **cookies):
    """Run a request through the middleware alone; return (alias for reads, response)."""
    seen = {}

    def view(request):
        seen["alias"] = routers.PrimaryReplicaRouter().db_for_read(Region)
        return HttpResponse("ok")

    request = request_factory_call
    request.COOKIES.update(cookies)
    response = routers.ReplicaMiddleware(view)(request)
    return seen["alias"], response


def test_anonymous_gets_of_public_pages_read_from_a_replica(replica):
    alias, response = decide(RequestFactory().get("/members/"))
    assert alias == REPLICA
    assert routers.PIN_COOKIE not in response.cookies
    assert routers.PrimaryReplicaRouter().db_for_read(Region) == "default"  # after the request


@pytest.mark.parametrize(
    "request_, cookies",
    [
        (RequestFactory().get("/staff/jobs/"), {}),
        (RequestFactory().get("/admin/"), {}),
        (RequestFactory().get("/accounts/login/"), {}),
        (RequestFactory().get("/members/"), {"sessionid": "abc"}),  # signed in
        (RequestFactory().get("/members/"), {routers.PIN_COOKIE: "1"}),  # just posted
        (RequestFactory().post("/join/"), {}),
    ],
    ids=["staff", "admin", "accounts", "session", "pinned", "post"],
)
def test_everything_else_reads_from_the_primary(replica, request_, cookies):
    assert decide(request_, **cookies)[0] == "default"


def test_a_form_post_keeps_the_visitor_on_the_primary_for_a_while(replica, settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    _, response = decide(RequestFactory().post("/campaigns/x/petition/"))
    cookie = response.cookies[routers.PIN_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]


def test_writes_and_migrations_go_to_the_primary():
    router = routers.PrimaryReplicaRouter()
    token = routers._replica.set(REPLICA)
    try:
        assert router.db_for_write(Region) == "default"
        assert router.db_for_read(Region) == REPLICA
    finally:
        routers._replica.reset(token)
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate(REPLICA, "core") is False
    assert router.allow_relation(Region(), Organisation()) is True


@pytest.mark.django_db
def test_reads_inside_a_transaction_use_the_primary(replica):
    token = routers._replica.set(REPLICA)
    try:
        with transaction.atomic():
            assert routers.PrimaryReplicaRouter().db_for_read(Region) == "default"
    finally:
        routers._replica.reset(token)


def test_primary_only_views_read_the_primary(replica):
    @routers.primary_only
    def view(request):
        return HttpResponse(routers.PrimaryReplicaRouter().db_for_read(Region))

    response = routers.ReplicaMiddleware(view)(RequestFactory().get("/events/"))
    assert response.content == b"default"


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_public_page_is_served_from_the_replica_and_a_post_writes_to_the_primary(replica, client):
    """End to end, through the whole middleware stack and real pages."""
    MembershipFactory(organisation__name="Community Matters")  # committed: both connections
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get("/members/")
    assert response.status_code == 200
    assert "Community Matters" in response.content.decode()
    assert any("members_organisation" in q["sql"] for q in on_replica.captured_queries)
    assert not on_primary.captured_queries

    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.post("/join/", {})  # a form with errors: read, nothing written
    assert response.status_code in {200, 400}
    assert not on_replica.captured_queries
    assert routers.PIN_COOKIE in response.cookies


def settings_with(**env) -> subprocess.CompletedProcess:
    """The real settings module in a fresh interpreter with these variables."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, s.MIDDLEWARE[1], "
        "s.DATABASES.get('replica2', {}).get('NAME'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[3],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coalition.settings",
            "DEBUG": "true",
            "DATABASE_REPLICA_URLS": "",
            **env,
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_database_replica_urls_add_the_aliases_the_router_and_its_middleware():
    result = settings_with(
        DATABASE_URL="postgres://app@primary.internal:5432/coalition",
        DATABASE_REPLICA_URLS="postgres://app@replica-a.internal:5432/coalition,"
        "postgres://app@replica-b.internal:5432/coalition_b",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("] ", 1)[0] == "['default', 'replica1', 'replica2'"
    assert "coalition.core.routers.PrimaryReplicaRouter" in result.stdout
    assert "coalition.core.routers.ReplicaMiddleware coalition_b" in result.stdout


def test_replicas_need_postgresql():
    result = settings_with(DATABASE_URL="", DATABASE_REPLICA_URLS="postgres://r.internal/c")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS needs DATABASE_URL=postgres://" in result.stderr
