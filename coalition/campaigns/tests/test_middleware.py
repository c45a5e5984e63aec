"""Action forms from visitors without a session take the short way (campaigns/middleware.py)."""

import pytest
from django.test import Client

from coalition.campaigns.models import Participation
from coalition.campaigns.tests.factories import ActionFactory
from coalition.campaigns.views.actions import form_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return ActionFactory()


def sign(client, action, path=None, email="lin.ahmed@example.net"):
    data = {"name": "Lin Ahmed", "email": email, "postcode": "NG1 5FS"}
    data["form_token"] = form_token(action)
    return client.post(path or action.get_absolute_url(), data)


def took_the_short_way(response) -> bool:
    # The session middleware, which the short way skips, gives every request a session.
    return not hasattr(response.wsgi_request, "session")


def test_a_first_signature_skips_the_session_middleware_and_is_stored(client, petition):
    response = sign(client, petition)
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert took_the_short_way(response)
    assert Participation.objects.filter(email="lin.ahmed@example.net").count() == 1
    assert not response.cookies  # nothing written for the visitor


def test_the_short_way_keeps_the_security_headers(client, petition):
    page = sign(client, petition)
    assert "default-src" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    embed = sign(client, petition, petition.get_absolute_url() + "embed/", "b@example.net")
    assert took_the_short_way(embed)
    assert "X-Frame-Options" not in embed  # the widget may be framed by partners' sites
    assert "frame-ancestors" in embed["Content-Security-Policy"]


def test_bad_input_and_unknown_actions_answer_as_usual(client, petition):
    response = client.post(petition.get_absolute_url(), {"name": "", "email": "not an email"})
    assert response.status_code == 403  # no form token: refused like a CSRF failure
    assert took_the_short_way(response)
    missing = client.post("/campaigns/no-such-campaign/no-such-action/", {})
    assert missing.status_code == 404
    assert Participation.objects.count() == 0


def test_a_visitor_with_a_session_takes_the_usual_way(client, petition, representative):
    client.force_login(representative)
    response = sign(client, petition)
    assert response.status_code == 200
    assert not took_the_short_way(response)
    assert Participation.objects.count() == 1


def test_a_pending_message_takes_the_usual_way(petition):
    client = Client()
    client.cookies["messages"] = "x"
    assert not took_the_short_way(sign(client, petition))


def test_other_posts_under_campaigns_take_the_usual_way(petition):
    client = Client(enforce_csrf_checks=True)
    response = client.post(petition.get_absolute_url() + "resend/", {"email": "a@example.net"})
    assert response.status_code == 403  # the CSRF middleware ran
    assert not took_the_short_way(response)
