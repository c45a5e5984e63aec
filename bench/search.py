"""Benchmark site search: `make bench search` (or .venv/bin/python bench/search.py).

1. Crawl, end to end (fetch, extract, index) a loopback corpus this benchmark generates
   (bench/search_corpus.py: 5,000+ HTML pages of realistic size and links and 100 PDFs
   on 5 hosts, served by a separate asyncio process), with the politeness delay zero for
   these allow-listed hosts. Target >= 40 pages/s on 2 cores. Then a second pass over the
   unchanged corpus: target >= 95% of page requests answered 304. The crawler's peak RSS
   (its process and its extraction workers) <= 500 MB and flat (sampled through the
   crawl), and the index size on disk per 1,000 pages.
2. Scrapy fetching and extracting the same corpus (same extraction code, robots.txt obeyed,
   one request at a time per host) in the same run: ours >= Scrapy's pages/s. Scrapy is
   installed into the venv from bench/requirements-search.txt when missing (the project
   itself never uses it); the comparison is skipped, saying so, if it cannot be.
3. Query latency with 1,000 realistic queries (common words, phrases, several words, rare
   words, OR and -exclude; bench/search_text.py): the whole search (rank a bounded
   candidate set, facets, snippets for the top 10) on SQLite with 250,000 indexed pages
   (p95 <= 100 ms) and on PostgreSQL with 1,000,000 (p95 <= 150 ms), each beside the raw
   engine's floor (the same MATCH / tsquery with LIMIT 10). Synthetic documents are
   inserted directly (bulk INSERT on SQLite, COPY on PostgreSQL), not crawled; they are
   kept between runs (var/bench-search/query/, database coalition_bench_search).

Exits 0 when every target is met, 1 when one is missed, 2 when the run failed.
`--quick` is a short check at small sizes, not held to the targets.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_report import git_commit, machine_info, write_results  # noqa: E402
from search_report import TARGETS, judge, table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-search"
PG_DATABASE = "coalition_bench_search"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
CORPUS_PORT = 8210


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short check, not held to targets")
    parser.add_argument("--parts", default="crawl,scrapy,sqlite,postgres")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--sqlite-docs", type=int, default=250_000)
    parser.add_argument("--pg-docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.pdfs, args.sqlite_docs, args.pg_docs = 500, 10, 5000, 10000
        args.queries = 200
    return args


def environment(var_dir: Path, database_url: str = "", **extra) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL": "false",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "CACHE_URL": "locmem://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


# --- memory ----------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/task/{current}/children") as handle:
                children = [int(c) for c in handle.read().split()]
        except OSError:
            children = []
        found += children
        todo += children
    return found


class Sampler(threading.Thread):
    """RSS of a process (and, separately, with its children) every 0.25 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.running = pid, [], True

    def run(self):
        while self.running:
            main = rss_mb(self.pid)
            total = main + sum(rss_mb(c) for c in descendants(self.pid))
            self.samples.append((time.monotonic(), main, total))
            time.sleep(0.25)

    def between(self, start: float, end: float) -> list:
        return [s for s in self.samples if start <= s[0] <= end]


def memory_summary(samples: list) -> dict:
    samples = [s for s in samples if s[1] > 0]  # not after the process ended
    if not samples:
        return {}
    mains = [s[1] for s in samples]
    totals = [s[2] for s in samples]
    quarter = max(1, len(samples) // 4)
    return {
        "peak_main_mb": round(max(mains), 1),
        "peak_total_mb": round(max(totals), 1),
        # Flat: the main process at a quarter of the crawl against its end.
        "main_mb_at_25_50_75_100": [
            round(mains[min(len(mains) - 1, quarter * k)], 1) for k in (1, 2, 3)
        ]
        + [round(mains[-1], 1)],
    }


# --- 1. the crawl (child process) --------------------------------------------------------------


def child_crawl(starts: list[str], hosts: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from coalition.sitesearch.models import CrawlRun, Document, Page, Source
    from coalition.sitesearch.services import run_crawl

    call_command("migrate", interactive=False, verbosity=0)
    source = Source.objects.create(
        name="Bench corpus",
        start_urls="\n".join(starts),
        allowed_hosts="\n".join(hosts),
        max_pages=100_000,
    )
    out = {}
    for number in (1, 2):
        print(json.dumps({"mark": f"pass{number}-start", "t": time.monotonic()}), flush=True)
        started = time.perf_counter()
        run = run_crawl(CrawlRun.objects.create(source=source).pk)
        elapsed = time.perf_counter() - started
        print(json.dumps({"mark": f"pass{number}-end", "t": time.monotonic()}), flush=True)
        pages = run.fetched + run.errors
        out[f"pass{number}"] = {
            "seconds": round(elapsed, 2),
            "fetched": run.fetched,
            "indexed": run.indexed,
            "not_modified": run.not_modified,
            "errors": run.errors,
            "skipped": run.skipped,
            "pages_per_second": round(pages / elapsed, 1),
        }
    out["documents"] = Document.objects.count()
    out["pdf_documents"] = Document.objects.filter(kind="pdf").count()
    out["pages_known"] = Page.objects.count()
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'sitesearch_%' GROUP BY name"
            )
            sizes = dict(cursor.fetchall())
        except Exception:
            sizes = {}
    index_bytes = sum(
        v for k, v in sizes.items() if k.startswith(("sitesearch_fts", "sitesearch_document"))
    )
    db_file = Path(connection.settings_dict["NAME"])
    out["index_bytes"] = index_bytes
    out["database_bytes"] = db_file.stat().st_size if db_file.exists() else 0
    out["index_mb_per_1000_pages"] = round(index_bytes / 1e6 / max(1, out["documents"]) * 1000, 2)
    out["database_mb_per_1000_pages"] = round(
        out["database_bytes"] / 1e6 / max(1, out["documents"]) * 1000, 2
    )
    print(json.dumps({"result": out}), flush=True)


def start_corpus(args) -> tuple[subprocess.Popen, dict]:
    command = [sys.executable, str(ROOT / "bench" / "search_corpus.py"), "--serve",
               "--hosts", str(args.hosts), "--port", str(CORPUS_PORT),
               "--pages", str(args.pages), "--pdfs", str(args.pdfs)]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    line = server.stdout.readline()
    if not line:
        raise RuntimeError("The corpus server did not start.")
    return server, json.loads(line)


def corpus_stats(host: str) -> dict:
    with urllib.request.urlopen(f"http://{host}/__stats", timeout=5) as answer:  # noqa: S310
        return json.loads(answer.read())


def run_crawl_part(args, corpus: dict) -> dict:
    hosts = corpus["hosts"]
    var_dir = VAR_DIR / "crawl"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    env = environment(
        var_dir,
        FETCH_ALLOWED_NETWORKS="127.0.0.0/8",
        SITESEARCH_NO_DELAY_HOSTS=",".join(hosts),
        SITESEARCH_EXTRACT_WORKERS=os.cpu_count() or 2,
        SITESEARCH_HOSTS_AT_ONCE=len(hosts),
    )
    command = [sys.executable, str(Path(__file__)), "--child", "crawl",
               ",".join(f"http://{h}/" for h in hosts), ",".join(hosts)]  # fmt: skip
    before = corpus_stats(hosts[0])
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    sampler = Sampler(child.pid)
    sampler.start()
    marks, result = {}, None
    for line in child.stdout:
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if "mark" in data:
            marks[data["mark"]] = time.monotonic()
            if data["mark"] == "pass2-start":
                middle = corpus_stats(hosts[0])
        elif "result" in data:
            result = data["result"]
    child.wait()
    sampler.running = False
    if child.returncode != 0 or result is None:
        raise RuntimeError(f"The crawl child failed ({child.returncode}).")
    after = corpus_stats(hosts[0])
    second_200 = after.get("200", 0) - middle.get("200", 0)
    second_304 = after.get("304", 0) - middle.get("304", 0)
    result["server_first_pass"] = {k: middle.get(k, 0) - before.get(k, 0) for k in middle}
    result["server_second_pass"] = {k: after.get(k, 0) - middle.get(k, 0) for k in after}
    result["second_pass_304_share"] = round(second_304 / max(1, second_200 + second_304), 4)
    result["memory_pass1"] = memory_summary(
        sampler.between(marks.get("pass1-start", 0), marks.get("pass1-end", 1e18))
    )
    result["memory_pass2"] = memory_summary(
        sampler.between(marks.get("pass2-start", 0), marks.get("pass2-end", 1e18))
    )
    return result


def ensure_scrapy() -> str:
    try:
        import scrapy  # noqa: F401

        return ""
    except ImportError:
        pass
    requirements = ROOT / "bench" / "requirements-search.txt"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "-r", str(requirements)],
        capture_output=True, text=True,
    )  # fmt: skip
    if install.returncode != 0:
        return f"Scrapy could not be installed: {install.stderr.strip()[-300:]}"
    return ""


def run_scrapy_part(corpus: dict) -> dict:
    problem = ensure_scrapy()
    if problem:
        return {"skipped": problem}
    hosts = corpus["hosts"]
    command = [
        sys.executable,
        str(ROOT / "bench" / "search_scrapy.py"),
        *(f"http://{h}/" for h in hosts),
    ]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    sampler = Sampler(child.pid)
    sampler.start()
    out, err = child.communicate()
    sampler.running = False
    if child.returncode != 0:
        return {"skipped": f"Scrapy run failed: {err.strip()[-500:]}"}
    result = json.loads(out.strip().splitlines()[-1])
    result["memory"] = memory_summary(sampler.samples)
    return result


# --- 3. query latency (child process per database) ----------------------------------------------


def child_queries(vendor: str, documents: int, queries: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", interactive=False, verbosity=0)
    from search_text import TextMaker

    maker = TextMaker(seed=5, pool=8000)
    loaded = load_documents(maker, documents)
    from coalition.sitesearch import index
    from coalition.sitesearch.query import parse

    log = maker.queries(queries)
    engine = index.backend()
    for _kind, text in log[:50]:  # warm the caches a little
        index.search(parse(text))
    full, floor, ranked, timeouts, by_kind, totals = [], [], [], 0, {}, []
    partial = {}  # searches cut short (PostgreSQL: the first results found), by kind
    load_start = os.getloadavg()
    for number, (kind, text) in enumerate(log):
        query = parse(text)
        started = time.perf_counter()
        results = index.search(query)
        elapsed = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        engine.floor(query)
        floor_ms = (time.perf_counter() - started) * 1000
        full.append(elapsed)
        floor.append(floor_ms)
        if number % (10 if vendor == "sqlite" else 25) == 0:  # slow: only a sample
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    if vendor == "postgresql":
                        cursor.execute("SET LOCAL statement_timeout = '5s'")
                    started = time.perf_counter()
                    engine.ranked_floor(query)
                    ranked.append((time.perf_counter() - started) * 1000)
            except Exception:
                timeouts += 1
                ranked.append(5_000.0)
        by_kind.setdefault(kind, []).append(elapsed)
        totals.append(results.total)
        if results.partial:
            partial[kind] = partial.get(kind, 0) + 1
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT pg_total_relation_size('sitesearch_document'), "
                "pg_relation_size('sitesearch_document_search')"
            )
            table_bytes, gin_bytes = cursor.fetchone()
            size = {
                "table_and_indexes_mb": round(table_bytes / 1e6),
                "gin_mb": round(gin_bytes / 1e6),
            }
        else:
            path = Path(connection.settings_dict["NAME"])
            size = {"database_mb": round(path.stat().st_size / 1e6)}
    print(json.dumps({"result": {
        "documents": loaded,
        "queries": len(log),
        "full_ms": percentiles(full),
        "floor_ms": percentiles(floor),
        "ranked_all_ms": percentiles(ranked),
        "ranked_all_sampled": len(ranked),
        "ranked_all_timeouts": timeouts,
        "p95_by_kind_ms": {k: percentiles(v)["p95"] for k, v in by_kind.items()},
        "median_matches_ranked": statistics.median(totals),
        "partial_by_kind": partial,
        "load_start_end": [[round(x, 2) for x in load_start], [round(x, 2) for x in os.getloadavg()]],
        "size": size,
    }}), flush=True)  # fmt: skip


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(share):
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 2)}


def load_documents(maker, wanted: int) -> int:
    """Insert synthetic documents directly until there are `wanted` (kept between runs)."""
    import random

    from django.db import connection, transaction

    from coalition.core.models import Theme
    from coalition.members.models import Organisation
    from coalition.sitesearch.models import Document

    have = Document.objects.count()
    if have >= wanted:
        return have
    themes = []
    for name in ["Community development", "Rural communities", "Funding and finance",
                 "Local democracy", "Volunteering", "Youth", "Housing and tenants",
                 "Advice services", "Social enterprise", "Learning and skills"]:  # fmt: skip
        theme, _ = Theme.objects.get_or_create(
            slug=name.lower().replace(" ", "-"), defaults={"name": name}
        )
        themes.append(theme.slug)
    organisations = []
    for number in range(60):
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-member-{number}", defaults={"name": f"Bench member {number}"}
        )
        organisations.append(org.pk)
    r = random.Random(have)
    kinds = ["page"] * 85 + ["pdf"] * 12 + ["docx"] * 3
    vendor = connection.vendor
    chunk = 5000
    started = time.perf_counter()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS sitesearch_document_search")
    for first in range(have, wanted, chunk):
        rows = []
        for number in range(first, min(wanted, first + chunk)):
            body = "\n\n".join(maker.body())
            title = maker.title()
            theme = "|" + "|".join(r.sample(themes, r.choice((1, 2)))) + "|"
            rows.append((
                f"bench:{number}", r.choice(kinds), title, body, body[:200],
                f"https://member{number % 60}.example.org/page/{number}/",
                r.choice(organisations), theme,
                f"{r.randint(2003, 2010)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "en",
            ))  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            if vendor == "postgresql":
                copy_sql = ("COPY sitesearch_document (key, kind, title, body, description, url, "
                            "organisation_id, themes, date, language, updated) FROM STDIN")  # fmt: skip
                raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
                with raw.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row((*row, datetime.now(UTC)))
            else:
                cursor.executemany(
                    "INSERT INTO sitesearch_document (key, kind, title, body, description, url, "
                    "organisation_id, themes, date, language, updated) VALUES "
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP)",
                    rows,
                )
        done = min(wanted, first + chunk)
        if done // 50_000 != (done - chunk) // 50_000 or done == wanted:
            rate = (done - have) / (time.perf_counter() - started)
            print(f"loaded {done:,} documents ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS sitesearch_document_search ON sitesearch_document "
                "USING GIN (search_vector)"
            )
            cursor.execute("ANALYZE sitesearch_document")
        else:
            cursor.execute("INSERT INTO sitesearch_fts(sitesearch_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return Document.objects.count()


def ensure_pg_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def run_query_part(vendor: str, documents: int, queries: int) -> dict:
    if vendor == "postgresql":
        ensure_pg_database()
        env = environment(VAR_DIR / "query-pg", PG_URL)
    else:
        env = environment(VAR_DIR / "query")
    (VAR_DIR / "query").mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "query-pg").mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        str(Path(__file__)),
        "--child",
        "queries",
        vendor,
        str(documents),
        str(queries),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"The {vendor} query child failed ({result.returncode}).")
    data = json.loads(result.stdout.strip().splitlines()[-1])["result"]
    data["seconds_with_loading"] = round(time.perf_counter() - started, 1)
    return data


# --- the report ------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        action, *values = args.child
        if action == "crawl":
            child_crawl(values[0].split(","), values[1].split(","))
        elif action == "queries":
            child_queries(values[0], int(values[1]), int(values[2]))
        return 0
    parts = set(args.parts.split(","))
    report = {
        "suite": "search",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine_info(),
        "load_before": os.getloadavg(),
        "quick": args.quick,
        "targets": TARGETS,
    }
    failed = False
    try:
        if parts & {"crawl", "scrapy"}:
            print("Generating and serving the corpus...", flush=True)
            server, corpus = start_corpus(args)
            report["corpus"] = corpus
            try:
                if "crawl" in parts:
                    print("Crawling it (two passes)...", flush=True)
                    report["crawl"] = run_crawl_part(args, corpus)
                    print(json.dumps(report["crawl"]), flush=True)
                if "scrapy" in parts:
                    print("Scrapy on the same corpus...", flush=True)
                    report["scrapy"] = run_scrapy_part(corpus)
                    try:
                        import scrapy

                        report["scrapy"]["version"] = scrapy.__version__
                    except ImportError:
                        pass
                    print(json.dumps(report["scrapy"]), flush=True)
            finally:
                server.terminate()
                server.wait()
        for vendor, key, size in (("sqlite", "sqlite", args.sqlite_docs),
                                  ("postgresql", "postgres", args.pg_docs)):  # fmt: skip
            if key in parts:
                print(f"Queries on {vendor} with {size:,} documents...", flush=True)
                try:
                    report[f"queries_{vendor}"] = run_query_part(vendor, size, args.queries)
                except Exception as error:
                    failed = True
                    report[f"queries_{vendor}"] = {"error": str(error)}
                print(json.dumps(report[f"queries_{vendor}"]), flush=True)
    except Exception:
        traceback.print_exc()
        failed = True
    report["misses"] = judge(report)
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    markdown = table(report)
    print(markdown)
    if not args.no_save:
        for path in write_results(report, suite="search", table=markdown):
            print(f"wrote {path.relative_to(ROOT)}")
    if failed:
        return 2
    return 1 if report["misses"] and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
# ruff: noqa: E501 (Markdown tables and HTML templates)
