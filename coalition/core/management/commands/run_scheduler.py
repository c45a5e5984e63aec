import time

from django.core.management.base import BaseCommand, CommandError

from coalition.core import scheduler


class Command(BaseCommand):
    help = (
        "Run periodic jobs when they are due. Without --once it keeps running "
        "(for systemd or `make demo`); with --once it runs what is due and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run due jobs once and exit.")
        parser.add_argument("--job", help="Run this job now, due or not, then exit.")
        parser.add_argument("--interval", type=int, default=30, help="Seconds between checks.")
        parser.add_argument("--list", action="store_true", help="List registered jobs and exit.")

    def handle(self, *args, once=False, job=None, interval=30, list=False, **options):
        if list:
            for item in sorted(scheduler.registry.values(), key=lambda j: j.name):
                self.stdout.write(f"{item.name}\t{item.schedule}")
            return
        if job:
            if job not in scheduler.registry:
                raise CommandError(f"No periodic job called {job!r}. Try --list.")
            self._report(scheduler.run_due_jobs(only=job))
            return
        while True:
            self._report(scheduler.run_due_jobs())
            if once:
                return
            time.sleep(interval)

    def _report(self, results):
        for name, outcome in results.items():
            self.stdout.write(f"{name}: {outcome}")
