"""Read replies to enquiries from a mailbox (mbox file or Maildir) into their threads.

    manage.py enquiries_fetch_mail --maildir /var/mail/enquiries [--delete]
    manage.py enquiries_fetch_mail --mbox /var/mail/enquiries.mbox

Run it from cron (or let the mail server deliver to a Maildir it reads). Reading
the same message again does nothing (its Message-ID is already in the thread).
With --delete, messages read from a Maildir are removed once stored.
"""

import mailbox

from django.core.management.base import BaseCommand, CommandError

from coalition.enquiries.services.mail import receive


class Command(BaseCommand):
    help = "Read replies to enquiries from an mbox file or a Maildir into their threads."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--mbox", help="Path to an mbox file")
        source.add_argument("--maildir", help="Path to a Maildir folder")
        parser.add_argument(
            "--delete", action="store_true", help="Remove each message once it is stored"
        )

    def handle(self, *args, **options):
        try:
            if options["maildir"]:
                box = mailbox.Maildir(options["maildir"], factory=None, create=False)
            else:
                box = mailbox.mbox(options["mbox"], factory=None, create=False)
        except (FileNotFoundError, mailbox.NoSuchMailboxError) as error:
            raise CommandError(f"No mailbox there: {error}") from None
        stored = failed = 0
        box.lock()
        try:
            for key in list(box.keys()):
                raw = box.get_bytes(key)
                try:
                    receive(raw)
                except Exception as error:  # one bad message must not stop the rest
                    failed += 1
                    self.stderr.write(f"Message {key} not stored: {error}")
                    continue
                stored += 1
                if options["delete"]:
                    box.remove(key)
            box.flush()
        finally:
            box.unlock()
            box.close()
        self.stdout.write(f"{stored} messages stored in their threads, {failed} failed.")
