"""Concurrent sign-ups never exceed a date's places: real threads on the real database.

Run on SQLite (the default) and on PostgreSQL (DATABASE_URL=postgres://...): on SQLite
every transaction begins IMMEDIATE, so writers queue; on PostgreSQL the date's row is
locked with SELECT ... FOR UPDATE before places are counted.
"""

import shutil
import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, connections

from coalition.events.models import Registration
from coalition.events.services.registrations import (
    RegistrationRefused,
    cancel_registration,
    register,
)
from coalition.events.tests.factories import EventFactory

PLACES = 5
ATTEMPTS = 24


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory, django_db_setup, django_db_blocker):
    """A migrated SQLite file to copy for each test (None when the tests run on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path_factory.mktemp("concurrency") / "template.sqlite3"
    with django_db_blocker.unblock(), _database_file(path):
        call_command("migrate", verbosity=0)

    return path


class _database_file:
    """Point the default connection (and every thread's own) at a database file, then back.

    The test database for SQLite is in memory with a shared cache, where concurrent writers
    fail at once with "table is locked" instead of waiting their turn as they do in a
    real SQLite file: the concurrency tests need the real thing.
    """

    def __init__(self, path):
        self.path = str(path)

    def __enter__(self):
        wrapper = connections["default"]
        self.original = wrapper.settings_dict["NAME"]
        # Closing an in-memory SQLite connection is a no-op in Django (it would lose the
        # data), so set it aside, still open, and put it back afterwards.
        self.in_memory = wrapper.connection
        wrapper.connection = None
        wrapper.settings_dict["NAME"] = self.path  # every thread's connection is made from it

    def __exit__(self, *exc):
        wrapper = connections["default"]
        if wrapper.connection is not None:
            wrapper.connection.close()
        wrapper.connection = self.in_memory
        wrapper.settings_dict["NAME"] = self.original


@pytest.fixture
def real_database(migrated_sqlite_file, tmp_path, transactional_db):
    if migrated_sqlite_file is None:
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    shutil.copy(migrated_sqlite_file, path)
    with _database_file(path):
        yield


def run_in_threads(work, count):
    barrier = threading.Barrier(count)
    errors = []

    def run(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_places(real_database):
    occurrence = EventFactory(capacity=PLACES).occurrences.get()

    def sign_up(n):
        register(occurrence.pk, name=f"Person {n}", email=f"person{n}@example.org")

    errors = run_in_threads(sign_up, ATTEMPTS)
    assert not errors, errors
    statuses = list(occurrence.registrations.values_list("status", flat=True))
    assert statuses.count(Registration.Status.CONFIRMED) == PLACES
    assert statuses.count(Registration.Status.WAITLISTED) == ATTEMPTS - PLACES
    occurrence.refresh_from_db()
    assert occurrence.is_full


@pytest.mark.django_db(transaction=True)
def test_the_same_email_at_once_makes_one_registration(real_database):
    occurrence = EventFactory(capacity=PLACES).occurrences.get()
    refused = []

    def sign_up(n):
        try:
            register(occurrence.pk, name="Twin", email="same@example.org")
        except RegistrationRefused as refusal:
            refused.append(refusal.code)

    errors = run_in_threads(sign_up, 8)
    assert not errors, errors
    assert occurrence.registrations.count() == 1
    assert refused == ["duplicate"] * 7


@pytest.mark.django_db(transaction=True)
def test_cancelling_and_signing_up_at_once_keeps_the_count_right(real_database):
    occurrence = EventFactory(capacity=PLACES).occurrences.get()
    holders = [
        register(occurrence.pk, name=f"Holder {n}", email=f"holder{n}@example.org")
        for n in range(PLACES)
    ]

    def work(n):
        if n < PLACES:
            cancel_registration(holders[n].pk)
        else:
            register(occurrence.pk, name=f"New {n}", email=f"new{n}@example.org")

    errors = run_in_threads(work, PLACES * 3)
    assert not errors, errors
    holding = occurrence.registrations.holding_places().count()
    assert holding == PLACES
    waiting = occurrence.registrations.filter(status=Registration.Status.WAITLISTED).count()
    assert holding + waiting == PLACES * 2
