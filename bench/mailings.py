"""Benchmark mailings: `make bench mailings` (or .venv/bin/python bench/mailings.py).

Sends one bulletin to 100,000 subscribers through a real SMTP server on loopback and
checks that nobody gets it twice and nobody is left out, while the workers are killed.

1. A sink: an aiosmtpd server in a process of its own, writing one line per recipient
   of every message it accepts (so every recipient is checked, not just totals).
2. The ceiling: a bare smtplib loop (one connection) sending the same message bytes to
   the sink, 5,000 times: messages/s.
3. The real send: the bulletin's 100,000 delivery rows are made (`start_sending`), then
   two worker processes (`manage.py send_bulletins`) send them. At 25 %, 50 % and 75 %
   of the messages received, both workers are SIGKILLed and started again. Targets:
   >= 300 messages/s (wall clock from the first worker start to the last message,
   kills and restarts included), exactly one message per subscriber at the sink, and
   peak RSS (VmHWM) of every worker <= 250 MB.

Databases of its own: var/bench-mailings/coalition.sqlite3 (default) or, with
`--database postgres`, `coalition_bench_mailings` on 127.0.0.1. The claim timeout is 5 s
here (a killed worker's batch is taken over 5 s later). Exits 0 when every target is
met, 1 when one is missed, 2 when the run failed. `--quick`: 10,000 subscribers, not
held to the targets.
"""

import argparse
import json
import os
import signal
import smtplib
import subprocess
import sys
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from results_report import git_commit, machine_info, write_results
from run import HOST, bench_environment, free_port, step

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-mailings"
PG_DATABASE = "coalition_bench_mailings"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
DOMAIN = "bench.example.org"
RATE_TARGET = 300.0
RSS_TARGET_MB = 250.0
CLAIM_TIMEOUT = 5
# SQLite results are mailings-latest.*, PostgreSQL ones mailings-postgres-latest.*.
SUITES = {"sqlite": "mailings", "postgres": "mailings-postgres"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 subscribers, no targets")
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--ceiling-messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="sending threads per worker")
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sink", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.subscribers, args.ceiling_messages = 10_000, 2000
    return args


# --- the sink (its own process) ---------------------------------------------------------------


def run_sink(port: int, log_path: str) -> None:
    import asyncio

    from aiosmtpd.controller import Controller

    log = open(log_path, "a", buffering=1)  # noqa: SIM115 (open for the process's life)

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            log.write("".join(f"{address}\n" for address in envelope.rcpt_tos))
            return "250 OK"

    controller = Controller(Sink(), hostname=HOST, port=port, ready_timeout=10)
    controller.start()
    signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), log.flush(), os._exit(0)))
    print("ready", flush=True)
    asyncio.run(asyncio.sleep(10**9))


def start_sink(port: int, log_path: Path) -> subprocess.Popen:
    log_path.write_text("")
    sink = subprocess.Popen(
        [sys.executable, str(Path(__file__)), "--sink", str(port), str(log_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    if sink.stdout.readline().strip() != "ready":
        raise RuntimeError("The SMTP sink did not start.")
    return sink


def sink_lines(log_path: Path) -> list[str]:
    return log_path.read_text().splitlines()


# --- helpers run in a child process with Django set up -----------------------------------


def child_main(action: str, *values) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if action == "migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return {}
    if action == "generate":
        return generate(int(values[0]))
    if action == "start":
        return start_bulletin()
    raise ValueError(action)


def generate(count: int) -> dict:
    import secrets

    from django.db import transaction
    from django.utils import timezone

    from coalition.mailings.models import (
        Bulletin,
        Delivery,
        MailingList,
        Subscriber,
        Subscription,
    )

    started = time.monotonic()
    with transaction.atomic():
        Delivery.objects.all().delete()
        Bulletin.objects.all().delete()
        Subscription.objects.all().delete()
        Subscriber.objects.all().delete()
        mailing_list, _ = MailingList.objects.get_or_create(
            slug="bulletin",
            defaults={"name": "Coalition bulletin", "consent_wording": "Email me the bulletin."},
        )
        now = timezone.now()
        for start in range(0, count, 5000):
            people = Subscriber.objects.bulk_create(
                Subscriber(
                    email=f"reader{n}@{DOMAIN}",
                    name=f"Reader {n}",
                    key=secrets.token_urlsafe(12),
                )
                for n in range(start, min(count, start + 5000))
            )
            if people[0].pk is None:  # databases that do not return ids
                people = list(
                    Subscriber.objects.filter(email__in=[p.email for p in people]).only("pk")
                )
            Subscription.objects.bulk_create(
                Subscription(
                    subscriber_id=person.pk,
                    mailing_list=mailing_list,
                    status="subscribed",
                    subscribed_at=now,
                    requested_source="bench",
                )
                for person in people
            )
    return {"subscribers": count, "seconds": round(time.monotonic() - started, 1)}


def start_bulletin() -> dict:
    from coalition.mailings.models import Bulletin, BulletinItem, MailingList
    from coalition.mailings.services import sending

    mailing_list = MailingList.objects.get(slug="bulletin")
    bulletin = Bulletin.objects.create(
        mailing_list=mailing_list,
        subject="Coalition bulletin, March 2010",
        intro="Commissioning, local governance and what February's workshop told us.",
    )
    items = [
        ("research", "Commissioning in West Sussex: the Adur Voluntary Action report"),
        ("news", "£3,300 from the Network for Social Change"),
        ("news", "What the Nottingham workshop told us"),
        ("event", "The impact of management styles on voluntary action"),
        ("event", "Coalition members' meeting"),
        ("action", "Keep small grants: sign the petition"),
        ("action", "Write to your council leader"),
        ("news", "Every Action Counts"),
    ]
    for order, (kind, title) in enumerate(items, start=1):
        BulletinItem.objects.create(
            bulletin=bulletin,
            kind=kind,
            title=title,
            summary="Respondents report serious problems arising from commissioning "
            "strategies; this feeds our critique of funding regimes and the positive "
            "approaches we want from funders.",
            url=f"https://coalition.example.org/news/item-{order}/",
            when="Tuesday 16 March 2010",
            order=order,
        )
    started = time.monotonic()
    recipients = sending.start_sending(bulletin)
    seconds = time.monotonic() - started
    bulletin.refresh_from_db()
    # One real message, to measure the ceiling with the same bytes.
    delivery = bulletin.deliveries.select_related("subscriber").first()
    message = sending.MessageFactory(bulletin).build(delivery)
    data = message.message().as_bytes(linesep="\r\n")
    (VAR_DIR / "message.eml").write_bytes(data)
    return {
        "bulletin": bulletin.pk,
        "recipients": recipients,
        "seconds": round(seconds, 1),
        "message_bytes": len(data),
    }


def child(env: dict, action: str, *values) -> dict:
    command = [sys.executable, str(Path(__file__)), "--child", action, *map(str, values)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{action} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- reading the database from this process ------------------------------------------------


class Database:
    def __init__(self, kind: str):
        self.kind = kind

    def query(self, sql: str, params=()):
        if self.kind == "sqlite":
            import sqlite3

            connection = sqlite3.connect(VAR_DIR / "coalition.sqlite3", timeout=30)
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(PG_URL.replace("postgres://", "postgresql://")) as connection:
            return connection.execute(sql, params).fetchall()

    def statuses(self, bulletin: int) -> dict:
        rows = self.query(
            "SELECT status, COUNT(*) FROM mailings_delivery WHERE bulletin_id = %s GROUP BY status",
            (bulletin,),
        )
        return dict(rows)

    def bulletin_status(self, bulletin: int) -> str:
        return self.query("SELECT status FROM mailings_bulletin WHERE id = %s", (bulletin,))[0][0]


def ensure_postgres_database() -> None:
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')


# --- workers -------------------------------------------------------------------------------------


STARTED: list[subprocess.Popen] = []


def start_worker(env: dict, name: str, log) -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "send_bulletins", "--poll", "0.5", "--worker", name],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    STARTED.append(worker)
    return worker


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set size so far."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def ceiling(port: int, count: int) -> dict:
    data = (VAR_DIR / "message.eml").read_bytes()
    started = time.monotonic()
    with smtplib.SMTP(HOST, port) as smtp:
        for n in range(count):
            smtp.sendmail("bulletin@coalition.example.org", [f"ceiling{n}@ceiling.invalid"], data)
    seconds = time.monotonic() - started
    return {
        "messages": count,
        "seconds": round(seconds, 2),
        "per_second": round(count / seconds, 1),
    }


def send_with_kills(env, db: Database, bulletin: int, total: int, args, sink_log: Path) -> dict:
    log = open(VAR_DIR / "workers.log", "w")  # noqa: SIM115
    names = [f"w{n + 1}" for n in range(args.workers)]
    kill_at = [total * (k + 1) // (args.kills + 1) for k in range(args.kills)]
    kills = []
    peak = 0.0
    started = time.monotonic()
    workers = [start_worker(env, f"{name}-0", log) for name in names]
    generation = 0
    last_progress = 0.0
    polls = 0
    deadline = started + max(1800, total / 20)
    while True:
        time.sleep(0.25)
        for worker in workers:
            peak = max(peak, peak_rss_mb(worker.pid))
        received = sum(1 for line in sink_lines(sink_log) if line.endswith(DOMAIN))
        if kill_at and received >= kill_at[0]:
            kill_at.pop(0)
            for worker in workers:
                peak = max(peak, peak_rss_mb(worker.pid))
                worker.send_signal(signal.SIGKILL)
            for worker in workers:
                worker.wait()
            kills.append({"at_received": received, "seconds": round(time.monotonic() - started, 1)})
            step(f"  SIGKILLed {len(workers)} workers at {received:,} received; restarting")
            generation += 1
            workers = [start_worker(env, f"{name}-{generation}", log) for name in names]
        if time.monotonic() - last_progress > 10:
            last_progress = time.monotonic()
            rate = received / max(0.001, time.monotonic() - started)
            step(f"  {received:,} of {total:,} received ({rate:,.0f}/s)")
        polls += 1
        if received >= total or polls % 8 == 0 or time.monotonic() > deadline:
            statuses = db.statuses(bulletin)
            if not statuses.get("pending") and not statuses.get("sending") and not kill_at:
                break
            if time.monotonic() > deadline:
                break
    last_message = time.monotonic()
    # Let the workers mark the bulletin finished, then stop them.
    for _ in range(40):
        if db.bulletin_status(bulletin) == "sent":
            break
        time.sleep(0.25)
    for worker in workers:
        peak = max(peak, peak_rss_mb(worker.pid))
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    log.close()
    return {
        "seconds": round(last_message - started, 1),
        "kills": kills,
        "peak_rss_mb": round(peak, 1),
        "bulletin_status": db.bulletin_status(bulletin),
    }


def markdown_table(report: dict) -> str:
    r = report
    lines = [
        f"# Mailings benchmark ({r['started']})",
        "",
        f"Database: {r['database']}; {r['subscribers']:,} subscribers; {r['workers']} worker "
        f"processes x {r['threads']} sending threads; "
        f"message {r['message_bytes']:,} bytes; commit {r.get('commit', '')}.",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
        f"| bare smtplib loop to the sink (ceiling) | {r['ceiling']['per_second']:,} msg/s "
        f"({r['ceiling']['messages']:,} messages) | – |",
        f"| making the {r['subscribers']:,} delivery rows | {r['prepare_seconds']} s | – |",
        f"| real send, {len(r['send']['kills'])} SIGKILLs of all workers included | "
        f"{r['rate']:,} msg/s ({r['send']['seconds']} s) | ≥ {RATE_TARGET:.0f} |",
        f"| real send / ceiling | {r['ratio_to_ceiling']:.2f} | – |",
        f"| messages at the sink for the bulletin | {r['sink_messages']:,} "
        f"| {r['subscribers']:,} |",
        f"| subscribers with exactly one | {r['exactly_one']:,} | {r['subscribers']:,} |",
        f"| subscribers with none / with two or more | {r['missing']} / {r['duplicated']} "
        "| 0 / 0 |",
        f"| delivery rows by status | {r['statuses']} | all sent |",
        f"| peak RSS of a worker (VmHWM) | {r['send']['peak_rss_mb']} MB "
        f"| ≤ {RSS_TARGET_MB:.0f} MB |",
        "",
        f"Verdict: {'all targets met' if r['passed'] else 'a target was missed'}"
        f"{' (quick run, not held to targets)' if r['quick'] else ''}.",
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.sink:
        run_sink(int(args.sink[0]), args.sink[1])
        return 0
    if args.child:
        print(json.dumps(child_main(*args.child)))
        return 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))  # run the clean-up below
    env = {**os.environ, **bench_environment()}
    env.update(
        {
            "VAR_DIR": str(VAR_DIR),
            "STATIC_ROOT": str(VAR_DIR / "static"),
            "SITE_URL": "https://coalition.example.org",
            "DEFAULT_FROM_EMAIL": "Community Sector Coalition <bulletin@coalition.example.org>",
            "MAILINGS_MAX_PER_SECOND": "0",
            "MAILINGS_MAX_PER_HOUR": "0",
            "MAILINGS_CLAIM_TIMEOUT_SECONDS": str(CLAIM_TIMEOUT),
            "MAILINGS_WORKER_THREADS": str(args.threads),
            "EMAIL_HOST": HOST,
            "EMAIL_URL": "",
        }
    )
    if args.database == "postgres":
        env["DATABASE_URL"] = PG_URL
        ensure_postgres_database()
    db = Database(args.database)
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "suite": "mailings",
        "database": args.database,
        "subscribers": args.subscribers,
        "workers": args.workers,
        "threads": args.threads,
        "quick": args.quick,
        "machine": machine_info(),
        "commit": git_commit(),
        "load_before": os.getloadavg()[0],
    }
    sink = None
    try:
        step("Migrating the bench database")
        child(env, "migrate")
        step(f"Generating {args.subscribers:,} subscribers")
        report["generate"] = child(env, "generate", args.subscribers)
        step("Starting the bulletin (delivery rows, rendered message)")
        started = child(env, "start")
        bulletin = started["bulletin"]
        report["prepare_seconds"] = started["seconds"]
        report["message_bytes"] = started["message_bytes"]
        port = free_port()
        env["EMAIL_PORT"] = str(port)
        sink_log = VAR_DIR / "sink.log"
        sink = start_sink(port, sink_log)
        step(f"Ceiling: a bare smtplib loop, {args.ceiling_messages:,} messages")
        report["ceiling"] = ceiling(port, args.ceiling_messages)
        step(f"  {report['ceiling']['per_second']:,} messages/s")
        step(f"Sending with {args.workers} workers, {args.kills} SIGKILLs")
        report["send"] = send_with_kills(env, db, bulletin, args.subscribers, args, sink_log)
        sink.send_signal(signal.SIGTERM)
        sink.wait(timeout=30)
        sink = None
        received = Counter(line for line in sink_lines(sink_log) if line.endswith(DOMAIN))
        expected = {f"reader{n}@{DOMAIN}" for n in range(args.subscribers)}
        counts = [received.get(address, 0) for address in expected]
        report["sink_messages"] = sum(received.values())
        report["exactly_one"] = sum(1 for c in counts if c == 1)
        report["missing"] = sum(1 for c in counts if c == 0)
        report["duplicated"] = sum(1 for c in counts if c > 1)
        report["unexpected"] = len(set(received) - expected)
        report["statuses"] = db.statuses(bulletin)
        report["rate"] = round(args.subscribers / report["send"]["seconds"], 1)
        report["ratio_to_ceiling"] = report["rate"] / report["ceiling"]["per_second"]
        report["load_after"] = os.getloadavg()[0]
        report["passed"] = (
            report["rate"] >= RATE_TARGET
            and report["exactly_one"] == args.subscribers
            and report["send"]["peak_rss_mb"] <= RSS_TARGET_MB
        )
    except Exception:
        traceback.print_exc()
        return 2
    finally:
        for worker in STARTED:  # never leave a worker behind, whatever stopped the run
            if worker.poll() is None:
                worker.kill()
        if sink is not None:
            sink.kill()
    table = markdown_table(report)
    print(table)
    if not args.no_save:
        for path in write_results(report, suite=SUITES[args.database], table=table):
            step(f"Wrote {path.relative_to(ROOT)}")
    return 0 if report["passed"] or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
