"""The demo: sample member websites as sources, crawled on the first run, searchable."""

from datetime import date

import pytest
from django.core.management import call_command

from coalition.sitesearch import demo
from coalition.sitesearch.demo_sites.content import SITES
from coalition.sitesearch.demo_sites.server import routes_for
from coalition.sitesearch.index import search
from coalition.sitesearch.models import CrawlRun, Source
from coalition.sitesearch.query import parse
from coalition.sitesearch.services import run_crawl
from coalition.sitesearch.tests.factories import SourceFactory
from coalition.sitesearch.testsite import SiteServer

pytestmark = pytest.mark.django_db


def test_load_demo_makes_the_sample_sites_sources_and_queues_their_first_crawl():
    call_command("load_demo", verbosity=0)
    assert Source.objects.filter(enabled=True).count() == len(SITES)
    assert Source.objects.get(organisation__slug="acre").start_urls.startswith("http://127.0.0.1:")
    assert CrawlRun.objects.filter(status="queued").count() == len(SITES)
    assert not Source.objects.filter(enabled=True, start_urls__contains="example.org").exists()
    demo.load(date.today())  # again: nothing doubled, no second crawl
    assert CrawlRun.objects.count() == len(SITES)
    assert search(parse("rural")).total > 0  # members are indexed at once


def test_the_sample_sites_crawl_and_their_pdfs_are_found():
    site = SITES[0]
    server = SiteServer({}).start()
    try:
        server.routes.update(routes_for(site, server.base_url + "/"))
        source = SourceFactory(start_urls=server.base_url + "/")
        run = run_crawl(CrawlRun.objects.create(source=source).pk)
        assert run.errors == 0
        assert run.indexed == len(site["pages"]) + len(site["pdfs"])
        hits = search(parse('"village halls" energy'), {"kind": "pdf"}).hits
        assert hits and hits[0].title.startswith("Village Halls Survey 2009")
    finally:
        server.stop()
