"""Benchmark the research library: `make bench research` (or .venv/bin/python bench/research.py).

1. Importing a 10,000-entry BibTeX file as a researcher would (Zotero-style entries, some
   with LaTeX accents and corporate authors; 1% unreadable, 1% with a bad year, 1% with a
   DOI already in the library, 1% repeating a DOI of the file): checking it into the
   preview with its per-entry report (`prepare`), then importing the good entries (`run`).
   Target: <= 20 s for both together.
2. The library list filtered by theme and year (/research/?theme=..&year=..) with 100,000
   published items, over HTTP against the production server (gunicorn, DEBUG off), as an
   anonymous visitor; each request a different query string, so the page cache never
   answers: sequential requests, p95. Target: p95 <= 50 ms. Floors measured in the same
   run: /health/ over HTTP, and the page's two queries (count + page) in raw SQL.

A database of its own: var/bench-research/sqlite/coalition.sqlite3. Exits 0 when every
target is met, 1 when one is missed, 2 when the run failed. `--quick` is a short check
(2,000 entries, 10,000 items, 40 requests), not held to the targets.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from governance import get, http_p95, percentiles
from results_report import git_commit, machine_info, write_results
from run import (
    BenchError,
    bench_environment,
    free_port,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-research"
IMPORT_TARGET_S = 20.0
LIST_P95_TARGET_MS = 50.0
PREFIX = "bench-"
THEMES = [
    "Community development", "Rural communities", "Neighbourhood renewal", "Funding and finance",
    "Local democracy", "Advice services", "Volunteering", "Youth", "Faith communities",
    "Housing and tenants", "Learning and skills", "Social enterprise",
]  # fmt: skip
LIBRARY_DOIS = 100  # library items given a DOI, so the import meets some duplicates


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short check, not held to targets")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.entries, args.items, args.requests = 2000, 10_000, 40
    args.worker_class, args.threads = "sync", 1
    return args


# --- run in a child process with the bench environment (Django set up there) --------------


def child(env: dict, action: str, *values) -> dict:
    command = [sys.executable, str(Path(__file__)), "--child", action, *map(str, values)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{action} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_main(action: str, values: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if action == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
        print(json.dumps({"ok": True}))
    elif action == "load-library":
        print(json.dumps(load_library(int(values[0]))))
    elif action == "import":
        print(json.dumps(time_import(int(values[0]))))
    elif action == "cpu-list":
        print(json.dumps(cpu_list(int(values[0]), values[1].split(","), int(values[2]))))
    else:
        raise SystemExit(f"unknown action {action}")


def load_library(count: int) -> dict:
    """`count` published items with two themes and two authors each (made once, kept)."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from coalition.core.models import Theme
    from coalition.research import loaddata
    from coalition.research.models import ResearchItem

    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    existing = ResearchItem.objects.filter(slug__startswith=f"{PREFIX}research-").count()
    started = time.perf_counter()
    if existing != count:
        with transaction.atomic():
            loaddata.clear(None, prefix=PREFIX)
            loaddata.make_items(count, random.Random(2010), timezone.localdate(), prefix=PREFIX)
            for n in range(LIBRARY_DOIS):
                ResearchItem.objects.filter(slug=f"{PREFIX}research-{n}").update(
                    doi=f"10.5555/bench.library.{n}"
                )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    years = dict(
        ResearchItem.objects.filter(slug__startswith=PREFIX)
        .values_list("year")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
    )
    return {
        "items": ResearchItem.objects.count(),
        "made_now": existing != count,
        "seconds": round(time.perf_counter() - started, 1),
        "themes": Theme.objects.count(),
        "years": len(years),
        "theme_slugs": [slugify(n) for n in THEMES],
        "year_range": [min(years), max(years)],
    }


def bibtex_file(entries: int, rng) -> tuple[str, dict]:
    """A Zotero-like export, with known numbers of bad and duplicate entries."""
    topics = [
        "Commissioning and {S}mall {G}roups", "The impact of management styles",
        "Advocacy under contract", "Personalisation and self-directed support",
        "Funding regimes and independence", "Community anchors in rural England",
    ]  # fmt: skip
    people = ["Okafor, Ruth", "Hale, Martin", "M{\\\"u}ller, Anna", "Bains, Sunita",
              "Pritchard, Owen", "Fran\\c{c}ois, Jean", "Brown, Sylvia"]  # fmt: skip
    kinds = {"bad_brace": 0, "bad_year": 0, "library_doi": 0, "file_doi": 0}
    parts = ["% Exported by Zotero"]
    for n in range(entries):
        roll = rng.random()
        title = f"{rng.choice(topics)}: study {n}"
        authors = " and ".join(rng.sample(people, rng.randint(1, 3)))
        if rng.random() < 0.2:
            authors += " and {Community Matters}"
        year, doi = str(1996 + rng.randrange(30)), f"10.5555/bench.import.{n}"
        if roll < 0.01:
            kinds["bad_brace"] += 1
            parts.append(f"@article{{broken{n},\n\ttitle = {{{title},\n\tyear = {{{year}}},\n")
            continue
        if roll < 0.02:
            kinds["bad_year"] += 1
            year = "20x9"
        elif roll < 0.03:
            kinds["library_doi"] += 1
            doi = f"10.5555/bench.library.{rng.randrange(LIBRARY_DOIS)}"
        elif roll < 0.04 and n > 10:
            kinds["file_doi"] += 1
            doi = f"10.5555/bench.import.{rng.randrange(n - 10)}"
        kind = rng.choice(["article", "techreport", "book", "incollection", "misc"])
        parts.append(
            f"@{kind}{{entry{n},\n\ttitle = {{{title}}},\n\tauthor = {{{authors}}},\n"
            f"\tyear = {{{year}}},\n\tdoi = {{https://doi.org/{doi}}},\n"
            f"\tjournal = {{Voluntary Sector Review}},\n\tvolume = {{{n % 40}}},\n"
            f"\tpages = {{{n % 200}--{n % 200 + 20}}},\n"
            f"\tkeywords = {{{rng.choice(THEMES)}, commissioning}},\n"
            f"\tabstract = {{A study of community groups and the funding regimes they meet, "
            f"with interviews and a survey. Entry {n}.}},\n}}\n"
        )
    return "\n".join(parts), kinds


def time_import(entries: int) -> dict:
    from django.contrib.auth import get_user_model

    from coalition.research.models import ImportBatch, ResearchItem
    from coalition.research.services import imports

    # Undo the previous run's import, so each run imports the same file into the same library.
    previous = ResearchItem.objects.filter(import_batch__filename="bench.bib")
    ResearchItem.authors.through.objects.filter(item__in=previous).delete()
    ResearchItem.themes.through.objects.filter(researchitem__in=previous).delete()
    previous._raw_delete(previous.db)
    ImportBatch.objects.filter(filename="bench.bib").delete()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-researcher", defaults={"email": "bench-researcher@example.org"}
    )
    text, kinds = bibtex_file(entries, random.Random(2009))
    started = time.perf_counter()
    batch = imports.prepare(user, "bench.bib", text)
    checked = time.perf_counter()
    batch = imports.run(batch.pk)
    done = time.perf_counter()
    reasons: dict[str, int] = {}
    for entry in batch.entries:
        for error in entry["errors"]:
            key = error.split("“")[0].strip()
            reasons[key] = reasons.get(key, 0) + 1
    return {
        "entries": len(batch.entries),
        "bytes": len(text.encode()),
        "planted": kinds,
        "imported": batch.imported,
        "refused": batch.refused,
        "duplicates": batch.duplicates,
        "refused_reasons": reasons,
        "check_s": round(checked - started, 2),
        "import_s": round(done - checked, 2),
        "total_s": round(done - started, 2),
    }


def cpu_list(requests: int, slugs: list[str], first_year: int) -> dict:
    """The same filtered list in process (no HTTP), timed in this process's CPU time as well
    as wall time: the CPU figure hardly moves with what else the machine is doing."""
    import uuid

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(1995)
    cpu, wall = [], []
    for n in range(requests + 10):
        path = f"/research/?theme={rng.choice(slugs)}&year={first_year + rng.randrange(30)}"
        path += f"&u={uuid.uuid4().hex}"
        started_cpu, started = time.process_time(), time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        if n >= 10:  # the first ten warm the templates and the connection
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return {"cpu": percentiles(cpu), "wall": percentiles(wall)}


# --- floors -----------------------------------------------------------------------------------


def sql_floor(database: Path, theme_slug: str, year: int, requests: int) -> dict:
    """The list's two queries (the count and the first page) straight through sqlite3."""
    where = (
        "FROM research_researchitem i JOIN research_researchitem_themes t "
        "ON t.researchitem_id = i.id JOIN core_theme c ON c.id = t.theme_id "
        "WHERE i.status = 'published' AND c.slug = ? AND i.year = ?"
    )
    count_sql = f"SELECT COUNT(*) {where}"  # noqa: S608 (constants)
    page_sql = f"SELECT i.id, i.title {where} ORDER BY i.published_at DESC, i.id DESC LIMIT 20"  # noqa: S608
    db = sqlite3.connect(database)
    try:
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            db.execute(count_sql, (theme_slug, year)).fetchall()
            db.execute(page_sql, (theme_slug, year)).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        plan = " / ".join(
            row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + page_sql, (theme_slug, year))
        )
    finally:
        db.close()
    return {**percentiles(times), "plan": plan}


# --- the run ----------------------------------------------------------------------------------


def environment() -> dict:
    env = {**os.environ, **bench_environment()}
    env["VAR_DIR"] = str(VAR_DIR / "sqlite")
    env["STATIC_ROOT"] = str(VAR_DIR / "static")
    env["DATABASE_URL"] = ""
    return env


def run(args, report: dict) -> None:
    env = environment()
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    step("migrating")
    child(env, "migrate")
    step(f"loading the library: {args.items:,} published items")
    report["library"] = child(env, "load-library", args.items)
    step(f"  {report['library']}")
    step(f"importing a {args.entries:,}-entry BibTeX file (check, then import)")
    report["import"] = child(env, "import", args.entries)
    step(f"  {report['import']}")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    rng = random.Random(1994)
    slugs = report["library"]["theme_slugs"]
    first, last = report["library"]["year_range"]
    # Start from an empty page cache: Django's file cache lists every file it holds on each
    # write (to cull), so pages left by earlier runs would slow every request of this one.
    shutil.rmtree(Path(env["VAR_DIR"]) / "cache", ignore_errors=True)
    port = free_port()
    log = Path(env["VAR_DIR"]) / "gunicorn.log"
    server = start_server(env, port, args, log)
    try:
        wait_until_healthy(server, port, log)
        for n in range(10 * args.workers):  # warm every worker's templates and connection
            get(port, f"/research/?theme={slugs[n % len(slugs)]}&year={first + n % 30}&warm={n}")
        times = []
        step(f"library filtered by theme and year: {args.requests} requests one after another")
        for n in range(args.requests):
            path = f"/research/?theme={rng.choice(slugs)}&year={rng.randint(first, last)}&n={n}"
            started = time.perf_counter()
            status, body = get(port, path)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200 or b"Matching research" not in body:
                raise BenchError(f"{path} answered {status}")
        report["list"] = percentiles(times)
        step(f"  {report['list']}")
        report["health"] = http_p95(port, "/health/", args.requests)
        step(f"  /health/ floor: {report['health']}")
    finally:
        stop_server(server)
    step("the same list in process, CPU time per request")
    report["in_process"] = child(env, "cpu-list", args.requests, ",".join(slugs), first)
    step(f"  {report['in_process']}")
    report["sql_floor"] = sql_floor(
        Path(env["VAR_DIR"]) / "coalition.sqlite3", slugs[3], (first + last) // 2, args.requests
    )
    step(f"  raw SQL floor: {report['sql_floor']}")


def table(report: dict) -> str:
    imp, lst, sql, health = report["import"], report["list"], report["sql_floor"], report["health"]
    cpu, wall = report["in_process"]["cpu"], report["in_process"]["wall"]
    reasons = ", ".join(f"{why} {n}" for why, n in imp["refused_reasons"].items())
    lines = [
        "# Research library benchmark",
        "",
        f"Started {report['started']}, commit {report['commit']}, "
        f"{report['machine'].get('cpu_count', '?')} CPUs, load average at start "
        f"{report['load_at_start']}. Quick: {report['quick']}.",
        "",
        "## Importing a BibTeX file",
        "",
        f"{imp['entries']:,} entries ({imp['bytes'] / 1e6:.1f} MB) into a library of "
        f"{report['library']['items']:,} items: {imp['imported']:,} imported, "
        f"{imp['refused']:,} refused ({reasons}), {imp['duplicates']:,} duplicates "
        f"(planted: {imp['planted']}).",
        "",
        "| step | seconds | target |",
        "| --- | ---: | --- |",
        f"| check into the preview, with the per-entry report | {imp['check_s']} | |",
        f"| import the good entries | {imp['import_s']} | |",
        f"| both | {imp['total_s']} | <= {IMPORT_TARGET_S:g} s |",
        "",
        "## The library filtered by theme and year",
        "",
        f"{report['library']['items']:,} published items, {report['library']['themes']} themes "
        f"(two per item), {report['library']['years']} years; gunicorn with "
        f"{report['workers']} sync workers, SQLite, sequential anonymous requests, each a "
        "different query string (no page cache hits).",
        "",
        "| request | p50 | p95 | max | requests |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| /research/?theme=..&year=.. | {lst['p50_ms']} ms | {lst['p95_ms']} ms | "
        f"{lst['max_ms']} ms | {lst['requests']} |",
        f"| floor: /health/ over HTTP | {health['p50_ms']} ms | {health['p95_ms']} ms | "
        f"{health['max_ms']} ms | {health['requests']} |",
        f"| floor: count + page in raw SQL | {sql['p50_ms']} ms | {sql['p95_ms']} ms | "
        f"{sql['max_ms']} ms | {sql['requests']} |",
        f"| the list in process (test client): CPU time | {cpu['p50_ms']} ms | "
        f"{cpu['p95_ms']} ms | {cpu['max_ms']} ms | {cpu['requests']} |",
        f"| the list in process (test client): wall time | {wall['p50_ms']} ms | "
        f"{wall['p95_ms']} ms | {wall['max_ms']} ms | {wall['requests']} |",
        "",
        f"List p95 / raw SQL p95: {report['ratios']['list_over_sql']}x; list p95 - /health/ "
        f"p95: {report['ratios']['list_minus_health_ms']} ms; list p95 / /health/ p95: "
        f"{report['ratios']['list_over_health']}x. The machine is shared: the CPU-time row "
        f"is the figure least moved by other work. Query plan: {sql['plan']}.",
        "",
        f"Targets (import <= {IMPORT_TARGET_S:g} s, list p95 <= {LIST_P95_TARGET_MS:g} ms) "
        f"met: {'yes' if report['targets_met'] else 'NO'}",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3:])
        return 0
    args = parse_args(argv)
    report = {
        "suite": "research",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine_info(),
        "load_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "quick": args.quick,
        "workers": args.workers,
    }
    try:
        run(args, report)
    except (BenchError, subprocess.CalledProcessError, OSError) as error:
        traceback.print_exc()
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 2
    lst, sql, health = report["list"], report["sql_floor"], report["health"]
    report["ratios"] = {
        "list_over_sql": round(lst["p95_ms"] / max(sql["p95_ms"], 0.01), 1),
        "list_minus_health_ms": round(lst["p95_ms"] - health["p95_ms"], 1),
        "list_over_health": round(lst["p95_ms"] / max(health["p95_ms"], 0.01), 1),
    }
    report["targets_met"] = (
        report["import"]["total_s"] <= IMPORT_TARGET_S and lst["p95_ms"] <= LIST_P95_TARGET_MS
    )
    text = table(report)
    print(text)
    if not args.no_save:
        for path in write_results(report, suite="research", table=text):
            step(f"wrote {path.relative_to(ROOT)}")
    if args.quick:
        return 0
    return 0 if report["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
