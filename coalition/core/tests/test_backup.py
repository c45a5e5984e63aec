"""`manage.py backup` and `manage.py restore`: a round trip gives back every row and file.

SQLite is tested on the test database itself (committed data: transaction=True). PostgreSQL
is tested for real with pg_dump and pg_restore between two scratch databases on
127.0.0.1:5432 (skipped when no PostgreSQL answers there). `make restore-check` (in CI) does
the same with the whole demo coalition on both.
"""

import copy
import io
import json
import os
import shutil
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from coalition.core import backups
from coalition.core.models import Region, Theme
from coalition.members.models import Organisation
from coalition.members.tests.factories import MembershipFactory, PersonFactory

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "logos" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "2026" / "network.png").write_bytes(b"\x89PNG logo")
    (settings.MEDIA_ROOT / "papers").mkdir()
    (settings.MEDIA_ROOT / "papers" / "minutes.pdf").write_bytes(b"%PDF-1.4 minutes")
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.MEDIA_ROOT


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def some_data():
    for _ in range(3):
        MembershipFactory()
    PersonFactory.create_batch(5)
    Region.objects.create(name="East Midlands", slug="east-midlands")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_every_row_and_file(media, tmp_path, capsys):
    some_data()
    before_counts, before_files = backups.model_counts(), files(media)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    assert "Backed up sqlite" in capsys.readouterr().out
    assert os.stat(archive).st_mode & 0o777 == 0o600  # personal data: the owner only
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert {"manifest.json", "database.sqlite3", "media/papers/minutes.pdf"} <= names
    assert manifest["counts"] == before_counts
    assert manifest["counts"]["members.Organisation"] == 3
    assert manifest["media_files"] == 2

    # Wipe: every row of every table, and the files.
    call_command("flush", interactive=False)
    shutil.rmtree(media)
    assert Organisation.objects.count() == 0
    with pytest.raises(CommandError, match="members.Organisation: 3 in the backup, 0 now"):
        call_command("restore", archive, check=True)

    call_command("restore", archive, interactive=False)
    assert "every count equal" in capsys.readouterr().out
    assert backups.model_counts() == before_counts
    assert files(media) == before_files
    call_command("restore", archive, check=True)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_every_model_is_counted_including_apps_added_later(media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    manifest = backups.backup(archive)
    from django.apps import apps

    labels = {m._meta.label for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    assert labels <= set(manifest["counts"])
    assert "auth.User_groups" in manifest["counts"]  # many-to-many tables too


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_asks_first_and_can_be_cancelled(media, tmp_path, monkeypatch):
    archive = tmp_path / "backup.tar.gz"
    backups.backup(archive)
    MembershipFactory()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Restore cancelled"):
        call_command("restore", archive)
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a Coalition backup"):
        call_command("restore", junk, interactive=False)
    with pytest.raises(CommandError, match="No archive at"):
        call_command("restore", tmp_path / "missing.tar.gz", interactive=False)


def evil_archive(path: Path, vendor: str) -> None:
    manifest = {"format": 1, "created": "now", "vendor": vendor, "counts": {}, "media": True,
                "database_file": backups.DATABASE_FILES[vendor], "media_files": 0}  # fmt: skip
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (("manifest.json", json.dumps(manifest).encode()), ("../escape", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.django_db
def test_an_archive_writing_outside_its_folder_is_refused(tmp_path):
    archive = tmp_path / "sub" / "evil.tar.gz"
    archive.parent.mkdir()
    evil_archive(archive, connection.vendor)
    with pytest.raises(CommandError, match="cannot be unpacked"):
        call_command("restore", archive, interactive=False)
    assert not (tmp_path / "escape").exists()


@pytest.mark.django_db
def test_an_archive_of_another_database_kind_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "other.tar.gz"
    evil_archive(archive, other)
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", archive, interactive=False)


# --- PostgreSQL, for real ----------------------------------------------------------------------


PG = {"HOST": "127.0.0.1", "PORT": "5432", "USER": "postgres", "PASSWORD": ""}


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
    except Exception:
        return False
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        c.execute(sql)


@pytest.fixture
def scratch_databases(django_db_blocker):
    """Two empty scratch databases as the aliases ops_a and ops_b (dropped afterwards),
    outside the test database, so pytest-django's blocker is lifted for them."""
    from django.db.backends.postgresql.base import DatabaseWrapper  # noqa: F401 (psycopg here)

    suffix = uuid.uuid4().hex[:8]
    names = {"ops_a": f"ops_scratch_a_{suffix}", "ops_b": f"ops_scratch_b_{suffix}"}
    base = copy.deepcopy(connections["default"].settings_dict)
    for alias, name in names.items():
        admin(f'CREATE DATABASE "{name}"')
        connections.settings[alias] = base | PG | {
            "ENGINE": "django.db.backends.postgresql", "NAME": name, "OPTIONS": {},
            "TEST": {"MIRROR": None, "NAME": None, "CHARSET": None, "COLLATION": None,
                     "MIGRATE": True},
        }  # fmt: skip
    with django_db_blocker.unblock():
        yield list(names)
    for alias, name in names.items():
        if alias in connections:
            connections[alias].close()
            del connections[alias]
        connections.settings.pop(alias, None)
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(not postgres_answers(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_postgres_backup_and_restore_use_pg_dump_and_pg_restore(scratch_databases, media, tmp_path):
    source, target = scratch_databases
    with connections[source].schema_editor() as editor:
        editor.create_model(Region)
        editor.create_model(Theme)
    Region.objects.using(source).bulk_create(
        Region(name=f"Region {n}", slug=f"region-{n}") for n in range(40)
    )
    Theme.objects.using(source).create(name="Commissioning", slug="commissioning")
    archive = tmp_path / "pg.tar.gz"

    manifest = backups.backup(archive, using=source)
    assert manifest["vendor"] == "postgresql"
    assert manifest["counts"] == {"core.Region": 40, "core.Theme": 1}
    with tarfile.open(archive) as tar:
        dump = tar.extractfile("database.pgdump").read()
    assert dump.startswith(b"PGDMP")  # pg_dump's custom format
    shutil.rmtree(media)

    result = backups.restore(archive, using=target)  # into an empty database
    assert result["differences"] == []
    assert backups.model_counts(target) == {"core.Region": 40, "core.Theme": 1}
    assert sorted(Region.objects.using(target).values_list("slug", flat=True))[:2] == [
        "region-0",
        "region-1",
    ]
    assert files(media)["papers/minutes.pdf"] == b"%PDF-1.4 minutes"

    # Restoring over a database that changed puts it back as it was (pg_restore --clean).
    with connections[target].cursor() as cursor:  # only these tables exist here: no cascade
        cursor.execute("DELETE FROM core_region WHERE slug LIKE 'region-1%%'")
    Theme.objects.using(target).create(name="Later", slug="later")
    assert backups.check(archive, using=target) == [
        "core.Region: 40 in the backup, 29 now",
        "core.Theme: 1 in the backup, 2 now",
    ]
    assert backups.restore(archive, using=target)["differences"] == []


@pytest.mark.skipif(not postgres_answers(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_failures_are_reported_and_leave_no_archive(scratch_databases, tmp_path, monkeypatch):
    source, _ = scratch_databases
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(backups.BackupError, match="pg_dump was not found: install"):
        backups.backup(tmp_path / "x.tar.gz", using=source)
    monkeypatch.undo()
    monkeypatch.setitem(connections[source].settings_dict, "NAME", "ops_no_such_database")
    connections[source].close()
    with pytest.raises(backups.BackupError, match="Cannot connect"):
        backups.backup(tmp_path / "x.tar.gz", using=source)
    assert not list(tmp_path.iterdir())
