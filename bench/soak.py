"""Soak: `make bench soak` (or .venv/bin/python bench/soak.py [--minutes 10]).

Ten minutes of steady mixed traffic on PostgreSQL while two workers send a bulletin, to
show the platform runs unattended: no 5xx, every process's memory flat, no lost writes.

1. A database of its own (`coalition_bench_soak`): the demo coalition (`load_demo`), then
   a bulletin to --subscribers addresses, started (its delivery rows made).
2. gunicorn (production settings, Redis as the cache), an SMTP sink on loopback, and two
   `send_bulletins` workers paced at --mail-rate messages a second each, so the send lasts
   about as long as the soak.
   A task worker (`db_worker`) sends the confirmations, as in production.
3. An open-loop load at --rate requests a second (each request starts on schedule,
   whatever the answers' speed): browsing public pages, searching, the JSON API, signing
   a petition (every signature a new address) and registering for an event.
4. Every 30 s the RSS of gunicorn's master and workers and of both mail workers.

Checks: no answer 5xx (nor a failed connection); each process's RSS at the end within
max(20 %, 25 MB) of its RSS after the first minute (the warm-up fills caches); every
signature answered 2xx is stored, every registration answered with its confirmation is
stored, and the sink has exactly one message per subscriber once the workers finish.
Writes bench/results/soak-latest.{json,md}; exits 1 when a check fails, 2 when the run
itself failed.
"""

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
import traceback
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import mailings
from results_report import git_commit, machine_info, write_results
from run import (
    HOST,
    bench_environment,
    free_port,
    rss_mb,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
    worker_pids,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-soak"
PG_DATABASE = "coalition_bench_soak"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
CACHE_URL = "redis://127.0.0.1:6379/6"
SAMPLE_SECONDS = 30
QUERIES = ["commissioning", "funding", '"local government"', "rural OR urban", "volunteers"]
PAGES = ["/", "/campaigns/", "/events/", "/news/", "/members/", "/research/", "/decisions/"]
API = ["/api/events", "/api/news", "/api/organisations?limit=50", "/api/campaigns"]
# kind: share of the requests
MIX = {"page": 0.40, "search": 0.15, "api": 0.20, "sign": 0.17, "register": 0.08}
RSS_GROWTH_SHARE, RSS_GROWTH_MB = 0.20, 25.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=25.0, help="requests a second")
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--mail-rate", type=int, default=20, help="messages/s per worker")
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--no-save", action="store_true")
    return parser.parse_args(argv)


def environment(sink_port: int, args) -> dict:
    env = {**os.environ, **bench_environment()}
    env.update(
        {
            "VAR_DIR": str(VAR_DIR),
            "STATIC_ROOT": str(VAR_DIR / "static"),
            "DATABASE_URL": PG_URL,
            "CACHE_URL": CACHE_URL,
            "SITE_URL": "https://coalition.example.org",
            "EMAIL_URL": "",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(sink_port),
            "MAILINGS_MAX_PER_SECOND": str(args.mail_rate),
            "MAILINGS_WORKER_THREADS": "1",
            "MAILINGS_CLAIM_TIMEOUT_SECONDS": "60",
            # One loopback address plays every visitor: the per-address limits are off.
            "ACTION_RATE_LIMIT_BURST": "",
            "ACTION_RATE_LIMIT_SUSTAINED": "",
            "EVENT_REGISTRATION_RATE_LIMIT": "",
            "API_RATE_LIMIT": "",
        }
    )
    return env


def reset_database() -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def query(sql: str, params=()):
    import psycopg

    with psycopg.connect(PG_URL.replace("postgres://", "postgresql://")) as connection:
        return connection.execute(sql, params).fetchall()


def manage(env, *command) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def targets() -> dict:
    """An open petition and an event taking registrations, from the demo data."""
    petition = query(
        "SELECT c.slug, a.slug, a.id FROM campaigns_action a "
        "JOIN campaigns_campaign c ON c.id = a.campaign_id WHERE a.kind = 'petition' "
        "AND a.status = 'open' AND c.status = 'active' "
        "AND (a.closes_at IS NULL OR a.closes_at > now()) ORDER BY a.id LIMIT 1"
    )[0]
    event = query(
        "SELECT e.slug, o.id FROM events_event e JOIN events_occurrence o ON o.event_id = e.id "
        "WHERE e.status = 'published' AND e.registration_enabled AND o.starts_at > now() "
        "AND NOT o.is_cancelled ORDER BY o.starts_at LIMIT 1"
    )[0]
    return {
        "petition_path": f"/campaigns/{petition[0]}/{petition[1]}/",
        "action_id": petition[2],
        "event_slug": event[0],
        "occurrence": event[1],
    }


class Load:
    """The open-loop load: what was sent, what came back, how long it took."""

    def __init__(self, port: int, plan: dict, run_id: str):
        self.base = f"http://{HOST}:{port}"
        self.plan, self.run_id = plan, run_id
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.signed = self.registered = 0
        self.sequence = 0
        self.form_token = ""

    async def request(self, client, kind: str) -> None:
        import httpx

        self.sequence += 1
        number = self.sequence
        started = time.perf_counter()
        try:
            if kind == "page":
                response = await client.get(random.choice(PAGES))
            elif kind == "search":
                response = await client.get("/search/", params={"q": random.choice(QUERIES)})
            elif kind == "api":
                response = await client.get(random.choice(API))
            elif kind == "sign":
                response = await self.sign(client, number)
            else:
                response = await self.register(client, number)
            status = response.status_code
        except httpx.HTTPError as error:
            status = f"error: {type(error).__name__}"
        self.statuses[kind][str(status)] += 1
        self.latencies[kind].append((time.perf_counter() - started) * 1000)

    async def sign(self, client, number: int):
        data = {
            "name": "Soak Signer",
            "postcode": "NG1 5FS",
            "form_token": self.form_token,
            "email": f"soak-{self.run_id}-{number}@bench.example.org",
        }
        response = await client.post(self.plan["petition_path"], data=data)
        if 200 <= response.status_code < 300 and "Check your email" in response.text:
            self.signed += 1
        return response

    async def register(self, client, number: int):
        import httpx

        # A visitor of their own: the form's CSRF cookie and token, then the post.
        path = f"/events/{self.plan['event_slug']}/register/"
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as visitor:
            page = await visitor.get(path)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            data = {
                "csrfmiddlewaretoken": token[1] if token else "",
                "occurrence": self.plan["occurrence"],
                "name": f"Soak person {number}",
                "email": f"soak-{self.run_id}-{number}@bench.example.org",
            }
            response = await visitor.post(path, data=data, headers={"Referer": self.base + path})
        if response.status_code in (200, 302, 303):
            self.registered += 1
        return response

    async def run(self, seconds: float, rate: float, sample) -> None:
        import httpx

        kinds, weights = list(MIX), list(MIX.values())
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        async with httpx.AsyncClient(base_url=self.base, timeout=30, limits=limits) as client:
            page = await client.get(self.plan["petition_path"])
            self.form_token = re.search(r'name="form_token" value="([^"]+)"', page.text)[1]
            start = time.monotonic()
            pending, next_sample, due = set(), start, start
            while due < start + seconds:
                if time.monotonic() >= next_sample:
                    sample()
                    next_sample += SAMPLE_SECONDS
                delay = due - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                kind = random.choices(kinds, weights)[0]
                task = asyncio.create_task(self.request(client, kind))
                pending.add(task)
                task.add_done_callback(pending.discard)
                due += random.expovariate(rate)  # Poisson arrivals at the rate asked
            if pending:
                await asyncio.wait(pending, timeout=60)
        sample()


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def main(argv=None) -> int:  # noqa: C901 (one run, in order)
    args = parse_args(argv)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    run_id = datetime.now(UTC).strftime("%H%M%S")
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "suite": "soak",
        "minutes": args.minutes,
        "rate": args.rate,
        "subscribers": args.subscribers,
        "machine": machine_info(),
        "commit": git_commit(),
        "load_before": os.getloadavg()[0],
    }
    server = sink = None
    workers: list[subprocess.Popen] = []
    try:
        sink_port = free_port()
        sink_log = VAR_DIR / "sink.log"
        sink = mailings.start_sink(sink_port, sink_log)
        env = environment(sink_port, args)
        step("A fresh PostgreSQL database with the demo coalition")
        reset_database()
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--no-input")
        mail_env = {**env, "VAR_DIR": str(mailings.VAR_DIR)}
        mailings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        step(f"A bulletin to {args.subscribers:,} subscribers")
        mailings.child(mail_env, "generate", args.subscribers)
        bulletin = mailings.child(mail_env, "start")["bulletin"]
        plan = targets()
        port = free_port()
        server_log = VAR_DIR / "gunicorn.log"
        server = start_server(env, port, argparse.Namespace(
            workers=args.web_workers, worker_class="sync", threads=1), server_log)  # fmt: skip
        wait_until_healthy(server, port, server_log)
        log = (VAR_DIR / "workers.log").open("w")
        workers = [mailings.start_worker(env, f"soak-{n}", log) for n in range(2)]
        tasks = subprocess.Popen(  # confirmations and the rest of the background work
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        mailings.STARTED.append(tasks)
        samples: list[dict] = []

        def sample() -> None:
            processes = {"gunicorn master": server.pid}
            for number, pid in enumerate(sorted(worker_pids(server.pid))):
                processes[f"web worker {number + 1}"] = pid
            for number, worker in enumerate(workers):
                processes[f"mail worker {number + 1}"] = worker.pid
            processes["task worker"] = tasks.pid
            reading = {"at_s": round(time.monotonic() - load_started, 0)}
            for name, pid in processes.items():
                try:
                    reading[name] = round(rss_mb(pid), 1)
                except OSError:
                    reading[name] = None
            samples.append(reading)

        step(f"Soaking: {args.rate:g} requests/s for {args.minutes:g} minutes")
        load = Load(port, plan, run_id)
        load_started = time.monotonic()
        asyncio.run(load.run(args.minutes * 60, args.rate, sample))
        step("Waiting for the bulletin to finish")
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            left = query(
                "SELECT COUNT(*) FROM mailings_delivery WHERE bulletin_id = %s "
                "AND status IN ('pending', 'sending')",
                (bulletin,),
            )[0][0]
            if not left:
                break
            time.sleep(5)
        time.sleep(3)
        # Readers are the bulletin's subscribers; the sink also gets the signers' and
        # registrants' confirmations, sent by the task worker.
        received = Counter(a for a in mailings.sink_lines(sink_log) if a.startswith("reader"))
        stored_signatures = query(
            "SELECT COUNT(*) FROM campaigns_participation WHERE email LIKE %s",
            (f"soak-{run_id}-%",),
        )[0][0]
        stored_registrations = query(
            "SELECT COUNT(*) FROM events_registration WHERE email LIKE %s",
            (f"soak-{run_id}-%",),
        )[0][0]
        report.update(
            {
                "requests": {kind: dict(counts) for kind, counts in load.statuses.items()},
                "latency_ms": {
                    kind: {
                        "p50": percentile(v, 0.5),
                        "p95": percentile(v, 0.95),
                        "p99": percentile(v, 0.99),
                    }  # fmt: skip
                    for kind, v in load.latencies.items()
                },
                "signatures": {"answered_2xx": load.signed, "stored": stored_signatures},
                "registrations": {"answered": load.registered, "stored": stored_registrations},
                "bulletin": {
                    "subscribers": args.subscribers,
                    "received": sum(received.values()),
                    "exactly_one": sum(1 for n in received.values() if n == 1),
                    "more_than_one": sum(1 for n in received.values() if n > 1),
                },
                "rss_mb": samples,
                "load_after": os.getloadavg()[0],
            }
        )
        report["checks"] = checks(report)
        report["passed"] = all(check["ok"] for check in report["checks"])
    except Exception:
        traceback.print_exc()
        return 2
    finally:
        for worker in mailings.STARTED:
            worker.kill()
        if server is not None:
            stop_server(server)
        if sink is not None:
            sink.kill()
    table = markdown(report)
    print(table)
    if not args.no_save:
        for path in write_results(report, suite="soak", table=table):
            step(f"Wrote {path.relative_to(ROOT)}")
    return 0 if report["passed"] else 1


def checks(report: dict) -> list[dict]:
    found = []
    failures = sum(
        n
        for counts in report["requests"].values()
        for status, n in counts.items()
        if status.startswith(("5", "error"))
    )
    found.append({"check": "no 5xx or failed connection", "value": failures, "ok": not failures})
    samples = report["rss_mb"]
    baseline = next((s for s in samples if s["at_s"] >= 60), samples[0])
    for name, start in baseline.items():
        if name == "at_s" or start is None:
            continue
        end = samples[-1].get(name)
        allowed = max(start * RSS_GROWTH_SHARE, RSS_GROWTH_MB)
        ok = end is not None and end - start <= allowed
        found.append({"check": f"RSS flat: {name}", "value": f"{start} -> {end} MB", "ok": ok})
    signatures = report["signatures"]
    found.append({"check": "signatures answered 2xx = stored",
                  "value": f"{signatures['answered_2xx']} / {signatures['stored']}",
                  "ok": signatures["answered_2xx"] == signatures["stored"]})  # fmt: skip
    registrations = report["registrations"]
    found.append({"check": "registrations confirmed = stored",
                  "value": f"{registrations['answered']} / {registrations['stored']}",
                  "ok": registrations["answered"] == registrations["stored"]})  # fmt: skip
    bulletin = report["bulletin"]
    found.append({"check": "bulletin: exactly one message per subscriber",
                  "value": f"{bulletin['exactly_one']} of {bulletin['subscribers']}",
                  "ok": bulletin["exactly_one"] == bulletin["subscribers"]
                  and not bulletin["more_than_one"]})  # fmt: skip
    return found


def markdown(report: dict) -> str:
    lines = [
        f"# Soak ({report['started']}, commit {report['commit']})",
        "",
        f"PostgreSQL, Redis cache, gunicorn; {report['rate']:g} requests/s for "
        f"{report['minutes']:g} minutes while 2 workers send a bulletin to "
        f"{report['subscribers']:,}; load average before {report['load_before']:.2f}, "
        f"after {report.get('load_after', 0):.2f}.",
        "",
        "| kind | answers | p50 ms | p95 ms | p99 ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, counts in report.get("requests", {}).items():
        latency = report["latency_ms"][kind]
        answers = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        lines.append(
            f"| {kind} | {answers} | {latency['p50']} | {latency['p95']} | {latency['p99']} |"
        )
    lines += ["", "| check | value | passed |", "| --- | --- | --- |"]
    for check in report.get("checks", []):
        lines.append(f"| {check['check']} | {check['value']} | {'yes' if check['ok'] else 'NO'} |")
    lines += ["", "RSS (MB) every 30 s:", "", "```", json.dumps(report.get("rss_mb", []))[:4000],
              "```", ""]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
