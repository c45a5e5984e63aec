"""The search index: writing documents, and two query backends chosen by the database.

    results = search(parse("rural funding"), filters={"kind": "pdf"}, page=1)

Both backends rank a bounded set of candidates (SITESEARCH_CANDIDATES matches, the most
recently indexed first on SQLite, the first the index yields on PostgreSQL) rather than
every match, count the facets over that set, and build snippets only for the page of
results shown. Ranking every match of a common word is what makes full-text engines
slow; a result list capped at a thousand is what people read anyway.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import OperationalError, connection, transaction

from coalition.sitesearch.models import Document
from coalition.sitesearch.query import Query

KINDS = {
    "page": "Web page",
    "pdf": "PDF",
    "docx": "Word document",
    "text": "Text file",
    "organisation": "Member",
    "campaign": "Campaign",
    "event": "Event",
    "news": "News",
    "research": "Research",
}
START, STOP = "\x02", "\x03"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TITLE_WEIGHT = 10.0


def upsert(*, key: str, **fields) -> Document:
    fields["title"] = CONTROL.sub(" ", fields.get("title") or "")[:500]
    fields["body"] = CONTROL.sub(" ", fields.get("body") or "")[
        : settings.SITESEARCH_MAX_TEXT_CHARS
    ]
    fields["description"] = CONTROL.sub(" ", fields.get("description") or "")[:2000]
    document = Document.objects.filter(key=key).first()
    if document is None:
        return Document.objects.create(key=key, **fields)
    changed = [name for name, value in fields.items() if _value(document, name) != _value_of(value)]
    if changed:  # unchanged documents are not rewritten (nor re-indexed)
        for name in changed:
            setattr(document, name, fields[name])
        document.save(update_fields=[*changed, "updated"])
    return document


def _value(document, name):
    field = Document._meta.get_field(name)
    return getattr(document, field.attname)


def _value_of(value):
    return value.pk if hasattr(value, "_meta") else value


def delete(key: str) -> int:
    return Document.objects.filter(key=key).delete()[0]


@dataclass
class Hit:
    id: int
    score: float
    kind: str
    organisation_id: int | None
    themes: str
    title: str = ""
    url: str = ""
    snippet: str = ""
    date: object = None
    organisation: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind.title())


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    partial: bool = False  # the search ran out of time: these are the first results found
    facets: dict = field(default_factory=dict)
    page: int = 1
    pages: int = 1


def mark(text: str) -> str:
    """Escape everything, then turn the engine's match markers into <mark>."""
    escaped = html.escape(
        CONTROL.sub(lambda m: m.group(0) if m.group(0) in (START, STOP) else " ", text)
    )
    escaped = escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    # A marker cut off by the snippet's edge would leave a <mark> open.
    if escaped.count("<mark>") > escaped.count("</mark>"):
        escaped += "</mark>"
    return escaped


class Backend:
    vendor = ""
    partial = False  # set when a query ran out of time and gives the first results found

    def candidates(self, query: Query, filters: dict, limit: int) -> list[tuple]:
        raise NotImplementedError

    def snippets(self, query: Query, ids: list[int]) -> dict[int, str]:
        raise NotImplementedError

    def floor(self, query: Query) -> list:
        """The raw engine, for benchmarks: the same match, LIMIT 10, nothing else."""
        raise NotImplementedError

    def ranked_floor(self, query: Query) -> list:
        """The engine ranking every match, LIMIT 10: what bounding the candidates avoids."""
        raise NotImplementedError

    @staticmethod
    def filter_sql(filters: dict, params: list) -> str:
        sql = ""
        if filters.get("kind"):
            sql += " AND d.kind = %s"
            params.append(filters["kind"])
        if filters.get("organisation"):
            sql += " AND d.organisation_id = %s"
            params.append(int(filters["organisation"]))
        if filters.get("theme"):
            sql += " AND d.themes LIKE %s"
            params.append(f"%|{filters['theme']}|%")
        return sql


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def tune(self):
        """Read the index through memory-mapped I/O and a larger page cache: FTS5 reads its
        doclists page by page, and the default 2 MB cache holds little of a big index.
        Per connection, once."""
        raw = connection.connection
        if getattr(raw, "_sitesearch_tuned", False):
            return
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size = {int(settings.SITESEARCH_SQLITE_MMAP_MB) << 20}")
            cursor.execute(f"PRAGMA cache_size = {-int(settings.SITESEARCH_SQLITE_CACHE_MB) << 10}")
        try:
            raw._sitesearch_tuned = True
        except AttributeError:  # pragma: no cover (a connection class without a __dict__)
            pass

    def candidates(self, query, filters, limit):
        self.tune()
        params = [query.fts5()]
        where = self.filter_sql(filters, params)
        params.append(limit)
        sql = (
            f"SELECT d.id, bm25(sitesearch_fts, {TITLE_WEIGHT}, 1.0) AS score, d.kind, "  # nosec B608 (constants and %s parameters only)
            "d.organisation_id, d.themes FROM sitesearch_fts "
            "JOIN sitesearch_document d ON d.id = sitesearch_fts.rowid "
            f"WHERE sitesearch_fts MATCH %s{where} ORDER BY sitesearch_fts.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25 is lower for better matches.
            return [(row[0], -row[1], *row[2:]) for row in cursor.fetchall()]

    def snippets(self, query, ids):
        if not ids:
            return {}
        marks = ",".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet(sitesearch_fts, 1, '{START}', '{STOP}', '…', 32) "  # nosec B608 (constants and %s parameters only)
            f"FROM sitesearch_fts WHERE sitesearch_fts MATCH %s AND rowid IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [query.fts5(), *ids])
            return dict(cursor.fetchall())

    def floor(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s LIMIT 10",
                [query.fts5()],
            )
            return cursor.fetchall()

    def ranked_floor(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM sitesearch_fts WHERE sitesearch_fts MATCH %s "
                "ORDER BY rank LIMIT 10",
                [query.fts5()],
            )
            return cursor.fetchall()


class PostgresBackend(Backend):
    vendor = "postgresql"
    config = "english"

    def tsquery(self, query: Query, params: list) -> str:
        """A tsquery expression for the query, each term through plainto_tsquery (a phrase
        of several words: all of them, any order): the loose query of a phrase search."""
        groups = []
        for group in query.groups:
            terms = []
            for term in group:
                terms.append("plainto_tsquery(%s, %s)")
                params += [self.config, " ".join(term.words)]
            groups.append("(" + " || ".join(terms) + ")")
        for term in query.excluded:
            groups.append("!!plainto_tsquery(%s, %s)")
            params += [self.config, " ".join(term.words)]
        return " && ".join(groups)

    def candidates(self, query, filters, limit):
        # GIN cannot check word positions, so a phrase of common words that are rarely side
        # by side makes PostgreSQL read (decompress) every document holding the words:
        # seconds. So a phrase search gets SITESEARCH_PHRASE_TIMEOUT_MS; then it looks only
        # among the first SITESEARCH_PHRASE_SCAN documents holding all the words (which GIN
        # finds without reading them), and the page says it shows the first results found.
        # Any search is stopped after SITESEARCH_TIMEOUT_MS (a safety net).
        budget = settings.SITESEARCH_TIMEOUT_MS
        if query.has_phrase:
            try:
                return self._candidates(
                    query, filters, limit, min(budget, settings.SITESEARCH_PHRASE_TIMEOUT_MS)
                )
            except OperationalError:  # statement_timeout
                self.partial = True
        try:
            return self._candidates(query, filters, limit, budget, scope=query.has_phrase)
        except OperationalError:
            self.partial = True
            return []

    def _candidates(self, query, filters, limit, timeout: int, scope: bool = False):
        params = [self.config, query.websearch()]
        where = self.filter_sql(filters, params)
        if scope:
            loose_params = []
            loose = self.tsquery(query.loose(), loose_params)
            scope_where = self.filter_sql(filters, loose_params)
            loose_params.append(settings.SITESEARCH_PHRASE_SCAN)
            where += (
                " AND d.id = ANY(ARRAY(SELECT d.id FROM sitesearch_document d "  # nosec B608 (constants and %s parameters only)
                f"WHERE d.search_vector @@ ({loose}){scope_where} LIMIT %s))"
            )
            params += loose_params
        params.append(limit)
        # The inner LIMIT bounds the set ranked; ts_rank weighs title (A) above body (B).
        sql = (
            "SELECT c.id, ts_rank(c.search_vector, c.q) AS score, c.kind, c.organisation_id, "  # nosec B608 (constants and %s parameters only)
            "c.themes FROM (SELECT d.id, d.search_vector, q.q, d.kind, d.organisation_id, "
            "d.themes FROM sitesearch_document d, websearch_to_tsquery(%s, %s) AS q(q) "
            f"WHERE d.search_vector @@ q.q{where} LIMIT %s) c"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # Bitmaps of common words stay exact (not lossy pages whose every row must be
            # read again to check it); a safety net for the pathological query.
            cursor.execute("SET LOCAL work_mem = '32MB'")
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout)}")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def snippets(self, query, ids):
        if not ids:
            return {}
        sql = (
            "SELECT d.id, ts_headline(%s, left(d.body, 20000), websearch_to_tsquery(%s, %s), "  # nosec B608 (constants and %s parameters only)
            f"'StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2, "
            'FragmentDelimiter=" … "\') FROM sitesearch_document d WHERE d.id = ANY(%s)'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.config, self.config, query.websearch(), list(ids)])
            return dict(cursor.fetchall())

    def floor(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id FROM sitesearch_document d, websearch_to_tsquery(%s, %s) q "
                "WHERE d.search_vector @@ q LIMIT 10",
                [self.config, query.websearch()],
            )
            return cursor.fetchall()

    def ranked_floor(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id FROM sitesearch_document d, websearch_to_tsquery(%s, %s) q "
                "WHERE d.search_vector @@ q ORDER BY ts_rank(d.search_vector, q) DESC LIMIT 10",
                [self.config, query.websearch()],
            )
            return cursor.fetchall()


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()


def search(
    query: Query, filters: dict | None = None, page: int = 1, per_page: int | None = None
) -> Results:
    from coalition.core.models import Theme
    from coalition.members.models import Organisation

    filters = {k: v for k, v in (filters or {}).items() if v}
    per_page = per_page or settings.SITESEARCH_PAGE_SIZE
    limit = settings.SITESEARCH_CANDIDATES
    if query.is_empty:
        return Results()
    engine = backend()
    rows = engine.candidates(query, filters, limit)
    hits = [Hit(*row) for row in rows]
    hits.sort(key=lambda h: (-h.score, -h.id))
    results = Results(
        total=len(hits), capped=len(hits) >= limit or engine.partial, partial=engine.partial
    )
    kinds = Counter(h.kind for h in hits)
    organisations = Counter(h.organisation_id for h in hits if h.organisation_id)
    themes = Counter(t for h in hits for t in h.themes.strip("|").split("|") if t)
    names = dict(Organisation.objects.filter(pk__in=list(organisations)).values_list("pk", "name"))
    theme_names = dict(Theme.objects.filter(slug__in=list(themes)).values_list("slug", "name"))
    results.facets = {
        "kind": [(k, KINDS.get(k, k.title()), n) for k, n in kinds.most_common()],
        "organisation": [
            (str(pk), names.get(pk, "?"), n) for pk, n in organisations.most_common(15)
        ],
        "theme": [
            (s, theme_names.get(s, s), n) for s, n in themes.most_common(15) if s in theme_names
        ],
    }
    results.pages = max(1, -(-len(hits) // per_page))
    results.page = min(max(1, page), results.pages)
    shown = hits[(results.page - 1) * per_page : results.page * per_page]
    ids = [h.id for h in shown]
    details = {
        row["id"]: row
        for row in Document.objects.filter(pk__in=ids).values(
            "id", "title", "url", "date", "description", "organisation__name"
        )
    }
    snippets = engine.snippets(query, ids)
    for hit in shown:
        row = details.get(hit.id, {})
        hit.title = row.get("title", "")
        hit.url = row.get("url", "")
        hit.date = row.get("date")
        hit.organisation = row.get("organisation__name") or ""
        snippet = snippets.get(hit.id) or ""
        hit.snippet = (
            mark(snippet)
            if STOP in snippet or START in snippet
            else html.escape((row.get("description") or snippet)[:300])
        )
    results.hits = shown
    return results
