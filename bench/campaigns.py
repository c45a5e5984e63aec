"""Load-test campaign actions on PostgreSQL: `make bench campaigns` (or bench/campaigns.py).

1. Petition signing: 200 concurrent clients, each request a new supporter (a unique
   email, made by the wrk script), for --sign-duration seconds, twice:
   - closed loop (each client signs again the moment it is answered): how many
     signatures a second the server accepts. Target: at least 500.
   - paced (open loop): the 200 clients together offer 500 signatures a second on a
     fixed schedule, as people arriving do. Target: p95 <= 200 ms, counted from when
     each signature was due, so waiting for a free client counts too.
   Both targets cannot be met in one closed-loop run: with 200 clients always waiting,
   the mean latency is 200 / throughput (Little's law), so p95 <= 200 ms there would
   need well over 1,000 signatures a second; the closed loop's own latencies are
   reported too. After each run the stored count must equal the number of 2xx answers
   exactly (none lost, none duplicated). Beside it, the raw INSERT rate into the same
   table in the same run (pgbench), the ceiling for any web stack on this machine.
2. The petition page with 1,000,000 signatures (scale M): p95 <= 50 ms at 16 clients.
3. The CSV export of those 1,000,000 signatures: done in <= 30 s, and the gunicorn
   worker's memory (RSS) grows by <= 100 MB.

Uses its own database, `coalition_bench_campaigns` on 127.0.0.1 (made if missing),
the production server (gunicorn, DEBUG off) and rate limits raised through the
environment only. Exits 0 when every target is met, 1 when one is missed, 2 when
the run failed. `--quick` is a short check at scale S (not held to the targets).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from campaigns_report import (
    DATABASE,
    checks,
    markdown,
)
from results_report import git_commit, machine_info, write_results
from run import (
    HOST,
    BenchError,
    bench_environment,
    free_port,
    raise_on_terminate,
    rss_mb,
    run_wrk,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
    worker_pids,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-campaigns"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
SIGNING_CLIENTS = 200
WRK_THREADS = 2
# The paced run offers this many signatures a second, the target rate.
SIGNING_RATE = 500
PAGE_CLIENTS = 16
SIGNING_SLUG = "bench-signing"
# After the signing time, wrk starts no new request for this long and then stops: every
# signature sent has been answered (wrk counts one slower than this as a timeout).
DRAIN_S = 6


# The wrk script for signing (closed loop or paced; see its comments).
SIGNING_SCRIPT = Path(__file__).with_name("campaigns_signing.lua")

RAW_INSERT_SQL = """\\set n random(1, 9000000000000000)
INSERT INTO campaigns_participation (action_id, name, email, email_normalised, postcode,
  postcode_district, postcode_area, organisation_name, on_behalf_of_organisation,
  list_publicly, contact_by_coalition, contact_by_partner, consent_wording, status, token,
  created, invalidated_reason)
VALUES (:action, 'Raw Insert', 'raw-' || :client_id || '-' || :n || '@bench.example.org',
  'raw-' || :client_id || '-' || :n || '@bench.example.org', 'NG1 5FS', 'NG1', 'NG', '',
  false, false, false, false, '', 'pending', 'raw-' || :client_id || '-' || :n, now(), '');
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("S", "M", "L"), default="M")
    parser.add_argument("--sign-duration", type=int, default=20, help="seconds of signing")
    parser.add_argument("--page-duration", type=int, default=10, help="seconds on the page")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--quick", action="store_true", help="scale S and short runs, to check the bench works"
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/15",
        help="CACHE_URL for the server: Redis, as a deployment expecting load runs "
        "(rate-limit counters and cached pages); empty for the default file cache",
    )
    parser.add_argument("--no-save", action="store_true", help="write no results files")
    args = parser.parse_args(argv)
    if args.quick:
        args.scale, args.sign_duration, args.page_duration = "S", 6, 3
    return args


def environment(cache_url: str) -> dict[str, str]:
    env = bench_environment()
    env.update(
        {
            "CACHE_URL": cache_url,
            "VAR_DIR": str(VAR_DIR),
            "STATIC_ROOT": str(VAR_DIR / "static"),
            "DATABASE_URL": DATABASE_URL,
            # Raised for the bench only, through the environment: every request comes
            # from 127.0.0.1, so the production limits would answer 429 at once.
            "ACTION_RATE_LIMIT_BURST": "100000000/1m",
            "ACTION_RATE_LIMIT_SUSTAINED": "100000000/1h",
        }
    )
    return env


def create_database() -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            step(f"Creating database {DATABASE}")
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def prepare(args) -> dict:
    """Migrate, load the data, make the signing petition empty, sign in a staff user."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from coalition.campaigns import loaddata
    from coalition.campaigns.models import Action, Campaign

    step("Migrating the bench database")
    call_command("migrate", interactive=False, verbosity=0)
    step(f"Generating load data (scale {args.scale}); the first time at M takes a few minutes")
    call_command("generate_load_data", scale=args.scale)
    step("Collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)

    petition = Action.objects.select_related("campaign").get(
        campaign__slug=loaddata.SLUG, slug=loaddata.PETITION_SLUG
    )
    campaign, _ = Campaign.objects.update_or_create(
        slug=SIGNING_SLUG,
        defaults={
            "title": "Bench: signing",
            "policy_area": "Benchmark",
            "goal": "Measure signing.",
            "summary": "Signed by the benchmark.",
            "status": Campaign.Status.ACTIVE,
        },
    )
    signing, _ = Action.objects.update_or_create(
        campaign=campaign,
        slug=SIGNING_SLUG,
        defaults={
            "kind": Action.Kind.PETITION,
            "title": "Bench petition",
            "target": "The benchmark",
            "text": "Sign as fast as you can.",
            "status": Action.Status.OPEN,
            "closes_at": None,
        },
    )
    clear_signing(signing.pk)
    from run import staff_session_key

    cookie = f"sessionid={staff_session_key()}"
    plan = {
        "petition_path": petition.get_absolute_url(),
        "petition_signatures": petition.confirmed_count,
        "export_path": f"/staff/campaigns/{petition.campaign.slug}/{petition.slug}/"
        "participants.csv",
        "signing_path": signing.get_absolute_url(),
        "signing_id": signing.pk,
        "staff_cookie": cookie,
    }
    connections.close_all()
    return plan


def clear_signing(action_id: int) -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM campaigns_participation WHERE action_id = %s", [action_id])
        # The confirmation batches the signing enqueued (no worker runs during the bench;
        # the rows still owed their email are simply deleted with them).
        cursor.execute(f"DELETE FROM {DBTaskResult._meta.db_table}")


def tasks_enqueued() -> int:
    """Background tasks the signing enqueued: the confirmation batches (not one a signature)."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DBTaskResult._meta.db_table}")
        count = cursor.fetchone()[0]
    connection.close()
    return count


def stored_signatures(action_id: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM campaigns_participation WHERE action_id = %s", [action_id]
        )
        count = cursor.fetchone()[0]
    connection.close()
    return count


def fetch(port, path, headers=None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- 1. signing -------------------------------------------------------------------------------


def sign(port, plan, seconds: int, drain: int, label: str, rate: int = 0) -> dict:
    """One wrk run of signing; every request a new email. Returns wrk's figures.

    rate 0: each client sends its next signature as soon as the last is answered (closed
    loop: how many the server can take). rate N: N signatures a second on a schedule
    across all the clients (open loop), latencies counted from when each was due.
    """
    status, body = fetch(port, plan["signing_path"])
    match = re.search(rb'name="form_token" value="([^"]+)"', body)
    if status != 200 or not match:
        raise BenchError(f"The signing petition answered {status} without a form token.")
    token = match[1].decode()
    started = time.time()
    deadline = int(started) + seconds - drain + 1
    signing_seconds = deadline - started
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{SIGNING_CLIENTS}",
        f"-d{seconds}s",
        "--timeout",
        f"{drain}s",
        "-s",
        str(SIGNING_SCRIPT),
        f"http://{HOST}:{port}{plan['signing_path']}",
        "--",
        f"{label}-{int(started)}",
        token,
        plan["signing_path"],
        str(deadline),
        str(rate),
        str(WRK_THREADS),
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
    figures = {
        "clients": SIGNING_CLIENTS,
        "offered_per_s": rate or None,
        "signing_seconds": round(signing_seconds, 2),
        "requests": raw["requests"],
        "signed_2xx": raw["signed"],
        "other_answers": raw["other"],
        "other_statuses": raw["other_statuses"].split(),
        "signatures_per_s": round(raw["signed"] / signing_seconds, 1),
        "latency_ms": {k: round(v / 1000, 2) for k, v in raw["latency_us"].items()},
        "errors": raw["errors"],
        "error_count": sum(raw["errors"].values()),
    }
    if rate:
        # Paced: latency from each signature's due time (see SIGNING_LUA), not wrk's own.
        figures["wrk_latency_ms"] = figures["latency_ms"]
        figures["latency_ms"] = {k: v for k, v in raw["paced"].items() if k != "measured"}
        figures["latency_measured"] = raw["paced"]["measured"]
    return figures


def report_signing(signing: dict) -> None:
    step(
        f"  {signing['signatures_per_s']:,.0f} signatures/s, p95 "
        f"{signing['latency_ms']['p95']:.0f} ms; {signing['signed_2xx']:,} answered 2xx, "
        f"{signing['stored']:,} stored, {signing['other_answers']} other answers "
        f"{signing['other_statuses'][:5]}; {signing['tasks_enqueued']} email batch tasks"
    )


def raw_insert_rate(action_id: int, seconds: int) -> dict:
    """pgbench: single-row INSERTs (autocommit) into the same table: the ceiling."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(RAW_INSERT_SQL)
    try:
        finished = subprocess.run(
            [
                "pgbench",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-n",
                "-c",
                "16",
                "-j",
                "2",
                "-T",
                str(seconds),
                "-D",
                f"action={action_id}",
                "-f",
                script.name,
                DATABASE,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"tps = ([\d.]+)", finished.stdout)
    if finished.returncode != 0 or not match:
        raise BenchError(f"pgbench failed: {finished.stderr or finished.stdout}")
    latency = re.search(r"latency average = ([\d.]+) ms", finished.stdout)
    return {
        "clients": 16,
        "inserts_per_s": round(float(match[1]), 1),
        "latency_avg_ms": float(latency[1]) if latency else None,
    }


# --- 3. the export ----------------------------------------------------------------------------


def export(port, plan, master_pid: int) -> dict:
    """Download the whole CSV once, timing it and watching the workers' memory."""
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
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    lines = size = 0
    try:
        conn.request("GET", plan["export_path"], headers={"Cookie": plan["staff_cookie"]})
        response = conn.getresponse()
        if response.status != 200:
            raise BenchError(f"The export answered {response.status}.")
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
    finally:
        conn.close()
        elapsed = time.perf_counter() - started
        stop.set()
        watcher.join()
    after = {pid: rss_mb(pid) for pid in pids}
    growth = max(max(peak[pid], after[pid]) - before[pid] for pid in pids)
    return {
        "seconds": round(elapsed, 2),
        "rows": lines - 1,
        "megabytes": round(size / 1e6, 1),
        "rss_growth_mb": round(growth, 1),
        "rss_before_mb": {str(pid): round(value, 1) for pid, value in before.items()},
        "rss_peak_mb": {str(pid): round(value, 1) for pid, value in peak.items()},
    }


# --- the report -------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    for tool in ("wrk", "pgbench"):
        if shutil.which(tool) is None:
            print(f"bench campaigns needs {tool}.", file=sys.stderr)
            return 2
    signal.signal(signal.SIGTERM, raise_on_terminate)
    started_at = datetime.now(UTC).replace(microsecond=0)
    clock = time.monotonic()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(args.cache_url))
    try:
        create_database()
        plan = prepare(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    port = free_port()
    log_path = VAR_DIR / "gunicorn.log"
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server = None
    try:
        server = start_server(dict(os.environ), port, args, log_path)
        wait_until_healthy(server, port, log_path)

        step("Signing: warm-up (4 s)")
        warm = sign(port, plan, 4 + DRAIN_S, DRAIN_S, "warm")
        stored = stored_signatures(plan["signing_id"])
        if stored != warm["signed_2xx"]:
            raise BenchError(f"Warm-up: {stored} stored but {warm['signed_2xx']} answered 2xx.")
        clear_signing(plan["signing_id"])
        step(f"Signing, closed loop: {SIGNING_CLIENTS} clients for {args.sign_duration} s")
        signing = sign(port, plan, args.sign_duration + DRAIN_S, DRAIN_S, "sign")
        signing["stored"] = stored_signatures(plan["signing_id"])
        signing["tasks_enqueued"] = tasks_enqueued()
        report_signing(signing)
        clear_signing(plan["signing_id"])
        step(
            f"Signing, paced: {SIGNING_RATE}/s offered by {SIGNING_CLIENTS} clients "
            f"for {args.sign_duration} s"
        )
        paced = sign(port, plan, args.sign_duration + DRAIN_S, DRAIN_S, "paced", SIGNING_RATE)
        paced["stored"] = stored_signatures(plan["signing_id"])
        paced["tasks_enqueued"] = tasks_enqueued()
        report_signing(paced)
        step("Raw INSERT rate into the same table (pgbench)")
        raw = raw_insert_rate(plan["signing_id"], max(3, min(10, args.sign_duration // 2)))
        step(f"  {raw['inserts_per_s']:,.0f} inserts/s")
        clear_signing(plan["signing_id"])

        step(f"Petition page ({plan['petition_signatures']:,} signatures): warm-up")
        status, _ = fetch(port, plan["petition_path"])
        if status != 200:
            raise BenchError(f"The petition page answered {status}.")
        run_wrk(port, plan["petition_path"], {}, PAGE_CLIENTS, 2)
        page = run_wrk(port, plan["petition_path"], {}, PAGE_CLIENTS, args.page_duration)
        step(f"  {page['rps']:,.0f} req/s, p95 {page['latency_ms']['p95']:.1f} ms")

        step("CSV export of every signature")
        csv = export(port, plan, server.pid)
        step(f"  {csv['rows']:,} rows in {csv['seconds']:.1f} s, RSS +{csv['rss_growth_mb']} MB")
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            step("Stopping gunicorn")
            stop_server(server)

    report = {
        "version": 1,
        "suite": "campaigns",
        "scale": args.scale,
        "quick": args.quick,
        "started": started_at.isoformat(),
        "elapsed_s": round(time.monotonic() - clock),
        "git_commit": git_commit(),
        "machine": machine_info(),
        "load_average_before": load_before,
        "load_average_after": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "server": f"gunicorn coalition.wsgi --workers {args.workers} "
        f"--worker-class {args.worker_class}",
        "cache": args.cache_url or "default cache (FileBasedCache in VAR_DIR/cache)",
        "data": {"petition signatures": plan["petition_signatures"]},
        "signing": signing,
        "signing_paced": paced,
        "raw_insert": raw,
        "page": page,
        "export": csv,
    }
    report["checks"] = checks(report)
    report["pass"] = all(check["pass"] for check in report["checks"])
    table = markdown(report)
    print()
    print(table)
    if not args.no_save:
        for path in write_results(report, suite="campaigns", table=table):
            step(f"Wrote {path.relative_to(ROOT)}")
    step(f"Finished in {report['elapsed_s']} s")
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a failed run must not look like a missed target (exit status 1)
        traceback.print_exc()
        sys.exit(2)
