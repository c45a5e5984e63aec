from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coalition.core import backups


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `manage.py backup`, then "
        "check that every model has as many rows as when it was backed up. Stop the web, "
        "worker and scheduler processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default", help="The database alias.")
        parser.add_argument("--no-media", action="store_true", help="Leave MEDIA_ROOT as it is.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip
        parser.add_argument(
            "--check", action="store_true",
            help="Restore nothing: compare the database's row counts with the archive's.",
        )  # fmt: skip

    def handle(self, *args, archive, database="default", no_media=False, interactive=True,
               check=False, **options):  # fmt: skip
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            manifest = backups.read_manifest(archive)
            if check:
                self.report(backups.check(archive, using=database), manifest, "The database")
                return
            if interactive and not self.confirmed(manifest, database):
                raise CommandError("Restore cancelled.")
            result = backups.restore(archive, using=database, media=not no_media)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.report(result["differences"], result, "The restored database")
        pending = backups.pending_migrations(database)
        if pending:
            self.stdout.write(
                f"The backup is from an older release: run `manage.py migrate` "
                f"({len(pending)} migration{'s' if len(pending) != 1 else ''} to apply)."
            )

    def confirmed(self, manifest: dict, database: str) -> bool:
        answer = input(
            f"This replaces the {database!r} database"
            f"{' and every file under MEDIA_ROOT' if manifest.get('media', True) else ''} "
            f"with the backup of {manifest['created']}. Type 'yes' to go on: "
        )
        return answer.strip().lower() == "yes"

    def report(self, differences: list[str], manifest: dict, subject: str) -> None:
        if differences:
            raise CommandError(
                f"{subject} does not match the backup of {manifest['created']}:\n"
                + "\n".join(differences)
            )
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"{subject} matches the backup of {manifest['created']}: {rows:,} rows in "
            f"{len(manifest['counts'])} tables, every count equal; "
            f"{manifest['media_files']:,} files."
        )
