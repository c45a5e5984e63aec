"""Error pages explain what happened in plain words and give away nothing technical."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error

pytestmark = pytest.mark.django_db


def test_not_found_is_a_friendly_page_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b'class="site-header"' in response.content
    assert b"Traceback" not in response.content


def test_forbidden_is_a_friendly_page_in_the_site_layout(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 403
    assert b"<h1>You cannot open this page</h1>" in response.content
    assert outsider.email.encode() in response.content
    assert b'class="site-header"' in response.content


def test_forbidden_offers_anonymous_visitors_a_way_to_sign_in():
    request = RequestFactory().get("/staff/applications/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert b'href="/accounts/login/?next=/staff/applications/"' in response.content


def test_server_error_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert b"<h1>Something went wrong</h1>" in response.content
    assert b"{%" not in response.content and b"{{" not in response.content
