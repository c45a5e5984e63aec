"""Benchmark surveys on PostgreSQL: `make bench surveys` (or .venv/bin/python bench/surveys.py).

`--sqlite` runs the same on SQLite (var/bench-surveys-sqlite/coalition.sqlite3, results in
bench/results/surveys-sqlite-latest.*).

1. Ingest: responses to a 20-question one-page survey from 100 concurrent clients (wrk,
   each request a different set of answers) for --ingest-duration seconds, against the
   production server (gunicorn, DEBUG off). Targets: at least 300 responses a second,
   and afterwards the stored count equals the number of accepted (303) answers exactly.
2. With 100,000 responses (generated in bulk, see surveys_data.py):
   - the staff results page: p95 <= 1 s over sequential uncached requests;
   - a filtered cross-tab (one collector, every question broken down by another
     question's answer): p95 <= 1 s;
   - the full CSV export: streamed in <= 10 s, the gunicorn worker's memory (RSS)
     growing by <= 100 MB;
   - the SPSS .sav export, held to the same two limits (its writer, pyreadstat, takes the
     whole table, so its memory is what is watched).
   Beside them, the floor: the same counting aggregation as one raw SQL GROUP BY, timed
   in this process in the same run.

Uses its own database, `coalition_bench_surveys` on 127.0.0.1 (made if missing), and
VAR_DIR var/bench-surveys. The survey rate limits are lifted through the environment only.
Exits 0 when every target is met, 1 when one is missed, 2 when the run failed.
`--quick` is a short check (10,000 responses, short runs), not held to the targets.
"""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from results_report import git_commit, machine_info, write_results
from run import (
    HOST,
    BenchError,
    bench_environment,
    free_port,
    raise_on_terminate,
    rss_mb,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
    worker_pids,
)
from surveys_data import analyze, generate_responses, make_survey
from surveys_report import DATABASE, checks, markdown

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-surveys"
SQLITE_VAR_DIR = ROOT / "var" / "bench-surveys-sqlite"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
INGEST_SLUG = "bench-ingest"
RESULTS_SLUG = "bench-results"
CLIENTS = 100
DRAIN_S = 8
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The wrk script that sends the answers (see its comments).
INGEST_SCRIPT = Path(__file__).with_name("surveys_ingest.lua")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--ingest-duration", type=int, default=20, help="seconds of ingest")
    parser.add_argument("--page-requests", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="a short check, not held to targets")
    parser.add_argument("--no-save", action="store_true", help="write no results files")
    parser.add_argument("--sqlite", action="store_true", help="on SQLite, not PostgreSQL")
    parser.add_argument(
        "--sqlite-conn-max-age",
        type=int,
        default=None,
        help="with --sqlite: keep connections open this long (bench/surveys_settings.py)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.responses, args.ingest_duration, args.page_requests = 10_000, 6, 5
    return args


def environment(sqlite: bool = False, conn_max_age: int | None = None) -> dict[str, str]:
    env = bench_environment()
    if sqlite and conn_max_age is not None:
        env["DJANGO_SETTINGS_MODULE"] = "surveys_settings"
        env["BENCH_SQLITE_CONN_MAX_AGE"] = str(conn_max_age)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), str(ROOT)])
    var_dir = SQLITE_VAR_DIR if sqlite else VAR_DIR
    env.update(
        {
            "VAR_DIR": str(var_dir),
            "STATIC_ROOT": str(var_dir / "static"),
            # Empty: SQLite in VAR_DIR.
            "DATABASE_URL": "" if sqlite else DATABASE_URL,
            # Lifted for the bench only, through the environment: every request comes
            # from 127.0.0.1, so the production limits would answer 429 at once.
            "SURVEY_RATE_LIMIT_BURST": "",
            "SURVEY_RATE_LIMIT_DAILY": "",
        }
    )
    return env


def create_database() -> None:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
            ).fetchone()
            if not exists:
                step(f"Creating database {DATABASE}")
                connection.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {error}") from None


# --- preparing (in this process, Django set up with the bench environment) -------------------


def prepare(args) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from coalition.surveys.models import Answer, Response, Survey

    step("Migrating the bench database")
    call_command("migrate", interactive=False, verbosity=0)
    step("Collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)
    ingest = make_survey(INGEST_SLUG, "Bench: ingest")
    results = Survey.objects.filter(slug=RESULTS_SLUG).first()
    loaded = results and results.responses.count() == args.responses
    if not loaded:
        step(f"Generating {args.responses:,} responses")
        started = time.perf_counter()
        results = make_survey(RESULTS_SLUG, "Bench: results")
        generate_responses(results, args.responses)
        step(f"  generated in {time.perf_counter() - started:.1f} s")
    else:
        step(f"{args.responses:,} responses already generated")

    from coalition.surveys.models import ResultCount
    from coalition.surveys.services.results import fold

    # Count everything into the stored counts from scratch, timed (once per run).
    ResultCount.objects.filter(survey=results).delete()
    Response.objects.filter(survey=results).update(fold_batch=0)
    started = time.perf_counter()
    folded = fold(results)
    fold_seconds = round(time.perf_counter() - started, 2)
    analyze()  # as autovacuum would, before the pages are timed
    if folded:
        step(f"  counted {folded:,} responses into the stored counts in {fold_seconds} s")
    from run import staff_session_key

    cookie = f"sessionid={staff_session_key()}"
    collector = results.collectors.filter(organisation__isnull=False).order_by("pk").first()
    plan = {
        "ingest_path": ingest.get_absolute_url(),
        "ingest_id": ingest.pk,
        "results_id": results.pk,
        "results_path": f"/staff/surveys/{results.pk}/results/",
        "crosstab_path": f"/staff/surveys/{results.pk}/results/?collector={collector.pk}&by=q01",
        "filter_path": f"/staff/surveys/{results.pk}/results/?where=q02:a",
        "export_path": f"/staff/surveys/{results.pk}/export.csv?values=codes",
        "sav_path": f"/staff/surveys/{results.pk}/export.sav",
        "staff_cookie": cookie,
        "responses": Response.objects.filter(survey=results).count(),
        "answers": Answer.objects.filter(survey_id=results.pk).count(),
        "first_fold": {"responses": folded, "seconds": fold_seconds},
    }
    connections.close_all()
    return plan


def stored(survey_id: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COUNT(DISTINCT data->>'q18') FROM surveys_response "
            "WHERE survey_id = %s AND status = 'complete'",
            [survey_id],
        )
        responses, distinct = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM surveys_answer WHERE survey_id = %s", [survey_id])
        answers = cursor.fetchone()[0]
    return {"responses": responses, "distinct": distinct, "answers": answers}


def floor(survey_id: int, repeats: int = 5) -> dict:
    """The counting aggregation of the results page as one raw SQL GROUP BY (the floor)."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            cursor.execute(
                "SELECT question_id, row, code, COUNT(*) FROM surveys_answer "
                "WHERE survey_id = %s AND code <> '' GROUP BY question_id, row, code",
                [survey_id],
            )
            rows = cursor.fetchall()
            times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 3), "groups": len(rows)}


# --- HTTP -------------------------------------------------------------------------------------


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def ingest(port: int, plan: dict, seconds: int, label: str) -> dict:
    status, headers, body = get(port, plan["ingest_path"])
    match = CSRF.search(body.decode())
    if status != 200 or not match:
        raise BenchError(f"The survey page answered {status} without a form.")
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    started = time.time()
    deadline = int(started) + seconds - DRAIN_S + 1
    sending = deadline - started
    command = [
        "wrk",
        "-t2",
        f"-c{CLIENTS}",
        f"-d{seconds}s",
        "--timeout",
        f"{DRAIN_S}s",
        "-s",
        str(INGEST_SCRIPT),
        f"http://{HOST}:{port}{plan['ingest_path']}",
        "--",
        match[1],
        cookie,
        plan["ingest_path"],
        str(deadline),
        f"{label}-{int(started)}",
    ]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if finished.returncode != 0 or not lines:
        raise BenchError(
            f"wrk failed ({finished.returncode}): {finished.stderr or finished.stdout}"
        )
    raw = json.loads(lines[-1].removeprefix("BENCH_JSON "))
    return {
        "label": label,
        "clients": CLIENTS,
        "sending_seconds": round(sending, 2),
        "requests": raw["requests"],
        "accepted": raw["accepted"],
        "other_answers": raw["other"],
        "other_statuses": raw["other_statuses"].split()[:10],
        "per_second": round(raw["accepted"] / sending, 1),
        "latency_ms": {k: round(v / 1000, 1) for k, v in raw["latency_us"].items()},
        "errors": raw["errors"],
    }


def page_times(port: int, path: str, cookie: str, requests: int) -> dict:
    status, _headers, body = get(port, path, {"Cookie": cookie})  # warm templates
    if status != 200:
        raise BenchError(f"{path} answered {status}.")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _headers, body = get(port, path, {"Cookie": cookie})
        times.append(time.perf_counter() - started)
        if status != 200:
            raise BenchError(f"{path} answered {status}.")
    times.sort()
    return {
        "requests": requests,
        "p50_s": round(statistics.median(times), 3),
        "p95_s": round(times[min(len(times) - 1, int(0.95 * len(times)))], 3),
        "max_s": round(times[-1], 3),
        "bytes": len(body),
    }


def export(port: int, plan: dict, master_pid: int, path: str) -> dict:
    """Download an export, watching every gunicorn worker's RSS. Rows: lines of a CSV
    less its header; for an SPSS file, the case count in its header (offset 80)."""
    pids = worker_pids(master_pid)
    before = {pid: rss_mb(pid) for pid in pids}
    peak = dict(before)
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            for pid in pids:
                try:
                    peak[pid] = max(peak[pid], rss_mb(pid))
                except OSError:
                    pass
            stop.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    lines = size = 0
    head = b""
    try:
        connection.request("GET", path, headers={"Cookie": plan["staff_cookie"]})
        response = connection.getresponse()
        if response.status != 200:
            raise BenchError(f"The export answered {response.status}.")
        while chunk := response.read(1 << 16):
            if len(head) < 84:
                head += chunk[:84]
            size += len(chunk)
            lines += chunk.count(b"\n")
    finally:
        connection.close()
        elapsed = time.perf_counter() - started
        stop.set()
        watcher.join()
    after = {pid: rss_mb(pid) for pid in pids}
    growth = max(max(peak[pid], after[pid]) - before[pid] for pid in pids)
    if path.endswith(".sav"):
        if not head.startswith(b"$FL2") or len(head) < 84:
            raise BenchError("The SPSS export is not an SPSS system file.")
        rows = int.from_bytes(head[80:84], "little", signed=True)
    else:
        rows = lines - 1
    return {
        "seconds": round(elapsed, 2),
        "rows": rows,
        "megabytes": round(size / 1e6, 1),
        "rss_growth_mb": round(growth, 1),
    }


# --- the report -------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, raise_on_terminate)
    started_at = datetime.now(UTC).replace(microsecond=0)
    clock = time.monotonic()
    var_dir = SQLITE_VAR_DIR if args.sqlite else VAR_DIR
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(args.sqlite, args.sqlite_conn_max_age))
    try:
        if not args.sqlite:
            create_database()
        plan = prepare(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    port = free_port()
    log_path = var_dir / "gunicorn.log"
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server = None
    report: dict = {}
    try:
        server = start_server(dict(os.environ), port, args, log_path)
        wait_until_healthy(server, port, log_path)
        step("Ingest: warm-up (4 s)")
        ingest(port, plan, 4 + DRAIN_S, "warm-up")
        step(f"Ingest: {CLIENTS} clients for {args.ingest_duration} s")
        before = stored(plan["ingest_id"])
        run = ingest(port, plan, args.ingest_duration + DRAIN_S, "ingest")
        after = stored(plan["ingest_id"])
        run["stored"] = {key: after[key] - before[key] for key in after}
        step(
            f"  {run['per_second']:,.0f} responses/s; {run['accepted']:,} accepted, "
            f"{run['stored']['responses']:,} stored ({run['stored']['distinct']:,} distinct), "
            f"{run['other_answers']} other answers {run['other_statuses']}, "
            f"p95 {run['latency_ms']['p95']:.0f} ms"
        )
        report["ingest"] = run
        step("Floor: the counting aggregation as raw SQL")
        report["floor"] = floor(plan["results_id"])
        step(f"  {report['floor']}")
        cookie = plan["staff_cookie"]
        for key, path in (
            ("results", plan["results_path"]),
            ("crosstab", plan["crosstab_path"]),
            ("filtered", plan["filter_path"]),
        ):
            step(f"{key}: {args.page_requests} sequential requests to {path}")
            report[key] = page_times(port, path, cookie, args.page_requests)
            step(f"  {report[key]}")
        step("CSV export of every response")
        report["export"] = export(port, plan, server.pid, plan["export_path"])
        step(f"  {report['export']}")
        step("SPSS export of every response")
        report["sav_export"] = export(port, plan, server.pid, plan["sav_path"])
        step(f"  {report['sav_export']}")
    except (BenchError, OSError) as error:
        traceback.print_exc()
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            step("Stopping gunicorn")
            stop_server(server)
    report.update(
        {
            "version": 1,
            "suite": "surveys",
            "database": (
                f"SQLite (CONN_MAX_AGE {args.sqlite_conn_max_age}, bench/surveys_settings.py)"
                if args.sqlite and args.sqlite_conn_max_age is not None
                else "SQLite"
                if args.sqlite
                else f"PostgreSQL (`{DATABASE}`)"
            ),
            "quick": args.quick,
            "started": started_at.isoformat(),
            "elapsed_s": round(time.monotonic() - clock),
            "git_commit": git_commit(),
            "machine": machine_info(),
            "load_average_before": load_before,
            "load_average_after": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
            "server": f"gunicorn coalition.wsgi --workers {args.workers} "
            f"--worker-class {args.worker_class}",
            "data": {"responses": plan["responses"], "answers": plan["answers"]},
            "first_fold": plan["first_fold"],
        }
    )
    report["checks"] = checks(report, args.quick)
    report["pass"] = all(check["pass"] for check in report["checks"])
    table = markdown(report)
    print()
    print(table)
    if not args.no_save:
        suite = "surveys-sqlite" if args.sqlite else "surveys"
        if args.sqlite and args.sqlite_conn_max_age is not None:
            suite = "surveys-sqlite-persistent"
        for path in write_results(report, suite=suite, table=table):
            step(f"Wrote {path.relative_to(ROOT)}")
    step(f"Finished in {report['elapsed_s']} s")
    if args.quick:
        return 0
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a failed run must not look like a missed target (exit status 1)
        traceback.print_exc()
        sys.exit(2)
