"""The safe fetcher against a real HTTP server on loopback (allowed only where a test says so)."""

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from coalition.lib.fetch import FetchError, fetch_sync, is_public_address

MB = 1024 * 1024
BOMB = gzip.compress(b"\0" * (50 * MB))


class Handler(BaseHTTPRequestHandler):
    seen_hosts: list[str] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name.lower() == "content-length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        Handler.seen_hosts.append(self.headers["Host"])
        port = self.server.server_address[1]
        if self.path == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, headers=[("ETag", '"v1"')])
            return self.send(
                200,
                b"<rss>news</rss>",
                [("ETag", '"v1"'), ("Content-Type", "application/rss+xml; charset=utf-8")],
            )
        if self.path == "/big":
            return self.send(200, b"x" * (2 * MB))
        if self.path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 65536)
            return None
        if self.path == "/gzip":
            return self.send(200, gzip.compress(b"hello " * 1000), [("Content-Encoding", "gzip")])
        if self.path == "/bomb":
            return self.send(200, BOMB, [("Content-Encoding", "gzip")])
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b".")
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if self.path == "/to-metadata":
            return self.send(
                302, headers=[("Location", "http://169.254.169.254/latest/meta-data/")]
            )
        if self.path == "/to-feed":
            return self.send(301, headers=[("Location", "/feed")])
        if self.path.startswith("/loop/"):
            n = int(self.path.rsplit("/", 1)[1])
            return self.send(302, headers=[("Location", f"http://127.0.0.1:{port}/loop/{n + 1}")])
        return self.send(404, b"not here")


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    Handler.seen_hosts = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback_allowed(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:8.8.8.8",
        "2002:7f00:1::1",
        "64:ff9b::7f00:1",
    ],
)
def test_non_public_addresses_are_refused(address, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "81.2.69.160", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://[::1]:9/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/",
        "http://[::ffff:127.0.0.1]:9/",
    ],
)
def test_fetching_a_non_public_address_is_refused_before_connecting(url, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError) as error:
        fetch_sync(url)
    assert error.value.kind == "blocked_address"


def test_the_server_itself_is_refused_unless_allowed(server, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/feed")
    assert error.value.kind == "blocked_address"
    assert Handler.seen_hosts == []


def test_it_fetches_with_the_name_in_the_host_header(server, loopback_allowed):
    result = fetch_sync(f"{server}/feed")
    assert result.status == 200
    assert result.content == b"<rss>news</rss>"
    assert result.content_type == "application/rss+xml"
    assert result.etag == '"v1"'
    assert Handler.seen_hosts == [server.removeprefix("http://")]


def test_conditional_get_gives_not_modified(server, loopback_allowed):
    result = fetch_sync(f"{server}/feed", etag='"v1"')
    assert result.not_modified
    assert result.content == b""


def test_redirects_are_followed_and_recorded(server, loopback_allowed):
    result = fetch_sync(f"{server}/to-feed")
    assert result.url == f"{server}/feed"
    assert result.redirects == [f"{server}/to-feed"]
    assert result.content == b"<rss>news</rss>"


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(server, loopback_allowed):
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/to-metadata")
    assert error.value.kind == "blocked_address"


def test_the_caller_may_refuse_a_redirect(server, loopback_allowed):
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/to-feed", follow=lambda url: not url.endswith("/feed"))
    assert error.value.kind == "redirect_refused"


def test_redirect_loops_end(server, loopback_allowed):
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/loop/0", max_redirects=3)
    assert error.value.kind == "too_many_redirects"


def test_a_declared_large_body_is_refused(server, loopback_allowed):
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/big", max_bytes=MB)
    assert error.value.kind == "too_large"


def test_an_undeclared_large_body_is_cut_off_while_streaming(server, loopback_allowed):
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/big-undeclared", max_bytes=MB)
    assert error.value.kind == "too_large"


def test_gzip_is_decompressed(server, loopback_allowed):
    assert fetch_sync(f"{server}/gzip").content == b"hello " * 1000


def test_a_decompression_bomb_is_stopped_at_the_cap(server, loopback_allowed):
    assert len(BOMB) < MB  # small on the wire, 50 MB when expanded
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/bomb", max_bytes=MB)
    assert error.value.kind == "too_large"


def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(server, loopback_allowed):
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch_sync(f"{server}/drip", timeout=5, deadline=1)
    assert error.value.kind == "timeout"
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "http:///x"])
def test_only_http_and_https_addresses(url):
    with pytest.raises(FetchError) as error:
        fetch_sync(url)
    assert error.value.kind == "bad_url"
