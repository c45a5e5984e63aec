import time

from django.core.management.base import BaseCommand, CommandError

from coalition.sitesearch.demo_sites.content import BASE_PORT, SITES
from coalition.sitesearch.demo_sites.server import start


class Command(BaseCommand):
    help = "Serve the demo's sample member websites on loopback (make demo starts this)."

    def add_arguments(self, parser):
        parser.add_argument("--base-port", type=int, default=BASE_PORT)

    def handle(self, *args, base_port, **options):
        try:
            servers = start("127.0.0.1", base_port)
        except OSError as error:
            raise CommandError(
                f"Could not serve the sample websites on ports {base_port + 1}-"
                f"{base_port + len(SITES)}: {error}. Is another demo running?"
            ) from None
        names = ", ".join(
            f"{s['name']} on {srv.base_url}" for s, srv in zip(SITES, servers, strict=True)
        )
        self.stdout.write(f"Sample member websites: {names}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            for server in servers:
                server.stop()
