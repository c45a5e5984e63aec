"""The published response as a PDF (fpdf2, built-in fonts), signatories last."""

from coalition.campaigns.letters import pdf_safe
from coalition.policy.models import Response


def _paragraphs(text: str) -> list[str]:
    """Markdown source to plain paragraphs: the PDF keeps the words, not the markup."""
    plain = (text or "").replace("**", "").replace("__", "").replace("`", "")
    return [" ".join(p.split()) for p in plain.replace("\r\n", "\n").split("\n\n") if p.strip()]


def response_pdf(response: Response) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(pdf_safe(response.title))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def block(text, size=11, style="", height=6):
        pdf.set_font("helvetica", style=style, size=size)
        pdf.multi_cell(0, height, pdf_safe(text), new_x="LMARGIN", new_y="NEXT")

    block(response.title, size=18, style="B", height=9)
    development = response.development
    block(f"A joint response to: {development.title} ({development.issuer})", size=11)
    if response.submitted_on:
        block(f"Submitted on {response.submitted_on:%d %B %Y}", size=10)
    pdf.ln(3)
    for paragraph in _paragraphs(response.introduction):
        block(paragraph)
        pdf.ln(2)
    for number, section in enumerate(response.sections.all(), start=1):
        pdf.ln(2)
        block(f"{number}. {section.heading}", size=13, style="B", height=7)
        for paragraph in _paragraphs(section.body):
            block(paragraph)
            pdf.ln(2)
    signatures = list(response.signatures.select_related("organisation"))
    pdf.ln(4)
    block(f"Signed by {len(signatures)} member organisations", size=13, style="B", height=7)
    for signature in signatures:
        block(signature.organisation.name, size=10, height=5)
    return bytes(pdf.output())
