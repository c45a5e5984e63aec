"""Shared fixtures: the personas every view is tested with."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from coalition.members.tests.factories import (
    AffiliationFactory,
    ExecutiveSeatFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (tests only)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): client.post(...)` runs on-commit work (queued email) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def organisation(db):
    return MembershipFactory().organisation


@pytest.fixture
def other_organisation(db):
    return MembershipFactory().organisation


@pytest.fixture
def outsider(db):
    """Signed-up, verified, but represents nobody."""
    return UserFactory()


@pytest.fixture
def representative(db, organisation):
    user = UserFactory()
    person = PersonFactory(email=user.email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    return user


@pytest.fixture
def executive_member(db, organisation):
    user = UserFactory()
    person = PersonFactory(email=user.email, user=user)
    AffiliationFactory(person=person, organisation=organisation, is_representative=True)
    ExecutiveSeatFactory(person=person, organisation=organisation)
    return user


@pytest.fixture
def staff_without_2fa(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def staff(db):
    user = UserFactory(is_staff=True)
    TOTP.activate(user, STAFF_TOTP_SECRET)
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(user, STAFF_TOTP_SECRET)
    return user
