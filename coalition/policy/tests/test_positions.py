"""Positions, publications (downloads counted, files checked), the monitoring log, sharing tags."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.governance.tests.factories import DecisionFactory
from coalition.members.tests.factories import ThemeFactory
from coalition.policy.models import MonitoredStatement, Position, Publication
from coalition.policy.tests.factories import (
    OtherBodyFactory,
    PositionFactory,
    PublicationFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_position_shows_the_decision_that_adopted_it(client):
    decision = DecisionFactory(title="Adopt the commissioning position")
    position = PositionFactory(title="Commissioning and the Compact", decision=decision)
    page = client.get(position.get_absolute_url()).content.decode()
    assert "Adopt the commissioning position" in page
    assert position.title in client.get(reverse("policy:positions")).content.decode()


def test_a_review_date_before_adoption_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["positions"]),
        {
            "title": "Personalisation",
            "statement": "s",
            "rationale": "r",
            "adopted_on": "2026-04-01",
            "review_on": "2026-01-01",
            "is_public": "on",
        },
    )
    assert response.status_code == 400
    assert "The review date must come after the date adopted." in response.content.decode()
    assert not Position.objects.exists()


def test_a_hidden_position_is_not_public(client):
    position = PositionFactory(is_public=False)
    assert client.get(position.get_absolute_url()).status_code == 404


def test_staff_upload_a_publication_and_downloads_are_counted(client, staff):
    theme = ThemeFactory(name="Funding")
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["publications"]),
        {
            "title": "Funding regimes paper",
            "kind": "policy_paper",
            "summary": "What commissioning does to small groups.",
            "file": SimpleUploadedFile("paper.pdf", PDF, content_type="application/pdf"),
            "published_on": "2026-06-01",
            "themes": [theme.pk],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.file_kind == "pdf"
    client.logout()
    url = reverse("policy:publication_download", args=[publication.slug])
    for _ in range(2):
        download = client.get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    publication.refresh_from_db()
    assert publication.download_count == 2
    assert "Funding regimes paper" in client.get(reverse("policy:publications")).content.decode()


def test_a_file_that_is_not_what_its_name_says_is_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["publications"]),
        {
            "title": "Sneaky",
            "kind": "leaflet",
            "summary": "x",
            "file": SimpleUploadedFile("leaflet.pdf", b"MZ\x90\x00 not a pdf"),
            "published_on": "2026-06-01",
            "is_public": "on",
        },
    )
    assert response.status_code == 400
    assert not Publication.objects.exists()


def test_a_publication_needs_a_file_or_an_address(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["publications"]),
        {"title": "Nothing", "kind": "report", "summary": "x", "published_on": "2026-06-01"},
    )
    assert response.status_code == 400
    assert "Upload the file, or give the address" in response.content.decode()


def test_unlisted_publications_are_not_public(client):
    publication = PublicationFactory(is_public=False)
    assert client.get(publication.get_absolute_url()).status_code == 404
    assert publication.title not in client.get(reverse("policy:publications")).content.decode()


def test_monitoring_is_filtered_by_organisation_and_theme(client):
    funding, governance = ThemeFactory(name="Funding"), ThemeFactory(name="Local governance")
    dclg = OtherBodyFactory(name="DCLG", kind="government")
    ncvo = OtherBodyFactory(name="NCVO")
    StatementFactory(body=dclg, text="Commissioning brings choice.", themes=[funding])
    StatementFactory(body=ncvo, text="Neighbourhoods need budgets.", themes=[governance])
    url = reverse("policy:monitoring")
    page = client.get(url, {"organisation": dclg.pk}).content.decode()
    assert "Commissioning brings choice." in page and "Neighbourhoods need budgets." not in page
    page = client.get(url, {"theme": governance.slug}).content.decode()
    assert "Neighbourhoods need budgets." in page and "Commissioning brings choice." not in page


def test_staff_record_a_statement_creating_the_organisation(client, staff):
    theme = ThemeFactory(name="Funding")
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["statements"]),
        {
            "body_name": "Office of the Third Sector",
            "body_kind": "government",
            "text": "Third sector organisations should deliver more public services.",
            "is_quote": "on",
            "source_url": "https://www.example.org/speech",
            "said_on": "2007-05-01",
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    statement = MonitoredStatement.objects.get()
    assert statement.body.name == "Office of the Third Sector" and statement.added_by == staff


def test_a_statement_needs_a_theme_and_a_source(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("policy:staff_new", args=["statements"]),
        {"body_name": "X", "body_kind": "other", "text": "t", "said_on": "2007-05-01"},
    )
    assert response.status_code == 400
    assert "Choose at least one theme." in response.content.decode()


def test_public_pages_carry_open_graph_and_twitter_tags_and_share_links(client):
    publication = PublicationFactory(title="Independence audit report", summary="What we found.")
    page = client.get(publication.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Independence audit report">' in page
    assert '<meta property="og:type" content="article">' in page
    assert 'property="og:description" content="Policy paper: What we found.' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'property="og:image" content="http' in page and "share.png" in page
    assert f'og:url" content="{settings.SITE_URL}{publication.get_absolute_url()}"' in page
    assert 'id="share-link"' in page and "mailto:?subject=Independence%20audit%20report" in page
    # Every page gets them, from its own title.
    home = client.get(reverse("core:home")).content.decode()
    assert 'property="og:title"' in home and 'name="twitter:title"' in home
