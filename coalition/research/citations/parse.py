"""Reading RIS and BibTeX files (Zotero, Mendeley, EndNote exports) entry by entry.

    parse(text, "ris" | "bibtex") -> list of entries:
        {"number": 1, "line": 12, "key": "smith2009", "title": "...",
         "record": {...} | None, "errors": ["..."]}

An entry that cannot be read, or whose title, year or DOI is wrong, carries its errors
and no record; every other entry is still read. Duplicates are found later, against the
library and within the file (services/imports.py).
"""

import re
import unicodedata

from coalition.research.citations import types
from coalition.research.validators import DOI_RE, EARLIEST_YEAR, latest_year, normalise_doi

MAX_TITLE = 500
YEAR_RE = re.compile(r"(\d{4})")


def parse(text: str, fmt: str) -> list[dict]:
    return parse_ris(text) if fmt == "ris" else parse_bibtex(text)


def detect_format(text: str) -> str | None:
    """ "ris" or "bibtex" from the content (a file's name is not trusted)."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if re.search(r"^TY  - ", head, re.MULTILINE):
        return "ris"
    if re.search(r"@\s*[A-Za-z]+\s*[{(]", head):
        return "bibtex"
    return None


def check(record: dict) -> list[str]:
    """What is wrong with a record, in words for the person importing it."""
    errors = []
    if not record["title"]:
        errors.append("It has no title.")
    elif len(record["title"]) > MAX_TITLE:
        errors.append(f"Its title is longer than {MAX_TITLE} characters.")
    raw_year = record.pop("raw_year", "")
    if raw_year:
        found = YEAR_RE.search(raw_year)
        year = int(found.group(1)) if found else None
        if year is None or not EARLIEST_YEAR <= year <= latest_year():
            errors.append(f"Its year “{raw_year[:20]}” is not a year of publication.")
        record["year"] = year
    if record["doi"]:
        record["doi"] = normalise_doi(record["doi"])
        if not DOI_RE.match(record["doi"]) or len(record["doi"]) > 200:
            errors.append(f"Its DOI “{record['doi'][:60]}” is not a DOI.")
    if record["url"] and not re.match(r"^https?://\S+$", record["url"]):
        errors.append("Its link is not a web address.")
        record["url"] = ""
    for field, limit in (
        ("publisher", 200),
        ("container_title", 300),
        ("volume", 30),
        ("issue", 30),
        ("pages", 30),
    ):
        record[field] = record[field][:limit]
    record["authors"] = [a for a in record["authors"] if a["name"]][:50]
    for author in record["authors"]:
        author["name"] = author["name"][:200]
    return errors


def _entry(number, line, key, record, errors=()) -> dict:
    errors = list(errors)
    if record is not None:
        errors += check(record)
    return {
        "number": number,
        "line": line,
        "key": (key or "")[:100],
        "title": (record or {}).get("title", "")[:300],
        "record": None if errors else record,
        "errors": errors,
    }


def _blank(kind: str) -> dict:
    return {
        "type": kind,
        "title": "",
        "authors": [],
        "year": None,
        "raw_year": "",
        "publisher": "",
        "container_title": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "url": "",
        "abstract": "",
        "keywords": [],
        "key": "",
    }


# --- RIS ---------------------------------------------------------------------------------

RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def parse_ris(text: str) -> list[dict]:
    text = text.lstrip("\ufeff")
    entries, chunk, start = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        if not line.strip() and not chunk:
            continue
        if start is None:
            start = number
        chunk.append((number, line))
        if line.startswith("ER  -"):
            entries.append(_ris_entry(len(entries) + 1, start, chunk))
            chunk, start = [], None
    if any(line.strip() for _n, line in chunk):
        entries.append(
            _entry(
                len(entries) + 1, start, "", None, ["The file ends before this entry’s ER line."]
            )
        )
    return entries


def _ris_entry(number: int, start: int, chunk) -> dict:
    tags: dict[str, list[str]] = {}
    last = None
    for line_number, line in chunk:
        match = RIS_LINE.match(line)
        if match:
            last = match.group(1)
            tags.setdefault(last, []).append((match.group(2) or "").strip())
        elif line.strip() and last in ("AB", "N2", "N1", "TI", "T1"):
            tags[last][-1] += " " + line.strip()  # a long value wrapped onto the next line
        elif line.strip():
            return _entry(
                number, start, "", None, [f"Line {line_number} is not a RIS line: “{line[:40]}”."]
            )
    if "TY" not in tags or chunk[0][1][:2] != "TY":
        return _entry(number, start, "", None, ["The entry does not start with a TY line."])

    def first(*names):
        for name in names:
            for value in tags.get(name, ()):
                if value:
                    return value
        return ""

    kind = types.refine(types.RIS_IN.get(tags["TY"][0].upper(), "other"), first("M3"))
    record = _blank(kind)
    record["title"] = first("TI", "T1", "CT", "BT")
    record["raw_year"] = first("PY", "Y1", "DA")
    record["container_title"] = first("T2", "JO", "JF", "JA", "BT") if kind != "book" else ""
    record["publisher"] = first("PB")
    record["volume"] = first("VL")
    record["issue"] = first("IS")
    start_page, end_page = first("SP"), first("EP")
    record["pages"] = f"{start_page}-{end_page}" if start_page and end_page else start_page
    record["doi"] = first("DO")
    record["url"] = first("UR", "L2")
    record["abstract"] = first("AB", "N2")
    record["keywords"] = [k for k in tags.get("KW", ()) if k][:30]
    record["key"] = first("ID")
    names = tags.get("AU") or tags.get("A1") or tags.get("A2") or []
    record["authors"] = [_ris_author(name) for name in names if name]
    return _entry(number, start, record["key"], record)


def _ris_author(name: str) -> dict:
    # "Family, Given" is a person; a name without a comma is an organisation (Zotero's way).
    kind = "person" if "," in name else "organisation"
    return {"name": " ".join(name.split()), "kind": kind}


# --- BibTeX ------------------------------------------------------------------------------

LATEX_CHARS = str.maketrans({"{": None, "}": None, "~": " "})
# \"u, \'e, \c{c}...: the accent as a combining character, put after its letter.
ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
}
ACCENT_RE = re.compile(r"""\\([\"'`^~=.]|[uvHckr](?=[\s{]))\s*\{?\s*(\\i|[A-Za-z])\}?""")
LETTER_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLi])(?![A-Za-z])\s?")
ESCAPED_RE = re.compile(r"\\([&%$#_{}])")


def _accent(match) -> str:
    letter = "i" if match.group(2) == "\\i" else match.group(2)
    return unicodedata.normalize("NFC", letter + ACCENTS[match.group(1)])


def latex_text(value: str) -> str:
    """Plain text from a BibTeX value: accents decoded, braces dropped.

    The usual accents and letters are decoded here (fast); anything else with a
    backslash goes to pylatexenc.
    """
    if "\\" in value:
        value = ACCENT_RE.sub(_accent, value)
        value = LETTER_RE.sub(lambda m: LETTERS[m.group(1)], value)
        value = ESCAPED_RE.sub(lambda m: "\x00" + m.group(1), value)
        if "\\" in value:
            from pylatexenc.latex2text import LatexNodes2Text

            try:
                value = LatexNodes2Text(math_mode="verbatim").latex_to_text(value)
            except Exception:  # malformed LaTeX: keep the letters
                value = value.replace("\\", "")
        value = value.replace("\x00{", "\x01").replace("\x00}", "\x02")
        value = value.translate(LATEX_CHARS).replace("\x00", "")
        return " ".join(value.replace("\x01", "{").replace("\x02", "}").split())
    return " ".join(value.translate(LATEX_CHARS).split())


def split_names(value: str) -> list[str]:
    """BibTeX names are separated by " and " outside braces."""
    names, depth, current = [], 0, []
    words = re.split(r"(\s+)", value)
    for word in words:
        depth += word.count("{") - word.count("}")
        if depth == 0 and word.lower() == "and":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(word)
    names.append("".join(current).strip())
    return [name for name in names if name]


def _bib_author(raw: str) -> dict:
    if raw.startswith("{") and raw.endswith("}") and raw.count("{") == 1:
        return {"name": latex_text(raw), "kind": "organisation"}
    name = latex_text(raw)
    if "," not in name and " " in name:  # "Jane Smith" -> "Smith, Jane"
        given, family = name.rsplit(" ", 1)
        name = f"{family}, {given}"
    return {"name": name, "kind": "person" if "," in name else "organisation"}


def parse_bibtex(text: str) -> list[dict]:
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

    library = bibtexparser.parse_string(text)
    entries = []
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            block = block.ignore_error_block
        if isinstance(block, Entry):
            entries.append(_bib_entry(len(entries) + 1, block))
        elif isinstance(block, ParsingFailedBlock):
            if not getattr(block, "raw", "").lstrip().startswith("@"):
                continue
            entries.append(
                _entry(
                    len(entries) + 1,
                    (block.start_line or 0) + 1,
                    _guess_key(block.raw),
                    None,
                    [_bib_error(block.raw)],
                )
            )
    return entries


def _guess_key(raw: str) -> str:
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", raw or "")
    return match.group(1) if match else ""


def _bib_error(raw: str) -> str:
    if raw.count("{") != raw.count("}") or raw.count('"') % 2:
        return "A brace or quote is not closed, so the entry could not be read."
    return (
        "The entry is not in BibTeX form (@type{key, field = {value}, ...}) and could not be read."
    )


def _bib_entry(number: int, entry) -> dict:
    fields = {name.lower(): value for name, value in entry.fields_dict.items()}

    def get(*names) -> str:
        for name in names:
            field = fields.get(name)
            if field is not None and str(field.value).strip():
                return latex_text(str(field.value))
        return ""

    base = types.BIBTEX_IN.get(entry.entry_type.lower(), "other")
    record = _blank(types.refine(base, get("type")))
    record["key"] = entry.key
    record["title"] = get("title")
    record["raw_year"] = get("year", "date")
    record["container_title"] = get("journal", "journaltitle", "booktitle")
    record["publisher"] = get("publisher", "institution", "organization", "school")
    record["volume"] = get("volume")
    record["issue"] = get("number", "issue")
    record["pages"] = get("pages").replace("--", "-")
    raw_doi = fields.get("doi")
    record["doi"] = str(raw_doi.value).strip() if raw_doi is not None else ""
    raw_url = fields.get("url")
    record["url"] = str(raw_url.value).strip() if raw_url is not None else ""
    record["abstract"] = get("abstract")
    record["keywords"] = [k.strip() for k in re.split(r"[,;]", get("keywords")) if k.strip()][:30]
    author = fields.get("author") or fields.get("editor")
    if author is not None:
        record["authors"] = [_bib_author(name) for name in split_names(str(author.value))]
    return _entry(number, (entry.start_line or 0) + 1, entry.key, record)
