"""Real, small files for the demo's materials and evidence: PDFs, a Word document, a PNG."""

import io
import textwrap
import zipfile
from xml.sax.saxutils import escape

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from coalition.campaigns.letters import pdf_safe

TEAL = (11, 94, 87)
TEAL_DARK = (7, 63, 58)
YELLOW = (244, 185, 66)
CORAL = (233, 109, 76)
INK = (29, 38, 36)


def briefing_pdf(title: str, kicker: str, sections: list[tuple[str, list[str]]]) -> bytes:
    """An A4 briefing: a coloured band with the title, then headed sections of paragraphs."""
    pdf = FPDF(format="A4")
    pdf.set_title(pdf_safe(title))
    pdf.set_author("Community Sector Coalition")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.add_page()
    pdf.set_fill_color(*TEAL)
    pdf.rect(0, 0, 210, 58, style="F")
    pdf.set_fill_color(*YELLOW)
    pdf.rect(0, 58, 210, 3, style="F")
    pdf.set_xy(20, 16)
    pdf.set_text_color(244, 185, 66)
    pdf.set_font("helvetica", style="B", size=10)
    pdf.cell(0, 6, pdf_safe(kicker.upper()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", style="B", size=22)
    pdf.multi_cell(0, 10, pdf_safe(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(70)
    for heading, paragraphs in sections:
        pdf.set_text_color(*TEAL_DARK)
        pdf.set_font("helvetica", style="B", size=14)
        pdf.multi_cell(0, 8, pdf_safe(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_text_color(*INK)
        pdf.set_font("helvetica", size=11)
        for paragraph in paragraphs:
            if paragraph.startswith("- "):
                pdf.set_x(26)
                pdf.multi_cell(0, 6, pdf_safe("-  " + paragraph[2:]), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.multi_cell(0, 6, pdf_safe(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(3)
    pdf.set_y(-28)
    pdf.set_font("helvetica", size=8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        4,
        "Community Sector Coalition, 33 Corsham Street, London N1 6DR. Free to copy and "
        "share for campaigning by community groups.",
    )
    return bytes(pdf.output())


def poster_pdf(headline: str, lines: list[str], call: str) -> bytes:
    """An A4 poster for a noticeboard: a big headline, a few lines and a call to act."""
    pdf = FPDF(format="A4")
    pdf.set_title(pdf_safe(headline))
    pdf.set_author("Community Sector Coalition")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_fill_color(*YELLOW)
    pdf.rect(0, 0, 210, 297, style="F")
    pdf.set_fill_color(*TEAL)
    pdf.circle(x=170, y=40, radius=45, style="F")
    pdf.set_fill_color(*CORAL)
    pdf.circle(x=30, y=270, radius=38, style="F")
    pdf.set_xy(18, 70)
    pdf.set_text_color(*TEAL_DARK)
    pdf.set_font("helvetica", style="B", size=40)
    pdf.multi_cell(170, 17, pdf_safe(headline), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*INK)
    pdf.set_font("helvetica", size=16)
    for line in lines:
        pdf.set_x(18)
        pdf.multi_cell(170, 8, pdf_safe(line), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_xy(18, 235)
    pdf.set_fill_color(*TEAL_DARK)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", style="B", size=16)
    pdf.multi_cell(174, 11, pdf_safe(call), fill=True, align="C")
    return bytes(pdf.output())


def docx(title: str, paragraphs: list[str]) -> bytes:
    """A real Word document (Office Open XML), small enough to write by hand."""

    def paragraph(text: str, style: str = "") -> str:
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f'<w:p>{props}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'

    body = paragraph(title, "Title") + "".join(paragraph(p) for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
        '<w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style></w:styles>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
        archive.writestr("word/_rels/document.xml.rels", document_rels)
    return buffer.getvalue()


def social_card_png(headline: str, footer: str) -> bytes:
    """A 1200x630 image for sharing on social media."""
    image = Image.new("RGB", (1200, 630), TEAL)
    draw = ImageDraw.Draw(image)
    draw.ellipse((880, -120, 1320, 320), fill=YELLOW)
    draw.ellipse((980, 300, 1300, 620), fill=(255, 255, 255))
    draw.ellipse((820, 380, 1080, 640), fill=CORAL)
    title_font = ImageFont.load_default(size=64)
    small_font = ImageFont.load_default(size=30)
    y = 120
    for line in textwrap.wrap(headline, width=22):
        draw.text((70, y), line, font=title_font, fill=(255, 255, 255))
        y += 80
    draw.text((70, 540), footer, font=small_font, fill=YELLOW)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
