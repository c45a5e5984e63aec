"""Load-test the production server: `make bench` (or `.venv/bin/python bench/run.py`).

Builds a separate database in var/bench/, fills it with `generate_load_data`, runs
collectstatic, starts gunicorn with DEBUG off on a free loopback port and drives
each page with wrk at 16 and 64 concurrent clients, alongside a static file served
by the same server (the ceiling). Writes bench/results/latest.{json,md} and a
timestamped copy. Exits 1 when a target is missed, 2 when the run itself failed.
See bench/README.md for how to read the results.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from results_report import (
    CONCURRENCY,
    PUBLIC_P95_MS,
    PUBLIC_SHARE_OF_STATIC,
    STAFF_P95_MS,
    TARGET_CLIENTS,
    WRK_THREADS,
    evaluate,
    git_commit,
    machine_info,
    markdown,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
LUA_SCRIPT = ROOT / "bench" / "report.lua"
HOST = "127.0.0.1"


# Production runs `gunicorn coalition.wsgi --workers N`. Sync workers, two per core: a page
# served from the cache spends most of its time in Python, so more processes than cores only
# adds switching, and with the load generator on the same two cores 2 x cores keeps both busy
# while one worker waits on the disk or the database.
DEFAULT_WORKERS = 2 * (os.cpu_count() or 1)

PAGE_NAMES = [
    "static",
    "home",
    "directory",
    "directory filtered",
    "directory search",
    "organisation",
    "staff dashboard",
]
STAFF_USERNAME = "bench-staff"
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (a throwaway bench database)


class BenchError(Exception):
    """The benchmark could not run (as opposed to: it ran and a target was missed)."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("S", "M", "L"), default="M")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="slices each measurement is split into"
    )
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument(
        "--pages", help="comma-separated page names to measure (default: all), e.g. home,static"
    )
    parser.add_argument(
        "--no-save", action="store_true", help="print the table but write no results files"
    )
    return parser.parse_args(argv)


def bench_environment() -> dict[str, str]:
    """Production settings (DEBUG off, whitenoise, default cache) on a database of its own."""
    return {
        "DJANGO_SETTINGS_MODULE": "coalition.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL": "false",
        "VAR_DIR": str(VAR_DIR),
        "STATIC_ROOT": str(VAR_DIR / "static"),
        # Set but empty, so a developer's .env cannot point the bench at a real database/cache.
        "DATABASE_URL": "",
        "CACHE_URL": "",
        "LOG_LEVEL": "WARNING",
    }


# --- preparing the database (in this process) ------------------------------------------------


def prepare(scale: str, pages_wanted: set[str] | None) -> dict:
    """Migrate, generate data, collect static files, sign in a staff user. Returns the plan."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.db import connections

    from coalition.members.management.commands.generate_load_data import SLUG_PREFIX
    from coalition.members.models import Membership, Organisation, Person, Subscription

    step("Migrating the bench database")
    call_command("migrate", interactive=False, verbosity=0)
    step(f"Generating load data (scale {scale})")
    call_command("generate_load_data", scale=scale)
    step("Collecting static files")
    call_command("collectstatic", interactive=False, verbosity=0)

    organisation = (
        Organisation.objects.listed().filter(slug__startswith=SLUG_PREFIX).order_by("slug").first()
    )
    if organisation is None:
        raise BenchError("generate_load_data made no listed organisations.")
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff_session_key()}"
    pages = [
        # name, path, kind, request headers
        ("static", staticfiles_storage.url("css/tokens.css"), "static", {}),
        ("home", "/", "public", {}),
        ("directory", "/members/", "public", {}),
        ("directory filtered", "/members/?type=full&region=london", "public", {}),
        ("directory search", "/members/?q=community", "public", {}),
        ("organisation", organisation.get_absolute_url(), "public", {}),
        ("staff dashboard", "/staff/", "staff", {"Cookie": cookie}),
    ]
    assert [page[0] for page in pages] == PAGE_NAMES
    if pages_wanted:
        pages = [p for p in pages if p[0] in pages_wanted or p[2] == "static"]
    step("Timing each page uncached, in process")
    uncached = {name: render_uncached(path, headers) for name, path, kind, headers in pages}
    data = {
        "organisations": Organisation.objects.count(),
        "listed organisations": Organisation.objects.listed().count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "subscriptions": Subscription.objects.count(),
    }
    connections.close_all()
    return {"pages": pages, "uncached": uncached, "data": data}


def staff_session_key() -> str:
    """A signed-in session for a staff user with an authenticator, as after a real sign-in."""
    from importlib import import_module

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user, _ = get_user_model().objects.update_or_create(
        username=STAFF_USERNAME,
        defaults={"email": "bench.staff@example.org", "is_staff": True, "is_superuser": True},
    )
    user.set_unusable_password()
    user.save()
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, STAFF_TOTP_SECRET)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def render_uncached(path: str, headers: dict[str, str]) -> dict:
    """Median time and query count to build the page with the page cache emptied first."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coalition.core.cache import bump_generation

    client = Client(headers=headers, HTTP_HOST=HOST)
    client.get(path)  # compile templates, fill the profile cache
    times, queries = [], 0
    for _ in range(3):
        bump_generation()  # outside a transaction this runs at once: every page goes stale
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise BenchError(f"{path} answered {response.status_code} in process.")
        if response.get("X-Page-Cache") == "hit":
            raise BenchError(f"{path} came from the page cache after it was emptied.")
        queries = len(captured)
    return {"ms": round(statistics.median(times), 1), "queries": queries}


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, args, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn if gunicorn.exists() else "gunicorn"),
        "coalition.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    step(f"Starting {' '.join(command[1:])}")
    log = log_path.open("w")
    # Its own session, so Ctrl-C reaches this script (which stops it) and not gunicorn directly.
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # gunicorn's graceful shutdown
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def fetch(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    """One GET without following redirects."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_healthy(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited early:\n{log_path.read_text()[-2000:]}")
        try:
            if fetch(port, "/health/", {})[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise BenchError("gunicorn did not answer /health/ within 60 seconds.")


def check_page(port: int, name: str, path: str, kind: str, headers: dict) -> dict:
    """The page must answer 200 (not a redirect to sign-in); public pages must come from cache."""
    status, response_headers, body = fetch(port, path, headers)
    if status != 200:
        raise BenchError(f"{name} ({path}) answered {status}, not 200.")
    info = {"bytes": len(body)}
    if kind == "public":
        status, response_headers, body = fetch(port, path, headers)
        info["page_cache"] = response_headers.get("X-Page-Cache", "none")
    if kind == "staff" and b"Staff dashboard" not in body:
        raise BenchError("The staff dashboard did not render for the signed-in staff user.")
    return info


# --- wrk ------------------------------------------------------------------------------------


def run_wrk(port: int, path: str, headers: dict, clients: int, seconds: int) -> dict:
    command = [
        "wrk",
        f"-t{min(WRK_THREADS, clients)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
    ]
    for header, value in headers.items():
        command += ["-H", f"{header}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("BENCH_JSON ")]
    if finished.returncode != 0 or not lines:
        output = finished.stderr or finished.stdout
        raise BenchError(f"wrk failed ({finished.returncode}): {output}")
    raw = json.loads(lines[-1].removeprefix("BENCH_JSON "))
    latency = raw["latency_us"]
    return {
        "clients": clients,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1_000_000), 1),
        "latency_ms": {k: round(v / 1000, 2) for k, v in latency.items()},
        "errors": raw["errors"],
        "error_count": sum(raw["errors"].values()),
        "bytes": raw["bytes"],
    }


def measure(port, path, headers, clients, args, static_path=None) -> dict:
    """Alternate short runs of the static file and the page; report the medians.

    Other work on the machine comes and goes. Measuring the ceiling just before each
    slice of the page, in several rounds, compares the page with what the server could
    do at that moment, and the median round ignores a burst of someone else's work.
    """
    slice_s = max(2, args.duration // args.rounds)
    rounds = []
    for _ in range(args.rounds):
        static = None
        if static_path:
            static = run_wrk(port, static_path, {}, clients, max(2, slice_s // 2))
        page = run_wrk(port, path, headers, clients, slice_s)
        page["static_rps"] = static["rps"] if static else page["rps"]
        rounds.append(page)

    def median(figure, digits=2):
        return round(statistics.median(figure(r) for r in rounds), digits)

    errors = {k: sum(r["errors"][k] for r in rounds) for k in rounds[0]["errors"]}
    return {
        "clients": clients,
        "requests": sum(r["requests"] for r in rounds),
        "rps": median(lambda r: r["rps"]),
        "static_rps": median(lambda r: r["static_rps"]),
        "share_of_static": median(lambda r: r["rps"] / r["static_rps"], 3),
        "latency_ms": {
            k: median(lambda r, k=k: r["latency_ms"][k]) for k in rounds[0]["latency_ms"]
        },
        "errors": errors,
        "error_count": sum(errors.values()),
        "rounds": rounds,
    }


# --- main -----------------------------------------------------------------------------------


def step(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def raise_on_terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(
            "bench needs wrk, the HTTP load generator. Install it (Debian/Ubuntu: "
            "`sudo apt-get install wrk`) or run `make bench` as root to install it.",
            file=sys.stderr,
        )
        return 2
    signal.signal(signal.SIGTERM, raise_on_terminate)
    started_at = datetime.now(UTC).replace(microsecond=0)
    clock = time.monotonic()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_environment()
    os.environ.update(env)
    wanted = set(args.pages.split(",")) if args.pages else None
    if wanted and not wanted <= set(PAGE_NAMES):
        print(f"bench: --pages takes names from {', '.join(PAGE_NAMES)}", file=sys.stderr)
        return 2
    try:
        plan = prepare(args.scale, wanted)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    port = free_port()
    log_path = VAR_DIR / "gunicorn.log"
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server = None
    results = []
    try:
        server = start_server(dict(os.environ), port, args, log_path)
        wait_until_healthy(server, port, log_path)
        static_path = next(path for _, path, kind, _ in plan["pages"] if kind == "static")
        for name, path, kind, headers in plan["pages"]:
            info = check_page(port, name, path, kind, headers)
            step(f"{name} {path}: warm-up {args.warmup} s")
            run_wrk(port, path, headers, CONCURRENCY[0], args.warmup)
            runs = {}
            for clients in CONCURRENCY:
                paired_with = None if kind == "static" else static_path
                run = measure(port, path, headers, clients, args, paired_with)
                runs[str(clients)] = run
                latency = run["latency_ms"]
                step(
                    f"  {clients:>3} clients: {run['rps']:>8,.0f} req/s  p50 {latency['p50']:.1f}"
                    f"  p95 {latency['p95']:.1f}  p99 {latency['p99']:.1f} ms"
                    + (f"  (static {run['static_rps']:,.0f} req/s)" if paired_with else "")
                    + (f"  {run['error_count']} errors" if run["error_count"] else "")
                )
            results.append(
                {
                    "name": name,
                    "path": path,
                    "kind": kind,
                    **info,
                    "uncached": plan["uncached"][name],
                    "runs": runs,
                }
            )
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

    evaluate(results, args.scale)
    report = {
        "version": 1,
        "scale": args.scale,
        "started": started_at.isoformat(),
        "elapsed_s": round(time.monotonic() - clock),
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "rounds": args.rounds,
        "git_commit": git_commit(),
        "machine": machine_info(),
        "load_average_before": load_before,
        "load_average_after": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        "server": {
            "command": f"gunicorn coalition.wsgi --workers {args.workers} "
            f"--worker-class {args.worker_class}"
            + (f" --threads {args.threads}" if args.threads > 1 else ""),
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "cache": "default cache (FileBasedCache in VAR_DIR/cache)",
        },
        "data": plan["data"],
        "targets": {
            "clients": TARGET_CLIENTS,
            "public_p95_ms": PUBLIC_P95_MS,
            "public_share_of_static": PUBLIC_SHARE_OF_STATIC,
            "staff_p95_ms": STAFF_P95_MS,
        },
        "results": results,
        "pass": all(r["pass"] for r in results),
    }
    table = markdown(report)
    print()
    print(table)
    if not args.no_save:
        for path in write_results(report):
            step(f"Wrote {path.relative_to(ROOT)}")
    step(f"Finished in {report['elapsed_s']} s")
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a failed run must not look like a missed target (exit status 1)
        traceback.print_exc()
        sys.exit(2)


# --- gunicorn's workers ---------------------------------------------------------------------


def worker_pids(master_pid: int) -> list[int]:
    """The processes gunicorn's master started (from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:
            pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
