"""No NUL character reaches a view through the address.

PostgreSQL refuses NUL in text: unguarded, ?theme=a%00 on /discussions/ or /policy/
was a 500 there (found by trying every public filter on PostgreSQL). NULs are dropped
from the query string; a NUL in the path is a 400.
"""

import pytest

from coalition.discussions.tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/discussions/?theme=a%00",
        "/policy/?theme=funding%00",
        "/research/?q=grants%00&year=2009",
        "/members/?q=%00",
    ],
)
def test_nul_in_the_query_is_dropped_not_a_server_error(client, address):
    assert client.get(address).status_code == 200


def test_the_view_reads_the_query_without_its_nul(client):
    thread = ThreadFactory(title="Grants becoming contracts")
    ThreadFactory(title="Something else entirely")
    page = client.get(f"/discussions/?theme={thread.theme.slug}%00").content.decode()
    assert "Grants becoming contracts" in page and "Something else entirely" not in page


def test_nul_in_the_path_is_a_bad_request(client):
    response = client.get("/news/x%00y/")
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


def test_the_api_answers_nul_itself_in_json(client):
    response = client.get("/api/organisations?q=a%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
