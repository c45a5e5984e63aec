import pytest


@pytest.fixture(autouse=True)
def _mailings_settings(settings):
    """No pacing in tests (no sleeps); links point at the test server."""
    settings.MAILINGS_MAX_PER_SECOND = 0
    settings.MAILINGS_MAX_PER_HOUR = 0
    settings.MAILINGS_RETRY_SECONDS = 60
    settings.MAILINGS_WORKER_THREADS = 1  # tests run in a transaction other threads cannot see
    settings.SITE_URL = "https://coalition.example.org"
