"""Text and metadata out of a fetched page or file. Pure functions, no database, no Django
settings: the crawler runs them in worker processes.

    extract(url, content_type, body, max_chars) -> dict

The dict has `kind` (html, pdf, docx), `title`, `text`, `description`, `language`,
`date` (ISO string or ""), `links` (absolute URLs), `canonical`, `noindex`, `nofollow`;
or `skip` (a reason: a type we do not index) or `error` (a reason: a damaged file).
"""

import io
import re
from datetime import datetime
from urllib.parse import urljoin

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"[ \t\u00a0]+")
HTML_TYPES = {"text/html", "application/xhtml+xml"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}
DOCX_TYPES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
TEXT_TYPES = {"text/plain"}


def clean(text: str, limit: int) -> str:
    text = CONTROL.sub(" ", text or "")
    text = SPACES.sub(" ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()[:limit]


def sniff(content_type: str, body: bytes, url: str) -> str:
    """The kind of document, from the declared type, checked against the first bytes."""
    head = body[:1024].lstrip()
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04") and (
        content_type in DOCX_TYPES or url.lower().split("?")[0].endswith(".docx")
    ):
        return "docx"
    if content_type in HTML_TYPES or (
        not content_type and head[:15].lower().startswith((b"<!doctype html", b"<html"))
    ):
        return "html"
    if content_type in PDF_TYPES:
        return "pdf"  # declared PDF without the signature: pypdf will say it is damaged
    if content_type in TEXT_TYPES:
        return "text"
    return ""


def extract(url: str, content_type: str, body: bytes, max_chars: int = 100_000) -> dict:
    kind = sniff(content_type, body, url)
    try:
        if kind == "html":
            return extract_html(url, body, max_chars)
        if kind == "pdf":
            return extract_pdf(url, body, max_chars)
        if kind == "docx":
            return extract_docx(url, body, max_chars)
        if kind == "text":
            text = clean(body.decode("utf-8", "replace"), max_chars)
            return _result("text", title=url.rstrip("/").rsplit("/", 1)[-1], text=text)
    except Exception as error:  # a damaged file must not stop the crawl
        return {
            "error": f"The {kind.upper()} could not be read ({type(error).__name__}: "
            f"{str(error)[:200]})."
        }
    return {"skip": f"Not a type that is indexed ({content_type or 'unknown type'})."}


def _result(kind: str, **fields) -> dict:
    result = {
        "kind": kind,
        "title": "",
        "text": "",
        "description": "",
        "language": "",
        "date": "",
        "links": [],
        "canonical": "",
        "noindex": False,
        "nofollow": False,
    }
    result.update(fields)
    return result


def _decode_html(body: bytes) -> str:
    match = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", body[:4096], re.I)
    encoding = match.group(1).decode("ascii", "ignore") if match else "utf-8"
    try:
        return body.decode(encoding, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def extract_html(url: str, body: bytes, max_chars: int) -> dict:
    import lxml.html
    import trafilatura

    html = _decode_html(body)
    if not html.strip():
        return {"error": "The page is empty."}
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception as error:
        return {"error": f"The HTML could not be parsed ({error})."}
    base = tree.xpath("string(//base/@href)") or url
    robots = " ".join(tree.xpath("//meta[@name='robots' or @name='ROBOTS']/@content")).lower()
    noindex = "noindex" in robots or "none" in robots
    nofollow = "nofollow" in robots or "none" in robots
    links = []
    if not nofollow:
        hrefs = {}
        for anchor in tree.iterfind(".//a[@href]"):
            if "nofollow" in (anchor.get("rel") or "").lower():
                continue
            hrefs.setdefault(anchor.get("href", "").strip(), None)
        for href in hrefs:
            if href and not href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
                try:
                    links.append(urljoin(base, href))
                except ValueError:
                    continue
    canonical = ""
    for link in tree.iterfind(".//link[@rel][@href]"):
        if link.get("rel", "").strip().lower() == "canonical":
            canonical = urljoin(url, link.get("href").strip())
            break
    title = clean(tree.findtext(".//title") or "", 500)
    heading = clean(tree.xpath("string(//h1)"), 500)
    if heading and (not title or heading in title):
        title = heading  # "Our report | Site name": the page's own heading is the title
    description = clean(tree.xpath("string(//meta[@name='description']/@content)") or "", 1000)
    language = (tree.get("lang") or "").split("-")[0].lower()[:12]
    date = _html_date(tree)
    # The main text only: title, description, language and date are read above, which
    # is much cheaper than trafilatura's metadata search (authors, sitenames...).
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=True,
        with_metadata=False,
        include_comments=False,
        include_tables=True,
    )
    text = ""
    if document is not None:
        data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
        text = data.get("text") or ""
    if not text:
        body_node = tree.find(".//body")
        text = body_node.text_content() if body_node is not None else ""
    return _result(
        "html",
        title=title,
        text=clean(text, max_chars),
        description=description,
        language=language,
        date=date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date or "") else "",
        links=list(dict.fromkeys(links)),
        canonical=canonical,
        noindex=noindex,
        nofollow=nofollow,
    )


DATE_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='date' or @name='DC.date' or @name='dc.date' or @name='dcterms.date']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//time[@datetime]/@datetime",
)


def _html_date(tree) -> str:
    for xpath in DATE_XPATHS:
        for value in tree.xpath(xpath)[:1]:
            match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
            if match:
                return match.group(1)
    return ""


def _pdf_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    match = re.match(r"D?:?(\d{4})(\d{2})(\d{2})", str(value))
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else ""


def extract_pdf(url: str, body: bytes, max_chars: int, max_pages: int = 300) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            return {"error": "The PDF is encrypted."}
    parts, size = [], 0
    for number, page in enumerate(reader.pages):
        if number >= max_pages or size > max_chars:
            break
        part = page.extract_text() or ""
        parts.append(part)
        size += len(part)
    info = reader.metadata or {}
    title = clean(str(info.get("/Title") or ""), 500)
    text = clean("\n\n".join(parts), max_chars)
    if not title:
        first = next((line for line in text.splitlines() if line.strip()), "")
        title = first[:200] or url.rstrip("/").rsplit("/", 1)[-1]
    return _result(
        "pdf",
        title=title,
        text=text,
        description=clean(str(info.get("/Subject") or ""), 1000),
        date=_pdf_date(info.get("/CreationDate")),
    )


def extract_docx(url: str, body: bytes, max_chars: int) -> dict:
    import docx

    document = docx.Document(io.BytesIO(body))
    text = clean("\n\n".join(p.text for p in document.paragraphs), max_chars)
    properties = document.core_properties
    title = clean(properties.title or "", 500)
    if not title:
        title = next((line for line in text.splitlines() if line.strip()), "")[:200]
    created = properties.created
    return _result(
        "docx",
        title=title or url.rstrip("/").rsplit("/", 1)[-1],
        text=text,
        description=clean(properties.subject or "", 1000),
        language=(properties.language or "")[:12],
        date=created.date().isoformat() if created else "",
    )
