"""The crawl benchmark's corpus and its server: `python bench/search_corpus.py --serve`.

Generates (deterministically, in memory) member websites on several loopback hosts
(127.0.0.11, .12, ... on one port): HTML pages of realistic size (a header with a menu,
an article of several paragraphs, related links, a footer; 10-30 KB) linked to each other
within the host and now and then across hosts, and PDF reports (2-4 pages) linked from
pages. Serves them from one asyncio process with keep-alive, ETag and Last-Modified
(answering conditional GETs with 304), robots.txt, and counts what it answered
(GET /__stats on any host). Prints one JSON line when ready.
"""

import argparse
import asyncio
import email.utils
import hashlib
import html
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LAST_MODIFIED = email.utils.formatdate(1262304000, usegmt=True)
SECTIONS = ["news", "publications", "projects", "advice", "events", "about", "campaigns", "members"]


def build(hosts: list[str], pages: int, pdfs: int, seed: int = 3) -> dict:
    from search_text import TextMaker

    from coalition.sitesearch.samples import make_pdf

    maker = TextMaker(seed=seed, pool=3000)
    r = random.Random(seed)
    per_host = pages // len(hosts)
    pdf_per_host = pdfs // len(hosts)
    sites: dict[str, dict[str, tuple[bytes, str]]] = {}
    for number, host in enumerate(hosts):
        name = f"Member organisation {number + 1}"
        paths = [
            f"/{r.choice(SECTIONS)}/{i}-{'-'.join(maker.title().lower().split()[:4])}/"
            for i in range(per_host - 1)
        ]
        paths = [p.replace("'", "") for p in paths]
        pdf_paths = [f"/publications/report-{i}.pdf" for i in range(pdf_per_host)]
        routes: dict[str, tuple[bytes, str]] = {}
        # A menu with sub-menus and a long footer, as real sites have (a third of the bytes).
        menu = "".join(
            f'<li class="menu__item"><a class="menu__link" href="/{s}/">{s.title()}</a>'
            '<ul class="menu__sub">'
            + "".join(
                f'<li><a href="/{s}/">{html.escape(maker.title()[:40])}</a></li>' for _ in range(6)
            )
            + "</ul></li>"
            for s in SECTIONS
        )
        footer_links = "".join(
            f'<li class="footer__item"><a href="/{r.choice(SECTIONS)}/">{html.escape(maker.title()[:30])}</a></li>'
            for _ in range(30)
        )
        for index, path in enumerate(["/", *paths]):
            title = html.escape(maker.title())
            paragraphs = "".join(
                f'<div class="block block--text"><p>{html.escape(p)}</p></div>'
                for p in maker.body((6, 14))
            )
            # Links: the next pages (so every page is reachable), some at random, a PDF
            # now and then, another member's site now and then.
            targets = [paths[(index + k) % len(paths)] for k in range(1, 4)]
            targets += r.sample(paths, 8)
            links = "".join(
                f'<li><a href="{t}">{html.escape(t.split("/")[2][:60])}</a></li>' for t in targets
            )
            if pdf_paths and (index < len(pdf_paths) or r.random() < 0.1):
                pdf = pdf_paths[index % len(pdf_paths)]
                links += f'<li><a href="{pdf}">Report (PDF)</a></li>'
            if r.random() < 0.05:
                other = r.choice(hosts)
                links += f'<li><a href="http://{other}/">A partner</a></li>'
            footer = "".join(f"<p>{html.escape(maker.sentence())}</p>" for _ in range(3))
            document = (
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | {name}</title>'
                f'<meta name="description" content="{title}"><link rel="stylesheet" href="/style.css">'
                f'</head><body><header><a href="/">{name}</a><nav><ul>{menu}</ul></nav>'
                f'<form action="/search"><input name="q"></form></header>'
                f'<main><article><h1>{title}</h1><p class="date">Published 12 March 2010</p>{paragraphs}</article>'
                f"<aside><h2>Related</h2><ul>{links}</ul></aside></main>"
                f'<footer><ul class="footer__links">{footer_links}</ul>{footer}'
                f"<p>Registered charity number 1000{number}.</p></footer></body></html>"
            )
            routes[path] = (document.encode(), "text/html; charset=utf-8")
        for section in SECTIONS:
            listed = "".join(
                f'<li><a href="{p}">{p}</a></li>' for p in paths if p.startswith(f"/{section}/")
            )
            index_page = (
                f"<html><head><title>{section.title()} | {name}</title></head><body>"
                f"<h1>{section.title()}</h1><ul>{listed}</ul></body></html>"
            )
            routes.setdefault(f"/{section}/", (index_page.encode(), "text/html; charset=utf-8"))
        for path in pdf_paths:
            title = maker.title()
            body = [p for _ in range(4) for p in maker.body((4, 7))]
            routes[path] = (make_pdf(title, body, author=name), "application/pdf")
        routes["/robots.txt"] = (b"User-agent: *\nDisallow: /search\n", "text/plain")
        sites[host] = routes
    return sites


class Server:
    def __init__(self, sites: dict):
        self.sites = sites
        self.etags = {
            (host, path): '"' + hashlib.md5(body, usedforsecurity=False).hexdigest()[:16] + '"'
            for host, routes in sites.items()
            for path, (body, _type) in routes.items()
        }
        self.stats = {"200": 0, "304": 0, "404": 0}

    async def handle(self, reader, writer):
        host = writer.get_extra_info("sockname")[0]
        routes = self.sites.get(host, {})
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                headers = {}
                while True:
                    header = await reader.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                try:
                    _method, path, _version = line.decode("latin-1").split(" ", 2)
                except ValueError:
                    break
                if path == "/__stats":
                    body = json.dumps(self.stats).encode()
                    status, extra, kind = 200, "", "application/json"
                elif path in routes:
                    body, kind = routes[path]
                    etag = self.etags[(host, path)]
                    extra = f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
                    if headers.get("if-none-match") == etag:
                        status, body = 304, b""
                    else:
                        status = 200
                else:
                    status, body, extra, kind = 404, b"<h1>Not found</h1>", "", "text/html"
                self.stats[str(status)] = self.stats.get(str(status), 0) + 1
                reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {len(body)}\r\n{extra}\r\n".encode()
                    + body
                )
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


async def serve(hosts: list[str], port: int, pages: int, pdfs: int) -> None:
    sites = build(hosts, pages, pdfs)
    server = Server(sites)
    listeners = [
        await asyncio.start_server(server.handle, host, port, backlog=1024) for host in hosts
    ]
    total_pages = sum(
        1 for routes in sites.values() for p in routes if not p.endswith((".pdf", ".txt"))
    )
    total_pdfs = sum(1 for routes in sites.values() for p in routes if p.endswith(".pdf"))
    sizes = [
        len(b)
        for routes in sites.values()
        for p, (b, t) in routes.items()
        if t.startswith("text/html")
    ]
    print(
        json.dumps(
            {
                "ready": True,
                "hosts": [f"{h}:{port}" for h in hosts],
                "html": total_pages,
                "pdfs": total_pdfs,
                "html_kb_mean": round(sum(sizes) / len(sizes) / 1024, 1),
            }
        ),
        flush=True,
    )
    await asyncio.gather(*(listener.serve_forever() for listener in listeners))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--port", type=int, default=8210)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--pdfs", type=int, default=100)
    args = parser.parse_args()
    hosts = [f"127.0.0.{11 + i}" for i in range(args.hosts)]
    asyncio.run(serve(hosts, args.port, args.pages, args.pdfs))


if __name__ == "__main__":
    main()
# ruff: noqa: E501 (HTML templates)
