"""Schemathesis against the OpenAPI document: no 5xx, and every answer matches the schema.

Hypothesis generates requests for every operation (valid and invalid parameters and
bodies) and the app answers in process; writing operations get a real token. Run in
`make test`, and so in CI.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from coalition.api.models import ApiToken
from coalition.campaigns.tests.factories import ActionFactory, CampaignFactory
from coalition.events.tests.factories import EventFactory
from coalition.news.tests.factories import NewsItemFactory
from coalition.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
# Everything but "positive data acceptance": a cursor is any string by its schema, yet only
# one we gave out is accepted (400 invalid_cursor otherwise), as a slug names one item.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.unsupported_method,
    checks.ignored_auth,
]


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Call the WSGI app as Django's test client does, without closing "old" connections.

    Otherwise the first request closes the connection holding the test's transaction (its
    autocommit is off), and on PostgreSQL every later query fails with "the connection is
    closed". SQLite's in-memory test database is never closed, which hid this.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_header(db, organisation, representative, settings):
    settings.API_RATE_LIMIT = settings.API_TOKEN_RATE_LIMIT = settings.API_WRITE_RATE_LIMIT = ""
    NewsItemFactory(slug="grant-from-the-network-for-social-change")
    EventFactory(slug="national-conference")
    ActionFactory(campaign=CampaignFactory(status="active", slug="fair-funding"), status="open")
    key = ApiToken.issue(organisation, "Schemathesis", representative)[1]
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_the_api_keeps_to_its_schema(case, token_header):
    case.call_and_validate(headers=token_header, checks=CHECKS)
