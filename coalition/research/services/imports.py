"""Importing RIS and BibTeX files: check every entry into a preview, then import the good
ones in bulk on confirmation, with a report of each entry.

    batch = prepare(user, filename, text, publish=False)  # ImportBatch in "preview"
    run(batch)                                            # creates the items; batch "imported"

Refused entries (unreadable, no title, bad year or DOI) never stop the others. An entry
whose DOI (or, without a DOI, whose title and year) is already in the library is a
duplicate pointing to that item; the same DOI twice in a file points to the first entry.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.models import Theme
from coalition.research.citations.parse import detect_format, parse
from coalition.research.models import Author, Authorship, ImportBatch, ResearchItem
from coalition.research.models.items import RESERVED_SLUGS, summarise

CHUNK = 900  # rows per query: under SQLite's limit on query parameters
MAX_ENTRIES = 20_000


class NotACitationFile(ValueError):
    pass


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def read_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def prepare(user, filename: str, text: str, publish: bool = False) -> ImportBatch:
    fmt = detect_format(text)
    if fmt is None:
        raise NotACitationFile(
            "This is not a RIS or BibTeX file. Export your references from Zotero, Mendeley "
            "or EndNote as RIS (.ris) or BibTeX (.bib) and upload that file."
        )
    entries = parse(text, fmt)
    if len(entries) > MAX_ENTRIES:
        raise NotACitationFile(
            f"The file has {len(entries):,} entries; import at most {MAX_ENTRIES:,} at a time."
        )
    if not entries:
        raise NotACitationFile("The file has no entries.")
    mark_duplicates(entries)
    batch = ImportBatch(user=user, filename=filename[:255], format=fmt, publish=publish)
    count(batch, entries)
    batch.save()
    return batch


def count(batch: ImportBatch, entries: list[dict]) -> None:
    batch.entries = entries
    batch.good = sum(1 for e in entries if e["outcome"] == "ok")
    batch.refused = sum(1 for e in entries if e["outcome"] == "refused")
    batch.duplicates = sum(1 for e in entries if e["outcome"] == "duplicate")


def mark_duplicates(entries: list[dict]) -> None:
    """Set each entry's outcome: ok, refused, or duplicate (of an item or an earlier entry)."""
    readable = [e for e in entries if e["record"] is not None]
    dois = {e["record"]["doi"] for e in readable if e["record"]["doi"]}
    by_doi = {}
    for part in chunks(dois):
        for pk, slug, title, doi in ResearchItem.objects.filter(doi__in=part).values_list(
            "pk", "slug", "title", "doi"
        ):
            by_doi[doi] = (pk, slug, title)
    titles = {e["record"]["title"] for e in readable if not e["record"]["doi"]}
    by_title = {}
    for part in chunks(titles):
        for pk, slug, title, year in ResearchItem.objects.filter(title__in=part).values_list(
            "pk", "slug", "title", "year"
        ):
            by_title[(title, year)] = (pk, slug, title)
    first_with: dict[str, int] = {}
    for entry in entries:
        entry.pop("duplicate_of", None)
        entry.pop("duplicate_entry", None)
        record = entry["record"]
        if record is None:
            entry["outcome"] = "refused"
            continue
        found = (
            by_doi.get(record["doi"])
            if record["doi"]
            else by_title.get((record["title"], record["year"]))
        )
        if found:
            entry["outcome"] = "duplicate"
            entry["duplicate_of"] = {"pk": found[0], "slug": found[1], "title": found[2]}
        elif record["doi"] and record["doi"] in first_with:
            entry["outcome"] = "duplicate"
            entry["duplicate_entry"] = first_with[record["doi"]]
        else:
            entry["outcome"] = "ok"
            if record["doi"]:
                first_with[record["doi"]] = entry["number"]


class AlreadyImported(Exception):
    pass


@transaction.atomic
def run(batch_id: int) -> ImportBatch:
    """Import the good entries of a previewed batch (checked again against the library)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise AlreadyImported
    entries = batch.entries
    mark_duplicates(entries)
    good = [e for e in entries if e["outcome"] == "ok"]
    now = timezone.now()
    status = ResearchItem.Status.PUBLISHED if batch.publish else ResearchItem.Status.SUBMITTED
    slugs = unique_slugs([e["record"] for e in good], batch.pk)
    items = []
    for entry, slug in zip(good, slugs, strict=True):
        record = entry["record"]
        items.append(
            ResearchItem(
                title=record["title"],
                slug=slug,
                item_type=record["type"],
                year=record["year"],
                publisher=record["publisher"],
                container_title=record["container_title"],
                volume=record["volume"],
                issue=record["issue"],
                pages=record["pages"],
                doi=record["doi"],
                url=record["url"][:500],
                abstract=record["abstract"],
                summary=summarise(record["abstract"]) if record["abstract"] else "",
                keywords=", ".join(record["keywords"])[:500],
                status=status,
                published_at=now if batch.publish else None,
                submitted_by=batch.user,
                submitted_at=now,
                moderated_by=batch.user if batch.publish else None,
                moderated_at=now if batch.publish else None,
                import_batch=batch,
            )
        )
    created = []
    for part in chunks(items, 500):
        created += ResearchItem.objects.bulk_create(part)
    _link_authors(created, [e["record"] for e in good])
    _link_themes(created, [e["record"] for e in good])
    for entry, item in zip(good, created, strict=True):
        entry["outcome"] = "imported"
        entry["item"] = {"pk": item.pk, "slug": item.slug}
    for entry in entries:
        entry["record"] = None  # the report keeps titles and outcomes, not the whole records
    batch.entries = entries
    batch.imported = len(created)
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = now
    batch.save()
    if created:
        from coalition.core.cache import bump_generation

        bump_generation()  # bulk_create sends no signals: public pages must still refresh
        if batch.publish:
            pks = [item.pk for item in created]
            transaction.on_commit(lambda: index_in_search(pks))
    return batch


def index_in_search(pks: list[int]) -> None:
    """Put published imported items in site search (bulk_create sent no signals)."""
    from coalition.sitesearch import registry

    indexable = registry.registry.get("research")
    if indexable is None:
        return
    items = ResearchItem.objects.filter(pk__in=pks).prefetch_related(
        "authorships__author", "themes"
    )
    for item in items.iterator(chunk_size=500):
        registry.index_object(indexable, item)


def unique_slugs(records: list[dict], batch_pk: int) -> list[str]:
    bases = []
    for record in records:
        base = slugify(record["title"])[:190].strip("-") or "research"
        if base in RESERVED_SLUGS:
            base = f"{base}-research"
        bases.append(base)
    taken = set()
    for part in chunks(set(bases)):
        taken.update(ResearchItem.objects.filter(slug__in=part).values_list("slug", flat=True))
    slugs = []
    for number, base in enumerate(bases, start=1):
        slug = base if base not in taken else f"{base[:180]}-{batch_pk}-{number}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _link_authors(items: list[ResearchItem], records: list[dict]) -> None:
    wanted = {}
    for record in records:
        for author in record["authors"]:
            key = Author.make_key(author["name"], author["kind"])
            wanted.setdefault(key, author)
    known = {}
    for part in chunks(wanted):
        known.update(Author.objects.filter(key__in=part).in_bulk(field_name="key"))
    missing = [
        Author(name=" ".join(a["name"].split()), kind=a["kind"], key=key)
        for key, a in wanted.items()
        if key not in known
    ]
    for part in chunks(missing, 500):
        Author.objects.bulk_create(part, ignore_conflicts=True)
    for part in chunks([a.key for a in missing]):
        known.update(Author.objects.filter(key__in=part).in_bulk(field_name="key"))
    links = []
    for item, record in zip(items, records, strict=True):
        seen = set()
        for position, author in enumerate(record["authors"]):
            key = Author.make_key(author["name"], author["kind"])
            if key in seen:
                continue
            seen.add(key)
            links.append(Authorship(item=item, author=known[key], position=position))
    for part in chunks(links, 1000):
        Authorship.objects.bulk_create(part)


def _link_themes(items: list[ResearchItem], records: list[dict]) -> None:
    """Keywords that name one of the coalition's themes put the item under that theme."""
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.name.lower()] = theme.pk
        themes[theme.slug.lower()] = theme.pk
    through = ResearchItem.themes.through
    links = []
    for item, record in zip(items, records, strict=True):
        chosen = {themes[k.lower()] for k in record["keywords"] if k.lower() in themes}
        links += [through(researchitem_id=item.pk, theme_id=pk) for pk in chosen]
    for part in chunks(links, 1000):
        through.objects.bulk_create(part, ignore_conflicts=True)


def discard(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.PREVIEW:
        batch.status = ImportBatch.Status.DISCARDED
        batch.entries = []
        batch.save(update_fields=["status", "entries"])
