"""Importing a reference manager's file: preview, per-entry report, duplicates, round trip."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.models import Theme
from coalition.research.models import Author, ImportBatch, ResearchItem
from coalition.research.tests.factories import ResearchItemFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def upload(client, name, content: bytes, **extra):
    return client.post(
        reverse("research:import"), {"file": SimpleUploadedFile(name, content), **extra}
    )


def test_a_zotero_file_is_previewed_then_imported_with_a_report(signed_in, researcher_user):
    Theme.objects.create(name="Funding and finance", slug="funding-and-finance")
    existing = ResearchItemFactory(title="Already here", doi="10.5555/ntu.2010.31")
    client = signed_in(researcher_user)
    response = upload(client, "My Library.bib", (DATA / "zotero.bib").read_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert (batch.good, batch.refused, batch.duplicates) == (2, 3, 2)
    assert ResearchItem.objects.count() == 1  # nothing imported before confirming
    preview = client.get(batch.get_absolute_url()).content.decode()
    assert "A brace or quote is not closed" in preview
    assert "Its year “20x9” is not a year of publication." in preview
    assert "Its DOI “not-a-doi” is not a DOI." in preview
    assert f"/research/{existing.slug}/" in preview  # the duplicate points to the item
    assert "the same DOI as entry 2 of this file" in preview
    response = client.post(reverse("research:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.imported == 2
    imported = ResearchItem.objects.filter(import_batch=batch).order_by("pk")
    assert [i.status for i in imported] == ["submitted", "submitted"]
    article = imported[0]
    assert article.doi == "10.5555/vsr.2009.0201" and article.volume == "12"
    assert article.author_names == ["Hale, Martin", "Pritchard, Owen"]
    assert Author.objects.filter(name="Hale, Martin").count() == 1
    again = client.post(reverse("research:import_confirm", args=[batch.pk]))
    assert again.status_code == 302 and ResearchItem.objects.count() == 3  # not twice


def test_keywords_that_name_a_theme_put_the_item_under_it(signed_in, staff):
    theme = Theme.objects.create(name="Housing and tenants", slug="housing-and-tenants")
    client = signed_in(staff)
    upload(client, "endnote.ris", (DATA / "endnote.ris").read_bytes(), publish="on")
    batch = ImportBatch.objects.get()
    assert (batch.good, batch.refused) == (1, 3)
    client.post(reverse("research:import_confirm", args=[batch.pk]))
    item = ResearchItem.objects.get()
    assert item.is_public and list(item.themes.all()) == [theme]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("refs.ris", b"\x89PNG\r\n\x1a\n\x00\x00binary", "it is not text"),
        ("refs.bib", b"<html><body>Not references</body></html>", "This is not a RIS or BibTeX"),
        ("refs.ris", b"", "The submitted file is empty."),
    ],
)
def test_files_that_are_not_references_are_refused(
    signed_in, representative, name, content, message
):
    response = upload(signed_in(representative), name, content)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not ImportBatch.objects.exists()


def test_someone_elses_import_is_not_found(signed_in, representative, researcher_user):
    upload(signed_in(researcher_user), "a.ris", (DATA / "endnote.ris").read_bytes())
    batch = ImportBatch.objects.get()
    client = signed_in(representative)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("research:import_confirm", args=[batch.pk])).status_code == 404


def test_the_library_ris_export_imports_back_cleanly(client, signed_in, staff):
    """Round trip: export the library as RIS, empty it, import the file: the same items."""
    from coalition.research.services.library import set_authors

    made = [
        ResearchItemFactory(title="Advocacy under contract", item_type="evaluation",
                            doi="10.5555/essex.2009.77", keywords="advocacy, contracts"),
        ResearchItemFactory(title="Personalisation briefing", item_type="briefing", doi=""),
        ResearchItemFactory(title="Voluntary Sector Review article", item_type="article",
                            container_title="Voluntary Sector Review", volume="12", issue="3"),
    ]  # fmt: skip
    set_authors(made[0], [{"name": "Pritchard, Owen", "kind": "person"},
                          {"name": "Community Matters", "kind": "organisation"}])  # fmt: skip
    fields = ["title", "item_type", "year", "doi", "url", "abstract", "container_title",
              "volume", "issue", "keywords"]  # fmt: skip
    before = {i.title: ({f: getattr(i, f) for f in fields}, i.author_names) for i in made}
    ris = client.get(reverse("research:export_ris")).content
    # Unchanged library: everything is already there.
    staff_client = signed_in(staff)
    upload(staff_client, "library.ris", ris, publish="on")
    batch = ImportBatch.objects.get()
    assert (batch.good, batch.refused, batch.duplicates) == (0, 0, 3)
    ResearchItem.objects.all().delete()
    upload(staff_client, "library.ris", ris, publish="on")
    batch = ImportBatch.objects.latest("pk")
    assert (batch.good, batch.refused, batch.duplicates) == (3, 0, 0)
    staff_client.post(reverse("research:import_confirm", args=[batch.pk]))
    after = {
        i.title: ({f: getattr(i, f) for f in fields}, i.author_names)
        for i in ResearchItem.objects.published()
    }
    assert after == before


def test_staff_publish_a_whole_import_and_it_is_searchable(
    signed_in, researcher_user, staff, commit
):
    from coalition.sitesearch.models import Document

    upload(signed_in(researcher_user), "refs.bib", (DATA / "zotero.bib").read_bytes())
    batch = ImportBatch.objects.get()
    signed_in(researcher_user).post(reverse("research:import_confirm", args=[batch.pk]))
    with commit():
        response = signed_in(staff).post(reverse("research:staff_approve_batch", args=[batch.pk]))
    assert response.status_code == 302
    items = ResearchItem.objects.filter(import_batch=batch)
    assert {i.status for i in items} == {"published"} and all(i.is_public for i in items)
    assert Document.objects.filter(kind="research").count() == items.count() == 3
