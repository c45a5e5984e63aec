"""Demo data for site search: the sample member websites (served on loopback by
`manage.py serve_demo_sites`, which `make demo` starts) as sources, crawled on the
first run; the platform's own content indexed."""

from django.conf import settings

from coalition.lib.fetch import is_public_address
from coalition.members.models import Organisation
from coalition.sitesearch.demo_sites.content import SITES
from coalition.sitesearch.demo_sites.server import site_url
from coalition.sitesearch.models import CrawlRun, Source
from coalition.sitesearch.registry import reindex
from coalition.sitesearch.services import start_crawl, sync_member_source, sync_member_sources

DEMO_NOTE = "Demo: a sample copy of the website, served on this machine."
OFFLINE_NOTE = "Demo: example.org addresses are not real websites, so this one is not crawled."


def load(today) -> str:
    sync_member_sources()
    demo_sources = []
    for site in SITES:
        url = site_url(site)
        host = url.split("/")[2]
        fields = {
            "start_urls": url,
            "allowed_hosts": host,
            "path_prefixes": "",
            "follows_website": False,
            "enabled": True,
            "note": DEMO_NOTE,
            "max_pages": 200,
            "recrawl_hours": 24,
        }
        organisation = (
            Organisation.objects.filter(slug=site["slug"]).first() if site["slug"] else None
        )
        if organisation is not None:
            source = sync_member_source(organisation)
            for name, value in fields.items():
                setattr(source, name, value)
            source.save()
        else:
            source, _ = Source.objects.update_or_create(
                name=site["name"], origin=Source.Origin.STAFF, defaults=fields
            )
        demo_sources.append(source)
    others = Source.objects.filter(origin=Source.Origin.MEMBER).exclude(
        pk__in=[s.pk for s in demo_sources]
    )
    others.filter(start_urls__contains="example.org").update(enabled=False, note=OFFLINE_NOTE)
    indexed = reindex()
    crawling = 0
    if is_public_address("127.0.0.1"):  # only where loopback may be fetched (make demo)
        for source in demo_sources:
            if not CrawlRun.objects.filter(source=source).exists():
                start_crawl(source)
                crawling += 1
    else:
        return (
            f"site search: {indexed} platform pages indexed; sample websites not crawled "
            f"(FETCH_ALLOWED_NETWORKS does not allow 127.0.0.1: {settings.FETCH_ALLOWED_NETWORKS})"
        )
    return (
        f"site search: {indexed} platform pages indexed, {len(demo_sources)} sample websites "
        f"({crawling} crawls queued)"
    )
