"""`manage.py send_bulletins`: a long-running sending worker (run one or several).

Each worker claims batches of deliveries, sends each batch over one SMTP connection and
marks every message the moment the server accepts it, so a killed worker loses nothing
and a restarted or second worker sends nobody a second copy (docs/mailings.md).
"""

import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from coalition.mailings.services import sending


class Command(BaseCommand):
    help = "Send bulletins: claim batches of pending messages and send them, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Stop when nothing is left to send now."
        )
        parser.add_argument("--poll", type=float, default=5.0, help="Seconds between looks.")
        parser.add_argument("--worker", default="", help="A name for this worker's claims.")
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.MAILINGS_WORKER_THREADS,
            help="Senders in this process, each with its own SMTP connection.",
        )

    def handle(self, *args, once=False, poll=5.0, worker="", threads=1, **options):
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        name = worker or sending.worker_name()
        totals = sending.work_threads(
            name, max(1, threads), until_idle=once, poll=poll, stop=lambda: bool(stopping)
        )
        self.stdout.write(
            f"{name}: {totals['sent']} sent, {totals['retry']} to retry, {totals['failed']} "
            f"failed, {totals['uncertain']} uncertain, in {totals['batches']} batches"
        )
