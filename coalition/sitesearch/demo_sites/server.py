"""Serve the sample websites, one loopback port each (BASE_PORT + the site's offset)."""

import html

from coalition.sitesearch.demo_sites.content import BASE_PORT, SITES
from coalition.sitesearch.samples import make_pdf
from coalition.sitesearch.testsite import Response, SiteServer, page


def site_url(site: dict, host: str = "127.0.0.1", base_port: int = BASE_PORT) -> str:
    return f"http://{host}:{base_port + site['port_offset']}/"


def routes_for(site: dict, base: str) -> dict:
    titles = {path: title for path, (title, _p, _l) in site["pages"].items()}
    titles.update({path: f"{title} (PDF)" for path, (title, _p) in site["pdfs"].items()})
    routes = {}
    for path, (title, paragraphs, links) in site["pages"].items():
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        nav = [(href, html.escape(titles.get(href, "Sitemap"))) for href in links]
        routes[path] = page(
            html.escape(title),
            body,
            nav,
            head=f'<meta name="description" content="{html.escape(paragraphs[0][:150])}">',
        )
    for path, (title, paragraphs) in site["pdfs"].items():
        routes[path] = Response(make_pdf(title, paragraphs, author=site["name"]), "application/pdf")
    robots = site.get("robots", "User-agent: *\nAllow: /\n").format(base=base.rstrip("/"))
    routes["/robots.txt"] = Response(robots.encode(), "text/plain")
    if "Sitemap:" in robots:
        locs = "".join(f"<url><loc>{base.rstrip('/')}{path}</loc></url>" for path in titles)
        routes["/sitemap.xml"] = Response(
            f'<?xml version="1.0" encoding="UTF-8"?><urlset>{locs}</urlset>'.encode(),
            "application/xml",
        )
    return routes


def start(host: str = "127.0.0.1", base_port: int = BASE_PORT) -> list[SiteServer]:
    servers = []
    for site in SITES:
        port = base_port + site["port_offset"]
        base = f"http://{host}:{port}/"
        servers.append(SiteServer(routes_for(site, base), host, port).start())
    return servers
