"""A NUL character in the address is refused with a 400 before any view reads it.

PostgreSQL refuses NUL in text: unguarded, ?theme=a%00 on /discussions/ or /policy/
was a 500 there (found by trying every public filter on PostgreSQL).
"""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/discussions/?theme=a%00",
        "/policy/?theme=funding%00",
        "/research/?q=grants%00&year=2009",
        "/members/?q=%00",
        "/news/x%00y/",
    ],
)
def test_nul_in_the_address_is_a_bad_request(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


def test_an_ordinary_address_is_untouched(client):
    assert client.get("/discussions/?theme=funding").status_code == 200


def test_the_api_answers_nul_itself_in_json(client):
    response = client.get("/api/organisations?q=a%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
