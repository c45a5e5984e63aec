"""The API reference, the OpenAPI document and the open data downloads."""

import csv
import io

import pytest

from coalition.events.tests.factories import EventFactory
from coalition.members.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_endpoint(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/organisations", "/api/events", "/api/news", "/api/campaigns", "/api/me"} <= set(
        document["paths"]
    )
    assert "post" in document["paths"]["/api/news"]
    assert document["paths"]["/api/news"]["post"]["security"]


def test_the_reference_page_lists_endpoints_and_schemas(client):
    page = client.get("/api/").content.decode()
    assert "GET" in page and "/api/organisations" in page
    assert 'id="schema-NewsIn"' in page
    assert "Idempotency-Key" in page


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_open_data_downloads_are_csv_safe_for_spreadsheets(client):
    MembershipFactory(organisation__name="=HYPERLINK(1)", organisation__description="Ours")
    EventFactory(title="Workshop on commissioning")
    rows = read_csv(client.get("/open-data/organisations.csv"))
    assert rows[0][0] == "name"
    assert ["'=HYPERLINK(1)"] == [row[0] for row in rows[1:]]
    events = read_csv(client.get("/open-data/events.csv"))
    assert events[1][0] == "Workshop on commissioning"
    assert client.get("/open-data/nothing.csv").status_code == 404
    assert "Download member organisations" in client.get("/open-data/").content.decode()
