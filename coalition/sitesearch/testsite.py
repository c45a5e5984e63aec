"""A small web server for sample sites: the demo's member websites, tests and the
browser journey. Serves a dict of path -> Response, with ETag and Last-Modified, and
answers conditional GETs with 304. Loopback only."""

import email.utils
import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVED_SINCE = email.utils.formatdate(1262304000, usegmt=True)  # 1 January 2010


@dataclass
class Response:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: list = field(default_factory=list)
    validators: bool = True  # send ETag and Last-Modified, answer 304


def page(title: str, body_html: str, links=(), head: str = "") -> Response:
    nav = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{title}</h1>{body_html}</article></main>"
        "<footer><p>Registered charity. Contact us.</p></footer></body></html>"
    )
    return Response(html.encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict = {}
    hits: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        routes = self.server.routes
        self.server.hits.append(self.path)
        response = routes.get(self.path)
        if callable(response):
            response = response(self)
        if response is None:
            response = Response(b"<h1>Not found</h1>", status=404, validators=False)
        if response.status == -1:  # handled by the callable itself
            return
        headers = list(response.headers)
        if response.validators and response.status == 200:
            etag = '"' + hashlib.sha1(response.body, usedforsecurity=False).hexdigest()[:16] + '"'
            headers += [("ETag", etag), ("Last-Modified", SERVED_SINCE)]
            if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == SERVED_SINCE
            ):
                self.server.not_modified += 1
                self.send_response(304)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict, host: str = "127.0.0.1", port: int = 0):
        super().__init__((host, port), Handler)
        self.routes = routes
        self.hits: list[str] = []
        self.not_modified = 0
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def netloc(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> "SiteServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
