"""Who may open each page, found from the URL configuration itself.

Every named URL in the project's own apps is either in PUBLIC or in PROTECTED:
here for core and members, and in `coalition/<app>/tests/access.py` for every
other app (see coalition/core/tests/access.py). A new view that is in neither
fails `test_every_project_url_is_classified`, and, whatever its class, a
non-public view that lets anonymous visitors in fails
`test_anonymous_visitors_are_sent_to_sign_in`.
"""

import importlib
import logging
from urllib.parse import urlencode

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF
from coalition.members.models import Application, Invitation
from coalition.members.tests.factories import ApplicationFactory, PersonFactory

PROJECT_NAMESPACES = {"core", "members"}

PUBLIC = {
    "core:home",
    "core:about",
    "core:health",
    "members:directory",
    "members:organisation",
    "members:join",
    "members:join_thanks",
    "members:invitation",
}

PROTECTED = {
    "core:account_home": SIGNED_IN,
    "core:staff_dashboard": STAFF,
    "core:staff_jobs": STAFF,
    "members:my_organisation": SIGNED_IN,
    "members:organisation_edit": EDITOR,
    "members:application_queue": STAFF,
    "members:application_review": STAFF,
    "members:application_approve": STAFF,
    "members:application_reject": STAFF,
}
# Views that change something and so must refuse GET.
POST_ONLY = {"members:application_approve", "members:application_reject"}
PUBLIC_STATUS = {"members:join_thanks": 302}  # with no application in the session
STAFF_STATUS = {"core:account_home": 302}  # staff are sent on to their dashboard
# Endpoints that never read the session cookie (the API's bearer tokens): nothing to forge.
CSRF_EXEMPT: set[str] = set()


def app_access_specs():
    """The access.py module of every other Coalition app that has URLs."""
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or config.label in {"core", "members"}:
            continue
        name = f"{config.name}.tests.access"
        try:
            yield config.label, importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


APP_SPECS = dict(app_access_specs())
for _label, _spec in APP_SPECS.items():
    PROJECT_NAMESPACES.add(_label)
    PUBLIC |= _spec.PUBLIC
    PROTECTED |= _spec.PROTECTED
    POST_ONLY |= getattr(_spec, "POST_ONLY", set())
    PUBLIC_STATUS |= getattr(_spec, "PUBLIC_STATUS", {})
    STAFF_STATUS |= getattr(_spec, "STAFF_STATUS", {})
    CSRF_EXEMPT |= getattr(_spec, "CSRF_EXEMPT", set())

LOGIN_URL = "/accounts/login/"


def walk(patterns, namespace=None, converters=()):
    for pattern in patterns:
        names = tuple(converters) + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace, names)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern, names


def find_routes(namespaces) -> dict[str, tuple[str, ...]]:
    """{"namespace:name": URL keyword arguments} for every URL in these namespaces."""
    routes = {}
    for namespace, pattern, kwargs in walk(get_resolver().url_patterns):
        if namespace in namespaces:
            routes[f"{namespace}:{pattern.name}"] = kwargs
    return routes


ROUTES = find_routes(PROJECT_NAMESPACES)
NOT_PUBLIC = sorted(set(ROUTES) - PUBLIC)
ADMIN_ROUTES = sorted(
    name
    for name, kwargs in find_routes({"admin"}).items()
    if not kwargs and name not in {"admin:None", "admin:login", "admin:logout"}
)


@pytest.fixture
def url_for(organisation):
    """Build a URL for a route, filling its arguments with real objects."""
    application = ApplicationFactory()
    invitation = Invitation.objects.create(person=PersonFactory(), organisation=organisation)
    values = {"slug": organisation.slug, "pk": application.pk, "token": invitation.token}
    per_route = {}
    for spec in APP_SPECS.values():
        if hasattr(spec, "url_kwargs"):
            per_route |= spec.url_kwargs(organisation)

    def build(name, **overrides):
        kwargs = {}
        own = per_route.get(name, {}) if name.split(":")[0] in APP_SPECS else values
        for argument in ROUTES[name]:
            if argument not in own and argument not in overrides:
                pytest.fail(f"Add a real value for <{argument}> (used by {name}) to url_kwargs.")
            kwargs[argument] = overrides.get(argument, own.get(argument))
        return reverse(name, kwargs=kwargs)

    build.application = application
    return build


def login_redirect(url: str) -> str:
    return f"{LOGIN_URL}?{urlencode({'next': url}, safe='/')}"


def signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def changes() -> tuple[int, list]:
    """A fingerprint of what a request could have changed."""
    return LogEntry.objects.count(), list(Application.objects.values_list("pk", "status"))


def test_every_project_url_is_classified():
    assert {"core:home", "members:join", "members:application_approve"} <= set(ROUTES)
    unnamed = [name for name in ROUTES if name.endswith(":None")]
    assert not unnamed, "Every URL needs a name so it can be checked"
    unclassified = set(ROUTES) - PUBLIC - set(PROTECTED)
    assert not unclassified, f"Add these to PUBLIC or PROTECTED in {__name__}: {unclassified}"
    assert not (PUBLIC & set(PROTECTED))
    stale = (PUBLIC | set(PROTECTED) | POST_ONLY) - set(ROUTES)
    assert not stale, f"No longer URLs, remove from the lists: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_pages_are_open_to_anonymous_visitors(client, url_for, name):
    response = client.get(url_for(name))
    assert response.status_code == PUBLIC_STATUS.get(name, 200)
    if name == "members:join_thanks":
        assert response["Location"] == reverse("members:join")


@pytest.mark.django_db
@pytest.mark.parametrize("name", NOT_PUBLIC)
def test_anonymous_visitors_are_sent_to_sign_in(client, url_for, name):
    url = url_for(name)
    before = changes()
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, f"{method.__name__.upper()} {url}"
        assert response["Location"] == login_redirect(url)
    assert changes() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_signed_in_people_without_a_role_are_refused(outsider, url_for, name):
    client = signed_in(outsider)
    before = changes()
    response = client.get(url_for(name))
    expected = {STAFF: 403, EDITOR: 404, SIGNED_IN: 200}[PROTECTED[name]]
    assert response.status_code == expected
    if PROTECTED[name] != SIGNED_IN:
        assert client.post(url_for(name)).status_code == expected
    assert changes() == before


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["representative", "executive_member"])
@pytest.mark.parametrize("name", sorted(n for n, who in PROTECTED.items() if who == STAFF))
def test_members_cannot_use_staff_pages(request, url_for, persona, name):
    client = signed_in(request.getfixturevalue(persona))
    before = changes()
    assert client.get(url_for(name)).status_code == 403
    assert client.post(url_for(name), {"reason": "Not eligible."}).status_code == 403
    assert changes() == before


@pytest.mark.django_db
def test_representatives_edit_only_their_own_organisation(
    representative, organisation, other_organisation
):
    client = signed_in(representative)
    own = reverse("members:organisation_edit", args=[organisation.slug])
    other = reverse("members:organisation_edit", args=[other_organisation.slug])
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    before = changes()
    response = client.post(other, {"name": "Taken over", "description": "Mine now."})
    assert response.status_code == 404
    other_organisation.refresh_from_db()
    assert other_organisation.name != "Taken over"
    assert changes() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_staff_can_open_every_page(staff, url_for, name):
    response = signed_in(staff).get(url_for(name))
    if name in POST_ONLY:
        assert response.status_code == 405
    else:
        assert response.status_code == STAFF_STATUS.get(name, 200)
    if name == "core:account_home":
        assert response["Location"] == reverse("core:staff_dashboard")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_state_changing_views_refuse_get(staff, url_for, name):
    client = signed_in(staff)
    before = changes()
    for method in (client.get, client.head, client.put, client.delete):
        assert method(url_for(name)).status_code == 405, method.__name__
    assert changes() == before
    assert url_for.application.status == Application.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, who in PROTECTED.items() if who == STAFF))
def test_staff_must_set_up_two_factor_first(staff_without_2fa, url_for, name):
    response = signed_in(staff_without_2fa).post(url_for(name), {"reason": "No."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    url_for.application.refresh_from_db()
    assert url_for.application.status == Application.Status.PENDING


def persona_for(name, request):
    """The person who may use this page, so only the CSRF check can refuse them."""
    who = PROTECTED.get(name)
    if who is None:
        return None
    return request.getfixturevalue("staff" if who == STAFF else "representative")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(ROUTES) - CSRF_EXEMPT))
def test_no_post_is_accepted_without_a_csrf_token(request, url_for, caplog, name):
    user = persona_for(name, request)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    before = changes()
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = client.post(url_for(name), {"reason": "Not eligible."})
    assert response.status_code == 403
    assert any(record.name == "django.security.csrf" for record in caplog.records)
    assert changes() == before


@pytest.mark.django_db
def test_the_same_post_with_a_csrf_token_is_accepted(staff, url_for):
    """The control for the test above: the token is the only thing that was missing."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    client.get(url_for("members:application_review"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        url_for("members:application_reject"),
        {"reason": "Not eligible.", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    url_for.application.refresh_from_db()
    assert url_for.application.status == Application.Status.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_opening_a_page_changes_nothing(request, url_for, name):
    user = persona_for(name, request)
    client = signed_in(user) if user else Client()
    before = changes()
    assert client.get(url_for(name)).status_code < 500
    assert changes() == before


@pytest.mark.django_db
def test_signing_out_needs_a_post_with_a_csrf_token(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    url = reverse("account_logout")
    response = client.get(url)
    # allauth answers GET with a confirmation form rather than 405; it does not sign out.
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert SESSION_KEY in client.session
    assert client.post(url).status_code == 403
    assert SESSION_KEY in client.session
    token = client.cookies["csrftoken"].value
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_ROUTES)
def test_the_admin_sends_anonymous_visitors_to_sign_in_and_refuses_non_staff(
    client, representative, name
):
    assert "admin:index" in ADMIN_ROUTES
    response = client.get(reverse(name), follow=True)
    final_url, _ = response.redirect_chain[-1]
    assert final_url.startswith(LOGIN_URL + "?next=")
    assert response.request["PATH_INFO"] == LOGIN_URL
    assert response.status_code == 200
    client.force_login(representative)
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 403
    assert b"Coalition back office" not in response.content


@pytest.mark.django_db
def test_the_admin_has_no_password_form_that_skips_two_factor(outsider, staff):
    """A signed-in member must not switch to a staff account with only its password."""
    client = signed_in(outsider)
    response = client.get(reverse("admin:login"))
    assert response.status_code == 403
    assert b'name="password"' not in response.content
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": "correct-horse-battery", "next": "/admin/"},
    )
    assert response.status_code == 403
    assert client.session[SESSION_KEY] == str(outsider.pk)
    assert client.get("/admin/", follow=True).status_code == 403


@pytest.mark.django_db
def test_staff_reach_the_admin_and_go_where_they_asked(staff, staff_without_2fa):
    client = signed_in(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"Coalition back office" in response.content
    response = client.get(reverse("admin:login") + "?next=/admin/members/")
    assert response["Location"] == "/admin/members/"
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")
    assert response["Location"] == reverse("admin:index")
    response = signed_in(staff_without_2fa).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
