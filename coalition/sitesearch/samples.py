"""Sample documents made on the spot (demo sites, tests, benchmark): PDFs with fpdf2."""

import io
from datetime import datetime


def make_pdf(
    title: str, paragraphs: list[str], author: str = "", when: datetime | None = None
) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(when or datetime(2009, 6, 1))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _latin(title))
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, _latin(paragraph))
        pdf.ln(3)
    return bytes(pdf.output())


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _latin(text: str) -> str:
    replacements = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                    "\u2014": "-", "\u2026": "...", "\u00a3": "GBP "}  # fmt: skip
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")
