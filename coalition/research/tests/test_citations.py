"""RIS and BibTeX in and out: per-entry errors, LaTeX, organisations, and round trips."""

from pathlib import Path

import pytest

from coalition.research.citations import export, parse

DATA = Path(__file__).parent / "data"


def test_a_zotero_bibtex_export_is_read_entry_by_entry():
    entries = parse.parse_bibtex((DATA / "zotero.bib").read_text())
    outcomes = {e["key"]: (e["record"] is not None, e["errors"]) for e in entries}
    assert len(entries) == 7
    assert outcomes["okafor_commissioning_2010"] == (True, [])
    assert outcomes["hale_managerialism_2009"] == (True, [])
    assert outcomes["bains_personalisation_2010"] == (True, [])
    assert outcomes["broken_entry_2008"][1] == [
        "A brace or quote is not closed, so the entry could not be read."
    ]
    assert "“20x9” is not a year" in outcomes["bad_year"][1][0]
    assert "“not-a-doi” is not a DOI" in outcomes["bad_doi"][1][0]
    first = entries[0]["record"]
    assert first["type"] == "report" and first["year"] == 2010
    assert first["title"] == "Commissioning and small community groups in the East Midlands"
    assert first["authors"] == [
        {"name": "Okafor, Ruth", "kind": "person"},
        {"name": "Voluntary Action Leicester", "kind": "organisation"},
    ]
    article = entries[1]["record"]
    assert article["doi"] == "10.5555/vsr.2009.0201"  # resolver prefix dropped, lower case
    assert article["pages"] == "201-219" and article["container_title"] == "Voluntary Sector Review"
    assert entries[3]["line"] > entries[2]["line"]


def test_an_endnote_ris_export_reports_each_bad_entry():
    entries = parse.parse_ris((DATA / "endnote.ris").read_text())
    assert [bool(e["record"]) for e in entries] == [True, False, False, False]
    assert entries[1]["errors"] == ["It has no title."]
    assert entries[2]["errors"] == ["The entry does not start with a TY line."]
    assert "“1066” is not a year" in entries[3]["errors"][0]
    record = entries[0]["record"]
    assert record["year"] == 2008 and record["doi"] == "10.5555/tpas.2008.4"
    assert record["authors"][1] == {
        "name": "Tenant Participation Advisory Service",
        "kind": "organisation",
    }


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"\'{E}cole", "École"),
        (r"Gr\"{o}{\ss}e \& Co", "Größe & Co"),
        (r"Fran\c cois", "François"),
        (r"50\% cut", "50% cut"),
        (r"\emph{Big} Society", "Big Society"),
    ],
)
def test_latex_is_decoded(latex, text):
    assert parse.latex_text(latex) == text


def record(**extra):
    base = {
        "type": "evaluation",
        "title": "Advocacy under contract: does it silence campaigning? 50% & more",
        "authors": [
            {"name": "Pritchard, Owen", "kind": "person"},
            {"name": "Müller-Smith, Anna Maria", "kind": "person"},
            {"name": "Community Matters", "kind": "organisation"},
        ],
        "year": 2009,
        "publisher": "University of Essex",
        "container_title": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "10.5555/essex.2009.77",
        "url": "https://www.example.org/a_b?x=1",
        "abstract": "Eighteen agencies, before and after.",
        "keywords": ["advocacy", "contracts"],
        "key": "advocacy-under-contract",
    }
    return base | extra


@pytest.mark.parametrize("fmt", ["ris", "bibtex"])
def test_exports_read_back_as_the_same_record(fmt):
    original = record()
    text = export.to_ris([original]) if fmt == "ris" else export.to_bibtex([original])
    (entry,) = parse.parse(text, fmt)
    assert entry["errors"] == []
    back = entry["record"]
    for field in ("type", "title", "authors", "year", "publisher", "doi", "url", "abstract"):
        assert back[field] == original[field], field
    assert back["keywords"] == original["keywords"]


def test_csl_json_and_the_citation_text():
    import json

    (entry,) = json.loads(export.to_csl_json([record()]))
    assert entry["type"] == "report" and entry["genre"] == "Evaluation"
    assert entry["author"][0] == {"family": "Pritchard", "given": "Owen"}
    assert entry["author"][2] == {"literal": "Community Matters"}
    assert entry["issued"] == {"date-parts": [[2009]]} and entry["DOI"] == "10.5555/essex.2009.77"
    text = export.cite_text(record())
    assert text.startswith("Pritchard, O., Müller-Smith, A. M. and Community Matters (2009)")
    assert text.endswith("https://doi.org/10.5555/essex.2009.77")


def test_format_is_detected_from_content_not_name():
    assert parse.detect_format("TY  - JOUR\nER  - \n") == "ris"
    assert parse.detect_format("% Zotero\n@article{a, title={x}}") == "bibtex"
    assert parse.detect_format("<html>not references</html>") is None
