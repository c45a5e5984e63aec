"""Benchmark events: `make bench events` (or .venv/bin/python bench/events.py).

1. Registration under contention, on SQLite and on PostgreSQL: an event with 100 places,
   1,000 registration attempts sent at once (1,000 client threads released together)
   to the production server (gunicorn, DEBUG off). Target, every run: exactly 100
   confirmed and 900 waitlisted, and every attempt answered. Five runs per database.
   Reports registrations/s (attempts answered per second, wall clock).
2. The whole-calendar .ics feed with 10,000 events: generation time and size.
3. The month view at that size: p95 over HTTP with every request uncached (a distinct
   query string each time, so the page cache cannot answer). Target: p95 <= 100 ms.

Databases of its own: var/bench-events/coalition.sqlite3, and `coalition_bench_events`
on 127.0.0.1 (made if missing). The registration rate limit is lifted through the
environment only. Exits 0 when every target is met, 1 when one is missed, 2 when the
run failed. `--quick` is a short check (100 attempts for 10 places, 1 run each, 1,000
events), not held to the targets.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from results_report import git_commit, machine_info, write_results
from run import (
    HOST,
    BenchError,
    bench_environment,
    free_port,
    start_server,
    step,
    stop_server,
    wait_until_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-events"
PG_DATABASE = "coalition_bench_events"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
MONTH_P95_TARGET_MS = 100.0
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short check, not held to targets")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--month-requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.attempts, args.places = 1, 100, 10
        args.events, args.month_requests = 1000, 40
    args.worker_class, args.threads = "sync", 1
    return args


# --- helpers run in a child process with the bench environment (Django set up there) -------


def child(env: dict, action: str, *values) -> dict:
    """Run `bench/events.py --child ACTION ...` with env; it prints one JSON line."""
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
    elif action == "new-event":
        print(json.dumps(new_event(int(values[0]), values[1])))
    elif action == "count":
        print(json.dumps(count(values[0])))
    elif action == "load-events":
        print(json.dumps(load_events(int(values[0]))))
    elif action == "feed":
        print(json.dumps(time_feed()))
    else:
        raise SystemExit(f"unknown action {action}")


def new_event(places: int, slug: str) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from coalition.events.models import Event
    from coalition.events.services.series import sync_occurrences

    Event.objects.filter(slug=slug).delete()
    start = timezone.now() + timedelta(days=30)
    event = Event.objects.create(
        title="Bench: the national conference",
        slug=slug,
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        venue="Birmingham and Midland Institute",
        capacity=places,
        status=Event.Status.PUBLISHED,
    )
    occurrence = sync_occurrences(event)[0]
    return {"slug": slug, "occurrence": occurrence.pk}


def count(slug: str) -> dict:
    from django.db.models import Count

    from coalition.events.models import Registration

    rows = (
        Registration.objects.filter(event__slug=slug)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def load_events(number: int) -> dict:
    """Exactly `number` generated events (the load data's own generator)."""
    import random

    from django.utils import timezone

    from coalition.events import loaddata
    from coalition.events.models import Event
    from coalition.members.models import Organisation

    class Scale:
        organisations = number // loaddata.EVENTS_PER_ORGANISATION

    class Context:
        scale = Scale
        rng = random.Random(20100227)
        today = timezone.localdate()
        active_organisation_ids = list(
            Organisation.objects.values_list("pk", flat=True)[: Scale.organisations]
        )

    if not loaddata.is_loaded(Context):
        loaddata.clear(Context)
        loaddata.generate(Context)
    from coalition.core.cache import bump_generation

    bump_generation()
    busiest = Event.objects.filter(slug__startswith=loaddata.SLUG_PREFIX).values_list(
        "starts_at", flat=True
    )
    months: dict[str, int] = {}
    for moment in busiest:
        key = timezone.localtime(moment).strftime("%Y-%m")
        months[key] = months.get(key, 0) + 1
    month = max(months, key=months.get)
    return {"events": Event.objects.count(), "month": month, "in_month": months[month]}


def time_feed() -> dict:
    from django.test import Client

    from coalition.core.cache import bump_generation

    client = Client(HTTP_HOST=HOST)
    times, size, events = [], 0, 0
    for _ in range(3):
        bump_generation()
        from django.core.cache import cache

        cache.clear()  # the rendered feed is cached by its ETag: build it each time
        started = time.perf_counter()
        response = client.get("/events/feed.ics")
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"feed answered {response.status_code}")
        size = len(response.content)
        events = response.content.count(b"BEGIN:VEVENT")
    return {"seconds": round(statistics.median(times), 2), "bytes": size, "vevents": events}


# --- HTTP ------------------------------------------------------------------------------------


def get(port: int, path: str, headers=None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def registration_run(port: int, slug: str, occurrence: int, attempts: int) -> dict:
    """Fire `attempts` registrations at once; every thread waits at a barrier first."""
    status, headers, body = get(port, f"/events/{slug}/register/")
    if status != 200:
        raise BenchError(f"the register page answered {status}")
    token = CSRF.search(body.decode()).group(1)
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    barrier = threading.Barrier(attempts + 1)
    answers: list[int] = []
    lock = threading.Lock()

    def attempt(n: int) -> None:
        data = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "occurrence": occurrence,
                "name": f"Bench person {n}",
                "email": f"bench{n}@example.org",
            }
        )
        connection = http.client.HTTPConnection(HOST, port, timeout=300)
        barrier.wait()
        try:
            connection.request(
                "POST",
                f"/events/{slug}/register/",
                body=data,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://{HOST}:{port}/events/{slug}/register/",
                },
            )
            code = connection.getresponse().status
        except OSError:
            code = 0
        finally:
            connection.close()
        with lock:
            answers.append(code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "per_second": round(attempts / seconds, 1),
        "answers": {str(code): answers.count(code) for code in sorted(set(answers))},
    }


def month_p95(port: int, month: str, requests: int) -> dict:
    times = []
    for n in range(requests):
        path = f"/events/?view=month&month={month}&bench={n}"
        started = time.perf_counter()
        status, _headers, _body = get(port, path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "max_ms": round(times[-1], 1),
        "requests": requests,
    }


# --- the run ----------------------------------------------------------------------------------


def environment(database: str) -> dict:
    env = {**os.environ, **bench_environment()}
    env["VAR_DIR"] = str(VAR_DIR / database)
    env["STATIC_ROOT"] = str(VAR_DIR / "static")
    env["DATABASE_URL"] = PG_URL if database == "postgres" else ""
    env["EVENT_REGISTRATION_RATE_LIMIT"] = ""
    return env


def ensure_postgres_database() -> None:
    import psycopg

    try:
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)
            ).fetchone()
            if not exists:
                db.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {error}") from None


def bench_database(database: str, args, report: dict) -> None:
    env = environment(database)
    Path(env["VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    if database == "postgres":
        ensure_postgres_database()
    step(f"[{database}] migrating")
    child(env, "migrate")
    if database == "sqlite":
        step("Collecting static files")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    port = free_port()
    log = Path(env["VAR_DIR"]) / "gunicorn.log"
    server = start_server(env, port, args, log)
    runs = []
    try:
        wait_until_healthy(server, port, log)
        for number in range(1, args.runs + 1):
            slug = f"bench-registration-{number}"
            made = child(env, "new-event", args.places, slug)
            step(f"[{database}] run {number}: {args.attempts} attempts for {args.places} places")
            result = registration_run(port, slug, made["occurrence"], args.attempts)
            counts = child(env, "count", slug)
            result["confirmed"] = counts.get("confirmed", 0)
            result["waitlisted"] = counts.get("waitlisted", 0)
            result["ok"] = (
                result["confirmed"] == args.places
                and result["waitlisted"] == args.attempts - args.places
                and result["answers"] == {"302": args.attempts}
            )
            step(
                f"  {result['confirmed']} confirmed, {result['waitlisted']} waitlisted, "
                f"answers {result['answers']}, {result['per_second']} registrations/s"
            )
            runs.append(result)
        report["registration"][database] = {
            "runs": runs,
            "median_per_second": statistics.median(r["per_second"] for r in runs),
            "all_exact": all(r["ok"] for r in runs),
        }
        if database == "sqlite":
            step(f"[sqlite] generating {args.events:,} events")
            loaded = child(env, "load-events", args.events)
            step(f"  {loaded['events']:,} events; busiest month {loaded['month']}")
            step("[sqlite] timing the whole-calendar feed (in process, built three times)")
            report["feed"] = {**child(env, "feed"), "events": loaded["events"]}
            step(f"  {report['feed']}")
            get(port, f"/events/?view=month&month={loaded['month']}")  # warm templates
            step(f"[sqlite] month view {loaded['month']}, {args.month_requests} uncached requests")
            report["month"] = {
                **month_p95(port, loaded["month"], args.month_requests),
                "month": loaded["month"],
                "events_in_month": loaded["in_month"],
            }
            step(f"  {report['month']}")
    finally:
        stop_server(server)


def table(report: dict) -> str:
    lines = [
        "# Events benchmark",
        "",
        f"Started {report['started']}, commit {report['commit']}, "
        f"{report['machine'].get('cpu_count', '?')} CPUs. Quick: {report['quick']}.",
        "",
        "## Registration under contention",
        "",
        f"{report['attempts']} attempts at once for {report['places']} places, "
        f"gunicorn with {report['workers']} sync workers.",
        "",
        "| Database | Run | Confirmed | Waitlisted | Answers | Seconds | Registrations/s | Exact |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for database, result in report["registration"].items():
        for number, run in enumerate(result["runs"], 1):
            lines.append(
                f"| {database} | {number} | {run['confirmed']} | {run['waitlisted']} | "
                f"{run['answers']} | {run['seconds']} | {run['per_second']} | "
                f"{'yes' if run['ok'] else 'NO'} |"
            )
    if "feed" in report:
        feed = report["feed"]
        lines += [
            "",
            "## Whole-calendar feed",
            "",
            f"{feed['events']:,} events in the database, {feed['vevents']:,} in the feed: "
            f"built in {feed['seconds']} s, {feed['bytes'] / 1_000_000:.1f} MB.",
        ]
    if "month" in report:
        month = report["month"]
        lines += [
            "",
            "## Month view",
            "",
            f"{month['month']} ({month['events_in_month']} events that month), "
            f"{month['requests']} uncached requests one after another: p50 {month['p50_ms']} ms, "
            f"p95 {month['p95_ms']} ms (target <= {MONTH_P95_TARGET_MS:g} ms), "
            f"max {month['max_ms']} ms.",
        ]
    lines += ["", f"Targets met: {'yes' if report['targets_met'] else 'NO'}", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2], sys.argv[3:])
        return 0
    args = parse_args(argv)
    report = {
        "suite": "events",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine_info(),
        "quick": args.quick,
        "attempts": args.attempts,
        "places": args.places,
        "workers": args.workers,
        "registration": {},
    }
    try:
        for database in args.databases.split(","):
            bench_database(database.strip(), args, report)
    except (BenchError, subprocess.CalledProcessError, OSError) as error:
        traceback.print_exc()
        print(f"The benchmark could not run: {error}", file=sys.stderr)
        return 2
    exact = all(r["all_exact"] for r in report["registration"].values())
    month_ok = report.get("month", {}).get("p95_ms", 0) <= MONTH_P95_TARGET_MS
    report["targets_met"] = exact and month_ok
    text = table(report)
    print(text)
    if not args.no_save:
        for path in write_results(report, suite="events", table=text):
            step(f"wrote {path.relative_to(ROOT)}")
    if args.quick:
        return 0 if exact else 1
    return 0 if report["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
