import pytest

from coalition.sitesearch.testsite import SiteServer


@pytest.fixture(autouse=True)
def crawl_settings(settings):
    # Loopback is allowed only here (and in the demo); extraction in-process; no waiting.
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.SITESEARCH_NO_DELAY_HOSTS = ["127.0.0.1"]
    settings.SITESEARCH_EXTRACT_WORKERS = 0
    settings.FETCH_TIMEOUT_SECONDS = 5
    settings.FETCH_DEADLINE_SECONDS = 10
    return settings


@pytest.fixture
def serve():
    servers = []

    def start(routes: dict) -> SiteServer:
        server = SiteServer(routes).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
