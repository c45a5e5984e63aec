"""The library with each persona: the list and its filters, item pages and "cite this",
exports, submitting (bad input beside the field), moderation, PDFs checked by content."""

import json
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import Theme
from coalition.research.models import ResearchItem
from coalition.research.services.library import set_authors
from coalition.research.tests.factories import ResearchItemFactory

pytestmark = pytest.mark.django_db


def pdf_bytes(text="Commissioning hurts small groups") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


@pytest.fixture
def theme():
    return Theme.objects.create(name="Funding and finance", slug="funding-and-finance")


def test_the_library_filters_by_theme_type_year_and_organisation(client, theme, organisation):
    match = ResearchItemFactory(title="Match", year=2009, organisation=organisation)
    match.themes.add(theme)
    ResearchItemFactory(title="Wrong year", year=2008).themes.add(theme)
    ResearchItemFactory(title="No theme", year=2009)
    ResearchItemFactory(title="Waiting", status="submitted", published_at=None).themes.add(theme)
    url = reverse("research:library")
    page = client.get(url, {"theme": theme.slug, "year": 2009, "type": "report"})
    assert page.status_code == 200
    titles = [item.title for item in page.context["page"].object_list]
    assert titles == ["Match"]
    by_org = client.get(url, {"organisation": organisation.slug})
    assert [i.title for i in by_org.context["page"].object_list] == ["Match"]
    assert "Waiting" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "twenty"}, "Enter a year, e.g. 2009."),
        ({"year": "99999"}, "Enter a year, e.g. 2009."),
        ({"theme": "no-such-theme"}, "There is no such theme."),
        ({"type": "poem"}, "There is no such type."),
        ({"organisation": "nobody"}, "There is no member organisation with this name."),
    ],
)
def test_bad_filters_answer_400_with_the_reason(client, query, message):
    response = client.get(reverse("research:library"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    export = client.get(reverse("research:export_ris"), query)
    assert export.status_code == 400


def test_an_item_page_has_its_findings_and_a_cite_this_box(client):
    item = ResearchItemFactory(
        title="Advocacy under contract", doi="10.5555/essex.2009.77", publisher="Essex"
    )
    set_authors(item, [{"name": "Pritchard, Owen", "kind": "person"}])
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Key findings" in page and "Grants fell by a third" in page
    assert (
        "Pritchard, O. (2009) Advocacy under contract. Essex. https://doi.org/10.5555/essex.2009.77"
        in page
    )
    assert reverse("research:item_ris", args=[item.slug]) in page
    ris = client.get(reverse("research:item_ris", args=[item.slug]))
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    assert "attachment" in ris["Content-Disposition"]
    assert "AU  - Pritchard, Owen" in ris.content.decode()
    csl = json.loads(client.get(reverse("research:item_csl", args=[item.slug])).content)
    assert csl[0]["DOI"] == "10.5555/essex.2009.77"
    bib = client.get(reverse("research:item_bibtex", args=[item.slug])).content.decode()
    assert bib.startswith("@techreport{pritchard2009,")


def test_an_unpublished_item_is_not_found(client):
    item = ResearchItemFactory(status="submitted", published_at=None)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(reverse("research:item_ris", args=[item.slug])).status_code == 404


def test_a_filtered_list_exports_only_its_items(client, theme):
    ResearchItemFactory(title="In the theme").themes.add(theme)
    ResearchItemFactory(title="Elsewhere")
    ris = client.get(reverse("research:export_ris"), {"theme": theme.slug}).content.decode()
    assert "TI  - In the theme" in ris and "Elsewhere" not in ris
    bib = client.get(reverse("research:export_bibtex")).content.decode()
    assert bib.count("@techreport{") == 2


def submission(**extra):
    return {
        "title": "Commissioning in the East Midlands",
        "item_type": "report",
        "authors_text": "Okafor, Ruth\nVoluntary Action Leicester",
        "year": "2010",
        "url": "https://www.example.org/east-midlands.pdf",
        "doi": "",
        "key_findings": "Small groups are shut out",
        **extra,
    }


def test_a_researcher_submits_and_staff_approve(signed_in, researcher_user, staff, commit):
    client = signed_in(researcher_user)
    with commit():
        response = client.post(reverse("research:submit"), submission(doi="doi:10.5555/EM.1"))
    item = ResearchItem.objects.get()
    assert response.status_code == 302
    assert item.status == "submitted" and item.doi == "10.5555/em.1"
    assert item.author_names == ["Okafor, Ruth", "Voluntary Action Leicester"]
    assert [a.author.kind for a in item.authorships.all()] == ["person", "organisation"]
    assert client.get(item.get_absolute_url()).status_code == 404
    staff_client = signed_in(staff)
    assert item.title in staff_client.get(reverse("research:staff_home")).content.decode()
    with commit():
        staff_client.post(reverse("research:staff_item_approve", args=[item.pk]))
    item.refresh_from_db()
    assert item.is_public
    assert any(researcher_user.email in m.to for m in mail.outbox)
    assert client.get(item.get_absolute_url()).status_code == 200


def test_staff_reject_with_a_reason(signed_in, researcher_user, staff, commit):
    item = ResearchItemFactory(status="submitted", published_at=None, submitted_by=researcher_user)
    with commit():
        signed_in(staff).post(
            reverse("research:staff_item_reject", args=[item.pk]), {"reason": "Add the link."}
        )
    item.refresh_from_db()
    assert item.status == "rejected" and item.rejection_reason == "Add the link."
    assert "Add the link." in mail.outbox[-1].body
    bad = signed_in(staff).post(reverse("research:staff_item_reject", args=[item.pk]), {})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"doi": "12345"}, "doi", "This is not a DOI."),
        ({"year": "1066"}, "year", "Enter the year of publication, between 1800 and"),
        ({"year": "soon"}, "year", "Enter a whole number."),
        ({"title": ""}, "title", "This field is required."),
        ({"url": "", "doi": ""}, "url", "Give a link, upload the PDF, or enter its DOI."),
    ],
)
def test_bad_input_is_shown_beside_the_field(signed_in, representative, extra, field, message):
    response = signed_in(representative).post(reverse("research:submit"), submission(**extra))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert ResearchItem.objects.count() == 0


def test_a_duplicate_doi_points_to_the_existing_item(signed_in, representative):
    ResearchItemFactory(title="The original", doi="10.5555/em.1")
    response = signed_in(representative).post(
        reverse("research:submit"), submission(doi="https://doi.org/10.5555/EM.1")
    )
    assert response.status_code == 400
    assert "already in the library: “The original”" in response.context["form"].errors["doi"][0]


def test_a_pdf_is_checked_by_content_and_its_text_kept_for_search(signed_in, representative):
    client = signed_in(representative)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    response = client.post(reverse("research:submit"), submission(file=fake))
    assert response.status_code == 400
    assert "not one we accept. Upload a PDF" in response.context["form"].errors["file"][0]
    real = SimpleUploadedFile("report.pdf", pdf_bytes(), "application/pdf")
    response = client.post(reverse("research:submit"), submission(file=real))
    assert response.status_code == 302
    item = ResearchItem.objects.get()
    assert "Commissioning hurts small groups" in item.file_text


def test_people_without_a_role_cannot_submit(signed_in, outsider):
    assert signed_in(outsider).get(reverse("research:submit")).status_code == 404


def test_published_items_and_their_pdf_text_are_in_site_search(commit):
    from coalition.sitesearch.models import Document

    with commit():
        item = ResearchItemFactory(title="Advocacy under contract")
        ResearchItem.objects.filter(pk=item.pk).update(file_text="a zebra-striped finding")
        item.refresh_from_db()
        item.save()
    document = Document.objects.get(key=f"research:{item.pk}")
    assert "zebra-striped" in document.body and document.kind == "research"


def test_pdf_bytes_helper_makes_a_pdf():
    assert BytesIO(pdf_bytes()).read(4) == b"%PDF"
