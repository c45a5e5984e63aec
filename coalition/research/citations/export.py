"""RIS, BibTeX and CSL-JSON for research items, and the "cite this" text.

item_record(item)            -> the plain record (see the package docstring)
to_ris(records), to_bibtex(records), to_csl_json(records) -> str
cite_text(record)            -> "Smith, J. and Community Matters (2009) Title. Publisher. doi"
"""

import json
import re
import unicodedata

from coalition.research.citations import types


def item_record(item) -> dict:
    """A research item as a plain record (prefetch authorships__author and themes)."""
    return {
        "type": item.item_type,
        "title": item.title,
        "authors": [
            {"name": a.author.name, "kind": a.author.kind}
            for a in sorted(item.authorships.all(), key=lambda a: a.position)
        ],
        "year": item.year,
        "publisher": item.publisher,
        "container_title": item.container_title,
        "volume": item.volume,
        "issue": item.issue,
        "pages": item.pages,
        "doi": item.doi,
        "url": item.url,
        "abstract": item.abstract,
        "keywords": item.keyword_list,
        "key": item.slug,
        "licence": item.get_licence_display() if item.licence else "",
    }


# --- RIS ---------------------------------------------------------------------------------


def _ris_line(tag: str, value) -> str:
    value = " ".join(str(value).split())  # RIS is one value per line
    return f"{tag}  - {value}"


def ris_entry(record: dict) -> str:
    lines = [_ris_line("TY", types.RIS_OUT.get(record["type"], "GEN"))]
    lines.append(_ris_line("TI", record["title"]))
    for author in record["authors"]:
        name = author["name"]
        if author["kind"] == "organisation":
            name = name.replace(",", "")  # a comma would make it a person's "Family, Given"
        lines.append(_ris_line("AU", name))
    if record.get("year"):
        lines.append(_ris_line("PY", record["year"]))
    for tag, field in (
        ("T2", "container_title"),
        ("PB", "publisher"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("SP", "pages"),
        ("DO", "doi"),
        ("UR", "url"),
        ("AB", "abstract"),
    ):
        if record.get(field):
            lines.append(_ris_line(tag, record[field]))
    lines.append(_ris_line("M3", types.LABELS.get(record["type"], "Other")))
    for keyword in record.get("keywords") or ():
        lines.append(_ris_line("KW", keyword))
    if record.get("key"):
        lines.append(_ris_line("ID", record["key"]))
    lines.append("ER  - ")
    return "\r\n".join(lines)


def to_ris(records) -> str:
    return "".join(ris_entry(record) + "\r\n\r\n" for record in records)


# --- BibTeX ------------------------------------------------------------------------------

BIB_SPECIAL = str.maketrans(
    {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}
)


def _bib_value(value) -> str:
    return " ".join(str(value).split()).translate(BIB_SPECIAL)


def bibtex_key(record: dict) -> str:
    first = record["authors"][0]["name"] if record["authors"] else record["title"]
    word = first.split(",")[0].split()[0] if first.split() else "item"
    ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]", "", ascii_word).lower() or "item"
    return f"{base}{record.get('year') or ''}"


def bibtex_entry(record: dict, key: str | None = None) -> str:
    kind = types.BIBTEX_OUT.get(record["type"], "misc")
    names = []
    for author in record["authors"]:
        value = _bib_value(author["name"])
        names.append("{" + value + "}" if author["kind"] == "organisation" else value)
    fields = [("title", "{" + _bib_value(record["title"]) + "}")]
    if names:
        fields.append(("author", " and ".join(names)))
    if record.get("year"):
        fields.append(("year", str(record["year"])))
    container = "journal" if kind == "article" else "booktitle"
    publisher = "institution" if kind == "techreport" else "publisher"
    for name, field in (
        (container, "container_title"),
        (publisher, "publisher"),
        ("volume", "volume"),
        ("number", "issue"),
        ("pages", "pages"),
        ("doi", "doi"),
        ("url", "url"),
        ("abstract", "abstract"),
    ):
        if record.get(field):
            value = record[field] if field in ("doi", "url") else _bib_value(record[field])
            fields.append((name, value))
    fields.append(("type", types.LABELS.get(record["type"], "Other")))
    if record.get("keywords"):
        fields.append(("keywords", _bib_value(", ".join(record["keywords"]))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key or bibtex_key(record)},\n{body}\n}}\n"


def to_bibtex(records) -> str:
    seen: dict[str, int] = {}
    parts = []
    for record in records:
        key = bibtex_key(record)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{chr(ord('a') + count - 1) if count <= 26 else count}"
        parts.append(bibtex_entry(record, key))
    return "\n".join(parts)


# --- CSL-JSON ----------------------------------------------------------------------------


def csl_entry(record: dict) -> dict:
    entry = {
        "id": record.get("key") or bibtex_key(record),
        "type": types.CSL_OUT.get(record["type"], "document"),
        "genre": types.LABELS.get(record["type"], "Other"),
        "title": record["title"],
        "author": [_csl_name(author) for author in record["authors"]],
    }
    if record.get("year"):
        entry["issued"] = {"date-parts": [[int(record["year"])]]}
    for name, field in (
        ("container-title", "container_title"),
        ("publisher", "publisher"),
        ("volume", "volume"),
        ("issue", "issue"),
        ("page", "pages"),
        ("DOI", "doi"),
        ("URL", "url"),
        ("abstract", "abstract"),
    ):
        if record.get(field):
            entry[name] = record[field]
    if record.get("keywords"):
        entry["keyword"] = ", ".join(record["keywords"])
    return entry


def _csl_name(author: dict) -> dict:
    if author["kind"] == "organisation" or "," not in author["name"]:
        return {"literal": author["name"]}
    family, given = (part.strip() for part in author["name"].split(",", 1))
    return {"family": family, "given": given}


def to_csl_json(records) -> str:
    return json.dumps([csl_entry(record) for record in records], ensure_ascii=False, indent=2)


# --- "Cite this" -------------------------------------------------------------------------


def short_name(author: dict) -> str:
    """Smith, J. for people; organisations in full."""
    if author["kind"] == "organisation" or "," not in author["name"]:
        return author["name"]
    family, given = (part.strip() for part in author["name"].split(",", 1))
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", given) if part)
    return f"{family}, {initials}" if initials else family


def cite_text(record: dict) -> str:
    """A Harvard-style reference, as UK sector researchers write them."""
    names = [short_name(author) for author in record["authors"]]
    if len(names) > 1:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        who = names[0] if names else record.get("publisher") or ""
    parts = [f"{who} ({record.get('year') or 'n.d.'})" if who else f"({record.get('year')})"]
    parts.append(record["title"].rstrip(".") + ".")
    if record.get("container_title"):
        where = record["container_title"]
        if record.get("volume"):
            where += f", {record['volume']}"
            if record.get("issue"):
                where += f"({record['issue']})"
        if record.get("pages"):
            where += f", pp. {record['pages']}"
        parts.append(where + ".")
    if record.get("publisher") and who != record.get("publisher"):
        parts.append(record["publisher"] + ".")
    if record.get("doi"):
        parts.append(f"https://doi.org/{record['doi']}")
    elif record.get("url"):
        parts.append(f"Available at: {record['url']}")
    return " ".join(parts)
