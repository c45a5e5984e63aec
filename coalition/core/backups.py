"""Back up and restore the whole site: the database and every uploaded file, in one archive.

`manage.py backup` and `manage.py restore` (docs/deploy.md) call these. An archive is a
gzipped tar holding:

    manifest.json        format, when, which database, the row count of every model
    database.sqlite3     SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump -Fc` (custom format), restored by pg_restore
    media/...            every file under MEDIA_ROOT (logos, papers, materials, ...)

Nothing here names an app: every model's table is counted and every file under MEDIA_ROOT
is kept, so apps added later are covered. The counts are taken from the same snapshot as
the copy (the copied SQLite file; on PostgreSQL an exported snapshot that pg_dump shares),
so a restore can be checked against them exactly. Archives hold personal data: they are
written readable by their owner only.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# libpq connection parameters that may sit in a PostgreSQL database's OPTIONS.
LIBPQ_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options"}


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


# --- counting ----------------------------------------------------------------------------------


def counted_tables() -> dict[str, str]:
    """{model label: table} for every model with a table of its own (M2M tables included)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in tables.values():
            tables[meta.label] = meta.db_table
    return dict(sorted(tables.items()))


def count_rows(cursor, quote, existing: set[str]) -> dict[str, int]:
    counts = {}
    for label, table in counted_tables().items():
        if table in existing:
            # Table names come from the models, never from input.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # nosec B608
            counts[label] = cursor.fetchone()[0]
    return counts


def model_counts(using: str = "default") -> dict[str, int]:
    """The row count of every model's table in a configured database."""
    connection = connections[using]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        return count_rows(cursor, connection.ops.quote_name, existing)


def sqlite_file_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        return count_rows(db.cursor(), lambda name: f'"{name}"', existing)


def compare(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    """Differences between two sets of counts, one line each (empty when they agree)."""
    lines = []
    for label in sorted(set(expected) | set(actual)):
        if expected.get(label) != actual.get(label):
            lines.append(f"{label}: {expected.get(label, 'no table')} in the backup, "
                         f"{actual.get(label, 'no table')} now")  # fmt: skip
    return lines


# --- the database ------------------------------------------------------------------------------


def vendor_of(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sqlite_copy(using: str, target: Path) -> None:
    """A consistent copy of a live SQLite database, writers or not (the online backup API)."""
    connection = connections[using]
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def sqlite_replace(using: str, source: Path) -> None:
    """Overwrite the live SQLite database with a copy, page by page (the backup API)."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Cannot restore inside a transaction.")
    connection.close()
    connection.ensure_connection()
    with sqlite3.connect(source) as copy:
        copy.backup(connection.connection)
    copy.close()
    connection.close()


def libpq_arguments(using: str) -> tuple[list[str], dict[str, str]]:
    """pg_dump's and pg_restore's connection arguments and environment (no password in argv)."""
    params = connections[using].settings_dict
    conninfo = {"dbname": params["NAME"]}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if params.get(key):
            conninfo[name] = str(params[key])
    for key, value in (params.get("OPTIONS") or {}).items():
        if key in LIBPQ_OPTIONS and isinstance(value, str | int):
            conninfo[key] = str(value)
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    dsn = " ".join(f"{key}='{value}'" for key, value in conninfo.items())
    return ["--dbname", dsn], env


def run_tool(command: list[str], env: dict) -> None:
    tool = shutil.which(command[0])
    if not tool:
        raise BackupError(
            f"{command[0]} was not found: install the PostgreSQL client tools "
            f"(Debian/Ubuntu: apt-get install postgresql-client) of your server's version."
        )
    result = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed:\n{result.stderr.strip()}")


def postgres_dump(using: str, target: Path) -> dict[str, int]:
    """pg_dump -Fc of the database, and the row counts of the very same snapshot."""
    connection = connections[using]
    try:
        raw = connection.get_new_connection(connection.get_connection_params())
    except Exception as error:  # psycopg's own errors: Django has not wrapped them here
        raise BackupError(f"Cannot connect to the database: {error}") from error
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))"
            )
            existing = {row[0] for row in cursor.fetchall()}
            counts = count_rows(cursor, connection.ops.quote_name, existing)
            arguments, env = libpq_arguments(using)
            run_tool(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}", *arguments],
                env,
            )  # fmt: skip
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return counts


def postgres_restore(using: str, source: Path) -> None:
    """Replace the database's objects with the dump's, in one transaction."""
    connections[using].close()
    arguments, env = libpq_arguments(using)
    run_tool(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", *arguments, str(source)],
        env,
    )  # fmt: skip


# --- files -------------------------------------------------------------------------------------


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files() -> list[Path]:
    root = media_root()
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def replace_media(extracted: Path) -> None:
    """Put the archive's files in place of MEDIA_ROOT's (swapped in, then the old removed)."""
    root = media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=root.parent))
    if extracted.is_dir():
        shutil.copytree(extracted, incoming, dirs_exist_ok=True)
    old = None
    if root.exists():
        old = root.parent / f".media-old-{os.getpid()}"
        root.rename(old)
    incoming.rename(root)
    if old is not None:
        shutil.rmtree(old)


# --- backup and restore ------------------------------------------------------------------------


def default_archive_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BACKUP_DIR) / f"coalition-{stamp}.tar.gz"


def applied_migrations(using: str) -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def backup(output: Path | None = None, using: str = "default", media: bool = True) -> dict:
    """Write the archive; return its manifest (with "path")."""
    vendor = vendor_of(using)
    output = Path(output or default_archive_path())
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            sqlite_copy(using, database_file)
            counts = sqlite_file_counts(database_file)
        else:
            counts = postgres_dump(using, database_file)
        files = media_files() if media else []
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "database_file": database_file.name,
            "coalition": settings.VERSION,
            "django": django.get_version(),
            "migrations": applied_migrations(using),
            "counts": counts,
            "media": media,
            "media_files": len(files),
            "media_bytes": sum(path.stat().st_size for path in files),
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = Path(work) / "archive.tar.gz"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(descriptor, "wb") as stream,
            tarfile.open(fileobj=stream, mode="w:gz") as tar,
        ):
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            root = media_root()
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(root).as_posix()}")
        os.replace(partial, output)
    return {**manifest, "path": str(output)}


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive} is not a Coalition backup ({error}).") from error
    if not manifest or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Coalition backup of format {FORMAT}.")
    return manifest


def check(archive: Path, using: str = "default") -> list[str]:
    """How the live database's counts differ from the archive's (empty: they agree)."""
    return compare(read_manifest(archive)["counts"], model_counts(using))


def restore(archive: Path, using: str = "default", media: bool = True) -> dict:
    """Replace the database (and MEDIA_ROOT) with the archive's; return the manifest with
    "differences": how the restored counts differ from the backup's (empty when right)."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    vendor = vendor_of(using)
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This archive holds a {manifest['vendor']} database; this site uses {vendor}. "
            "Restore it into the same kind of database."
        )
    with tempfile.TemporaryDirectory(prefix=".restore-") as work:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work, filter="data")  # refuses absolute paths, .. and odd links
        except (OSError, tarfile.TarError) as error:
            raise BackupError(f"{archive} cannot be unpacked: {error}") from error
        database_file = Path(work) / manifest["database_file"]
        if vendor == "sqlite":
            sqlite_replace(using, database_file)
        else:
            postgres_restore(using, database_file)
        if media and manifest.get("media", True):
            replace_media(Path(work) / "media")
    return {**manifest, "differences": compare(manifest["counts"], model_counts(using))}


def pending_migrations(using: str = "default") -> list[str]:
    """Migrations of this code not applied to the database (after restoring an older backup)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
