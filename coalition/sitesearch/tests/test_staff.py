"""Staff pages: sources (member websites automatically, others added), crawl now, progress."""

import pytest
from django.test import Client
from django.urls import reverse

from coalition.members.tests.factories import OrganisationFactory
from coalition.sitesearch.models import CrawlRun, Source
from coalition.sitesearch.tests.factories import SourceFactory
from coalition.sitesearch.testsite import Response, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    session = client.session
    session["mfa_authenticated"] = True
    session.save()
    return client


def test_a_members_website_is_a_source_automatically(commit):
    with commit():
        org = OrganisationFactory(website="https://www.example.org/canfa")
    source = Source.objects.get(organisation=org)
    assert source.origin == "member"
    assert source.start_urls == "https://www.example.org/canfa"
    assert source.allowed_hosts == "www.example.org"
    assert source.path_prefixes == "/canfa"
    with commit():
        org.website = "https://canfa.example.org/"
        org.save()
    source.refresh_from_db()
    assert source.start_urls == "https://canfa.example.org/"
    assert source.path_prefixes == ""


def test_a_source_at_a_forbidden_address_is_refused_with_the_reason(staff_client, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    for address, reason in [
        ("http://127.0.0.1:8000/", "not on the public internet"),
        ("http://169.254.169.254/latest/", "not on the public internet"),
        ("http://[::ffff:10.0.0.1]/", "not on the public internet"),
        ("ftp://example.org/", "not a web address"),
    ]:
        response = staff_client.post(
            reverse("sitesearch:staff_source_new"),
            {"name": "Bad", "start_urls": address, "max_pages": 10, "recrawl_hours": 24},
        )
        assert response.status_code == 400
        assert reason in response.content.decode()
    assert not Source.objects.exists()


def test_a_name_resolving_to_a_private_address_is_refused(staff_client, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    response = staff_client.post(
        reverse("sitesearch:staff_source_new"),
        {
            "name": "Local",
            "start_urls": "http://localhost:8000/",
            "max_pages": 10,
            "recrawl_hours": 24,
        },
    )
    assert response.status_code == 400
    assert "not on the public internet" in response.content.decode()


def test_staff_add_a_source_crawl_it_and_watch(staff_client, serve, commit):
    site = serve(
        {
            "/robots.txt": Response(b"", "text/plain"),
            "/": page("Research library", "<p>Reports on the voluntary sector workforce.</p>"),
        }
    )
    response = staff_client.post(
        reverse("sitesearch:staff_source_new"),
        {
            "name": "Research library",
            "start_urls": site.base_url,
            "max_pages": 50,
            "recrawl_hours": 24,
            "enabled": "on",
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302 and response.url == source.get_absolute_url()
    assert source.start_urls == site.base_url + "/"
    with commit():
        response = staff_client.post(reverse("sitesearch:staff_source_crawl", args=[source.pk]))
    assert response.status_code == 302
    run = CrawlRun.objects.get()
    assert run.status == "done" and run.indexed == 1
    detail = staff_client.get(source.get_absolute_url())
    assert b"Pages indexed" in detail.content
    progress = staff_client.get(
        reverse("sitesearch:staff_source_progress", args=[source.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress.status_code == 200 and b"Indexed" in progress.content
    assert staff_client.get(reverse("sitesearch:staff_sources")).status_code == 200


def test_crawl_now_twice_is_a_conflict(staff_client):
    source = SourceFactory()
    CrawlRun.objects.create(source=source, status="running")
    response = staff_client.post(reverse("sitesearch:staff_source_crawl", args=[source.pk]))
    assert response.status_code == 409
    assert CrawlRun.objects.count() == 1
    polling = staff_client.get(
        reverse("sitesearch:staff_source_progress", args=[source.pk]), HTTP_HX_REQUEST="true"
    )
    assert b'hx-trigger="every 2s"' in polling.content


def test_due_sources_are_crawled_by_the_periodic_job(commit, serve):
    from coalition.sitesearch.jobs import crawl_due

    site = serve({"/": page("Hello", "<p>Community energy schemes.</p>")})
    SourceFactory(start_urls=site.base_url + "/")
    SourceFactory(start_urls=site.base_url + "/", enabled=False)
    with commit():
        crawl_due()
    assert CrawlRun.objects.filter(status="done").count() == 1


def test_the_staff_dashboard_shows_site_search(staff_client):
    source = SourceFactory(name="Research library")
    CrawlRun.objects.create(source=source, status="running", indexed=12)
    response = staff_client.get(reverse("core:staff_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Site search" in html and "Research library" in html
    CrawlRun.objects.update(status="failed")
    from coalition.sitesearch.dashboard import panels

    (panel,) = panels(None)
    assert panel.attention == 1 and not panel.context["running"]
