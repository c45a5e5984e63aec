from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coalition.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup, or pg_dump -Fc on PostgreSQL) and every "
        "file under MEDIA_ROOT into one archive, with the row count of every model."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="The archive to write (default: BACKUP_DIR/coalition-<time>.tar.gz).",
        )
        parser.add_argument("--database", default="default", help="The database alias.")
        parser.add_argument("--no-media", action="store_true", help="Leave out MEDIA_ROOT.")

    def handle(self, *args, output=None, database="default", no_media=False, **options):
        try:
            manifest = backups.backup(output, using=database, media=not no_media)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {manifest['vendor']}: {rows:,} rows in {len(manifest['counts'])} tables, "
            f"{manifest['media_files']:,} files ({manifest['media_bytes']:,} bytes) "
            f"to {manifest['path']}"
        )
