"""`manage.py process_bounces PATH`: read bounce reports (DSN, RFC 3464) from a mailbox.

PATH is an mbox file or a Maildir folder (the bounce address's mailbox). Each report
found counts against its address (hard 1, soft 0.5 once a day); addresses over the
threshold are suspended. With --delete, messages read are removed from the mailbox.
"""

from django.core.management.base import BaseCommand, CommandError

from coalition.mailings.services import bounces


class Command(BaseCommand):
    help = "Read delivery status notifications from an mbox file or Maildir and count bounces."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--delete", action="store_true", help="Remove messages once read.")

    def handle(self, path, delete=False, **options):
        from pathlib import Path

        if not Path(path).exists():
            raise CommandError(f"No mailbox at {path}.")
        messages = reports = 0
        read = []
        try:
            for key, message in bounces.read_mailbox(path):
                messages += 1
                reports += len(bounces.process_message(message))
                read.append(key)
        except Exception as error:  # a corrupt mailbox: say so rather than a traceback
            raise CommandError(f"Could not read {path}: {error}") from error
        if delete and read:
            import mailbox

            box = mailbox.Maildir(path, create=False) if Path(path).is_dir() else mailbox.mbox(path)
            box.lock()
            try:
                for key in read:
                    box.discard(key)
                box.flush()
            finally:
                box.unlock()
                box.close()
        self.stdout.write(f"{messages} messages read, {reports} bounces recorded.")
