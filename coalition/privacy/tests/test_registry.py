"""The registry: every app's module is found, and its declarations fit the models."""

import pytest
from django.contrib.auth import get_user_model

from coalition.privacy.registry import EMAIL, covered_models, modules
from coalition.privacy.services import collect, erase_person, ordered_modules

pytestmark = pytest.mark.django_db

APPS = {
    "core",
    "members",
    "campaigns",
    "events",
    "news",
    "mailings",
    "sitesearch",
    "surveys",
    "governance",
    "programme",
    "enquiries",
    "api",
    "research",
    "policy",
    "discussions",
    "privacy",
}


def test_every_app_has_a_module_and_accounts_are_erased_last():
    assert APPS <= set(modules())
    assert [label for label, _ in ordered_modules()][-2:] == ["privacy", "core"]


def test_every_declared_field_exists():
    for label, module in modules().items():
        assert callable(module.export) and callable(module.erase), label
        for table in module.TABLES:
            names = {f.name for f in table.model._meta.get_fields()}
            assert set(table.erase) <= names, (label, table.label, set(table.erase) - names)
            assert not (table.delete and table.erase), table.label
        for collects in module.COLLECTS:
            assert collects.what and collects.why and collects.kept


def test_every_module_runs_on_an_empty_database_with_and_without_an_account():
    user = get_user_model().objects.create(username="x", email="x@example.org")
    assert collect("nobody@example.org", None) == {}
    assert "auth.User" in collect("x@example.org", user)
    erase_person("nobody@example.org", "Test", None)
    assert len(covered_models()) > 40


def test_the_placeholder_is_unique_per_row():
    assert repr(EMAIL) == "EMAIL"
