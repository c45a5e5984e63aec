"""Crawling addresses people typed in, safely: every case recorded against its URL, and the
crawl goes on (the fetcher itself is tested in coalition/lib/tests/test_fetch.py)."""

import gzip
import time

import pytest

from coalition.sitesearch.models import CrawlRun
from coalition.sitesearch.services import run_crawl
from coalition.sitesearch.tests.factories import SourceFactory
from coalition.sitesearch.testsite import Response, SiteServer, page

pytestmark = pytest.mark.django_db


def crawl(source) -> dict:
    run_crawl(CrawlRun.objects.create(source=source).pk)
    return {p.url.split("/", 3)[3]: p for p in source.pages.all()}


def drip(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    try:
        for _ in range(1000):
            handler.wfile.write(b"<")
            handler.wfile.flush()
            time.sleep(0.05)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return Response(status=-1)


@pytest.fixture
def other_loopback(settings):
    """A site on 127.0.0.2, the only address allowed: 127.0.0.1 stays forbidden."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.2/32"]
    settings.SITESEARCH_NO_DELAY_HOSTS = ["127.0.0.2"]
    servers = []

    def start(routes):
        server = SiteServer(routes, host="127.0.0.2").start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_redirects_to_loopback_and_to_the_metadata_service_are_refused(other_loopback):
    routes = {
        "/": page("Home", "<p>Links</p>", [("/to-loopback/", "a"), ("/to-metadata/", "b")]),
        "/to-loopback/": Response(
            status=302, headers=[("Location", "http://127.0.0.1:8000/admin/")], validators=False
        ),
        "/to-metadata/": Response(
            status=302,
            headers=[("Location", "http://169.254.169.254/latest/meta-data/")],
            validators=False,
        ),
    }
    site = other_loopback(routes)
    source = SourceFactory(
        start_urls=site.base_url + "/",
        # Even a source that allows those hosts is refused them at the redirect.
        allowed_hosts=f"{site.netloc}\n127.0.0.1:8000\n169.254.169.254",
    )
    pages = crawl(source)
    assert pages[""].status == "indexed"
    for path in ("to-loopback/", "to-metadata/"):
        assert pages[path].status == "error"
        assert pages[path].error_kind == "blocked_address"
        assert "not on the public internet" in pages[path].reason


def test_a_name_resolving_to_a_private_address_is_refused(settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    source = SourceFactory(start_urls="http://localhost:8299/")
    pages = crawl(source)
    assert pages[""].error_kind == "blocked_address"


def test_a_small_gzip_body_that_expands_past_the_cap_is_stopped(serve, settings):
    settings.FETCH_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))
    assert len(bomb) < 25 * 1024
    site = serve(
        {
            "/": page("Home", "<p>Links</p>", [("/bomb/", "Bomb"), ("/fine/", "Fine")]),
            "/bomb/": Response(bomb, headers=[("Content-Encoding", "gzip")]),
            "/fine/": page("Fine", "<p>Still crawled after the bomb.</p>"),
        }
    )
    pages = crawl(SourceFactory(start_urls=site.base_url + "/"))
    assert pages["bomb/"].error_kind == "too_large"
    assert pages["fine/"].status == "indexed"


def test_an_encoding_we_did_not_ask_for_is_refused(serve):
    site = serve(
        {
            "/": page("Home", "<p>Links</p>", [("/br/", "Brotli")]),
            "/br/": Response(b"\x1b\x00\x00", headers=[("Content-Encoding", "br")]),
        }
    )
    pages = crawl(SourceFactory(start_urls=site.base_url + "/"))
    assert pages["br/"].error_kind == "encoding"


def test_a_dripping_server_is_cut_off_and_the_crawl_goes_on(serve, settings):
    settings.FETCH_DEADLINE_SECONDS = 1
    site = serve(
        {
            "/": page("Home", "<p>Links</p>", [("/drip/", "Drip"), ("/fine/", "Fine")]),
            "/drip/": drip,
            "/fine/": page("Fine", "<p>Crawled despite the slow page.</p>"),
        }
    )
    pages = crawl(SourceFactory(start_urls=site.base_url + "/"))
    assert pages["drip/"].error_kind == "timeout"
    assert pages["fine/"].status == "indexed"


def test_malformed_html_is_still_read(serve):
    site = serve(
        {
            "/": Response(
                b"<html><title>Broken</title><body><p>Unclosed <div><b>community "
                b"<i>allotments</p></div></table></html",
            ),
        }
    )
    pages = crawl(SourceFactory(start_urls=site.base_url + "/"))
    assert pages[""].status == "indexed"
