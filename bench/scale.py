"""Scale-out benchmark: 1 and 2 worker processes on PostgreSQL (`make bench scale`).

What more worker processes buy, measured on this machine, each figure beside the load
average when it was taken (the machine may be shared):

1. Bulletin sending: bench/mailings.py on PostgreSQL with 1 and then 2 sending workers
   (`manage.py send_bulletins`, 2 threads each), no kills, through its loopback SMTP sink.
2. The task queue: N email tasks (coalition.core.tasks.send_email, each a real SMTP
   delivery to a loopback sink) drained by 1 and then 2 task workers: `manage.py
   db_worker --batch` (the database queue, PostgreSQL), and, when django-tasks-rq is
   importable, `manage.py rqworker --burst` (the Redis queue on 127.0.0.1:6379/15). Each
   worker exits when the queue is empty. The rate is timed at the sink, from the first
   message to the last, so the workers' start-up is left out.

Writes bench/results/scale-<time>.{json,md} and scale-latest.*. Databases of its own
(coalition_bench_scale, and mailings' coalition_bench_mailings). `--quick`: small sizes.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mailings import sink_lines, start_sink  # noqa: E402
from results_report import git_commit, machine_info, write_results  # noqa: E402
from run import bench_environment, free_port, step  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench-scale"
PG_DATABASE = "coalition_bench_scale"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/15"
DOMAIN = "tasks.bench.example.org"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--parts", default="mailings,tasks")
    parser.add_argument("--subscribers", type=int, default=30_000)
    parser.add_argument("--tasks", type=int, default=3000)
    parser.add_argument("--worker-counts", default="1,2")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.subscribers, args.tasks = 3000, 300
    return args


def load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


# --- 1. bulletin sending (bench/mailings.py) ---------------------------------------------------


def mailings_run(workers: int, subscribers: int) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "mailings.py"), "--database", "postgres",
               "--workers", str(workers), "--kills", "0", "--subscribers", str(subscribers),
               "--ceiling-messages", "2000", "--no-save"]  # fmt: skip
    before = load()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    after = load()
    out = result.stdout
    send = re.search(
        r"real send, 0 SIGKILLs of all workers included \| ([\d,.]+) msg/s \(([\d.]+) s\)", out
    )
    ceiling = re.search(r"\(ceiling\) \| ([\d,.]+) msg/s", out)
    exactly = re.search(r"subscribers with exactly one \| ([\d,]+) \|", out)
    rss = re.search(r"peak RSS of a worker \(VmHWM\) \| ([\d.]+) MB", out)
    if result.returncode not in (0, 1) or not send:
        raise RuntimeError(f"mailings.py failed ({result.returncode}):\n{out}\n{result.stderr}")
    return {
        "workers": workers,
        "subscribers": subscribers,
        "msg_per_s": float(send.group(1).replace(",", "")),
        "seconds": float(send.group(2)),
        "ceiling_msg_per_s": float(ceiling.group(1).replace(",", "")) if ceiling else None,
        "exactly_one": int(exactly.group(1).replace(",", "")) if exactly else None,
        "peak_rss_mb": float(rss.group(1)) if rss else None,
        "load_before": before,
        "load_after": after,
    }


# --- 2. the task queue -------------------------------------------------------------------------


def child_main(action: str, *values) -> dict:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if action == "migrate":
        call_command("migrate", verbosity=0, interactive=False)
        return {}
    if action == "enqueue":
        from coalition.core.tasks import send_email

        count, started = int(values[0]), time.monotonic()
        for n in range(count):
            send_email.enqueue(
                to=[f"reader{n}@{DOMAIN}"],
                subject="Your place at the coalition meeting",
                text="Thank you for registering. " * 40,
            )
        return {"enqueued": count, "seconds": round(time.monotonic() - started, 2)}
    if action == "clear":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()
        return {}
    raise ValueError(action)


def child(env: dict, action: str, *values) -> dict:
    command = [sys.executable, str(Path(__file__)), "--child", action, *map(str, values)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{action} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def worker_command(queue: str, n: int) -> list[str]:
    if queue == "database":
        return [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload",
                "--no-startup-delay", "--worker-id", f"scale-{n}"]  # fmt: skip
    # SimpleWorker runs jobs in the worker process; RQ's default Worker forks one per job.
    return [sys.executable, "manage.py", "rqworker", "--burst", "--worker-class",
            "rq.worker.SimpleWorker", "--job-class", "django_tasks_rq.Job",
            "--name", f"scale-{n}-{time.time_ns()}", "default"]  # fmt: skip


def drain(env: dict, queue: str, workers: int, log, sink_log: Path, expected: int) -> dict:
    """Start `workers` processes on a full queue; time the deliveries at the sink.

    The rate counts from the first message the sink receives to the last, so the
    workers' start-up (Django loading, a second or more on a busy machine) is left out."""
    started = time.monotonic()
    processes = [
        subprocess.Popen(worker_command(queue, n), cwd=ROOT, env=env, stdout=log, stderr=log)
        for n in range(workers)
    ]
    first = last = None
    seen = 0
    deadline = started + 1800
    while time.monotonic() < deadline:
        count = sum(1 for line in sink_lines(sink_log) if line.endswith(DOMAIN))
        now = time.monotonic()
        if count and first is None:
            first = now
        if count > seen:
            seen, last = count, now
        if count >= expected or all(p.poll() is not None for p in processes):
            break
        time.sleep(0.05)
    for process in processes:
        process.wait(timeout=120)
    seen = sum(1 for line in sink_lines(sink_log) if line.endswith(DOMAIN))
    span = (last - first) if first and last and last > first else None
    return {
        "delivered": seen,
        "seconds": round(time.monotonic() - started, 2),
        "first_message_after": round(first - started, 2) if first else None,
        "tasks_per_s": round((seen - 1) / span, 1) if span else None,
    }


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def tasks_part(args, counts: list[int], queues: list[str]) -> list[dict]:
    rows = []
    port = free_port()
    sink_log = VAR_DIR / "tasks-sink.log"
    sink = start_sink(port, sink_log)
    log = open(VAR_DIR / "task-workers.log", "w")  # noqa: SIM115
    try:
        for queue in queues:
            env = {**os.environ, **bench_environment()}
            env.update({"VAR_DIR": str(VAR_DIR), "DATABASE_URL": PG_URL, "EMAIL_URL": "",
                        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port),
                        "DEFAULT_FROM_EMAIL": "Coalition <events@example.org>"})  # fmt: skip
            if queue == "redis":
                env.update({"TASKS_BACKEND": "django_tasks_rq.RQBackend",
                            "TASKS_REDIS_URL": REDIS_URL})  # fmt: skip
            child(env, "migrate")
            for workers in counts:
                if queue == "redis":
                    flush_redis()
                child(env, "clear")
                sink_log.write_text("")
                enqueued = child(env, "enqueue", args.tasks)
                before = load()
                measured = drain(env, queue, workers, log, sink_log, args.tasks)
                after = load()
                rows.append({
                    "queue": queue, "workers": workers, "tasks": args.tasks, **measured,
                    "enqueue_per_s": round(args.tasks / max(0.01, enqueued["seconds"]), 1),
                    "load_before": before, "load_after": after,
                })  # fmt: skip
                step(
                    f"  {queue} queue, {workers} worker(s): {measured['tasks_per_s']} tasks/s "
                    f"({measured['delivered']}/{args.tasks}), load {before[0]} -> {after[0]}"
                )
    finally:
        sink.terminate()
        sink.wait(timeout=30)
        log.close()
    return rows


def ensure_postgres_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone():
            c.execute(f'CREATE DATABASE "{PG_DATABASE}"')


def rq_available() -> bool:
    import importlib.util

    if importlib.util.find_spec("django_tasks_rq") is None:
        return False
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:
        return False
    return True


def markdown(report: dict) -> str:
    lines = [
        f"# Scale-out: 1 and 2 worker processes on PostgreSQL ({report['started']})",
        "",
        f"Machine: {report['machine'].get('cpu_count')} cores, shared; commit {report['commit']}. "
        "Load is the 1/5/15-minute load average before and after each measurement.",
        "",
    ]
    if report.get("mailings"):
        rows = report["mailings"]
        base = rows[0]["msg_per_s"]  # each row against the latest 1-worker run before it
        lines += [
            f"## Bulletin sending ({rows[0]['subscribers']:,} subscribers, "
            "bench/mailings.py, 2 threads per worker)",
            "",
            "| sending workers | msg/s | seconds | vs the 1-worker run before | exactly one each "
            "| peak RSS MB | SMTP ceiling msg/s | load before | load after |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in rows:
            if r["workers"] == 1:
                base = r["msg_per_s"]
            lines.append(
                f"| {r['workers']} | {r['msg_per_s']:,} | {r['seconds']} "
                f"| {r['msg_per_s'] / base:.2f}x | {r['exactly_one']:,} | {r['peak_rss_mb']} "
                f"| {r['ceiling_msg_per_s']} "
                f"| {r['load_before']} | {r['load_after']} |"
            )
        lines.append("")
    if report.get("tasks"):
        rows = report["tasks"]
        lines += [
            f"## Task queue ({rows[0]['tasks']:,} email tasks, "
            "each an SMTP delivery to a loopback sink)",
            "",
            "| queue | workers | tasks/s | vs the 1-worker run before | delivered "
            "| first message after s | enqueue/s | load before | load after |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        base = {}
        for r in rows:
            if r["workers"] == 1 or r["queue"] not in base:
                base[r["queue"]] = r["tasks_per_s"] or 1
            lines.append(
                f"| {r['queue']} | {r['workers']} | {r['tasks_per_s']} "
                f"| {(r['tasks_per_s'] or 0) / base[r['queue']]:.2f}x | {r['delivered']:,} "
                f"| {r['first_message_after']} | {r['enqueue_per_s']} "
                f"| {r['load_before']} | {r['load_after']} |"
            )
        lines.append("")
    if report.get("notes"):
        lines += [f"- {note}" for note in report["notes"]] + [""]
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child_main(*args.child)))
        return 0
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    counts = [int(n) for n in args.worker_counts.split(",")]
    parts = set(args.parts.split(","))
    report = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "suite": "scale",
        "machine": machine_info(),
        "commit": git_commit(),
        "quick": args.quick,
        "notes": [],
    }
    try:
        ensure_postgres_database()
        if "mailings" in parts:
            report["mailings"] = []
            for workers in counts:
                step(f"Bulletin sending, {workers} worker(s), {args.subscribers:,} subscribers")
                report["mailings"].append(mailings_run(workers, args.subscribers))
                step(f"  {report['mailings'][-1]['msg_per_s']} msg/s")
        if "tasks" in parts:
            queues = ["database"]
            if rq_available():
                queues.append("redis")
            else:
                report["notes"].append(
                    "Redis queue not measured: django-tasks-rq is not installed (or Redis is "
                    "not on 127.0.0.1:6379)."
                )
            step(f"Task queue: {args.tasks:,} tasks, queues {queues}, workers {counts}")
            report["tasks"] = tasks_part(args, counts, queues)
    except Exception:
        traceback.print_exc()
        return 2
    table = markdown(report)
    print(table)
    if not args.no_save:
        for path in write_results(report, suite="scale", table=table):
            step(f"Wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
