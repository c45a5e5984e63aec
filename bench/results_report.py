"""The benchmark's results: pass/fail against the targets, machine facts, and the report
written to bench/results/ as JSON and a Markdown table. Used by bench/run.py."""

import json
import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"

# Targets (at scale M): anonymous public pages p95 <= 50 ms at 16 clients and at least half
# the static file's throughput at 16 clients; the signed-in staff dashboard p95 <= 150 ms.
TARGET_CLIENTS = 16
CONCURRENCY = (16, 64)
WRK_THREADS = 2
PUBLIC_P95_MS = 50.0
PUBLIC_SHARE_OF_STATIC = 0.5
STAFF_P95_MS = 150.0


# --- results --------------------------------------------------------------------------------


def evaluate(results: list[dict], scale: str) -> None:
    """Mark each page pass/fail against its target (the targets are defined at scale M)."""
    for result in results:
        checks = []
        at_target = result["runs"][str(TARGET_CLIENTS)]
        p95 = at_target["latency_ms"]["p95"]
        if result["kind"] == "public":
            checks.append(
                {
                    "check": f"p95 at {TARGET_CLIENTS} clients <= {PUBLIC_P95_MS:g} ms",
                    "value": p95,
                    "pass": p95 <= PUBLIC_P95_MS,
                }
            )
            share = at_target["share_of_static"]
            checks.append(
                {
                    "check": f"throughput at {TARGET_CLIENTS} clients >= "
                    f"{PUBLIC_SHARE_OF_STATIC:.0%} of static",
                    "value": share,
                    "pass": share is not None and share >= PUBLIC_SHARE_OF_STATIC,
                }
            )
        elif result["kind"] == "staff":
            checks.append(
                {
                    "check": f"p95 at {TARGET_CLIENTS} clients <= {STAFF_P95_MS:g} ms",
                    "value": p95,
                    "pass": p95 <= STAFF_P95_MS,
                }
            )
        errors = sum(run["error_count"] for run in result["runs"].values())
        checks.append({"check": "no errors or timeouts", "value": errors, "pass": errors == 0})
        result["checks"] = checks
        result["pass"] = all(c["pass"] for c in checks)
    # Only scale M's numbers are held to the targets; other scales report them for reference.
    for result in results:
        result["target_applies"] = scale == "M"


def machine_info() -> dict:
    def first_line(path: str, prefix: str) -> str:
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(prefix):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    import sqlite3

    import django
    import gunicorn

    try:
        wrk_version = (
            subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
            .stdout.splitlines()[0]
            .split(" Copyright")[0]
        )
    except (OSError, IndexError):
        wrk_version = "unknown"
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": first_line("/proc/cpuinfo", "model name"),
        "memory": first_line("/proc/meminfo", "MemTotal"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version,
    }


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def git_commit() -> str:
    try:
        commit = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}{' (with uncommitted changes)' if dirty else ''}"


def markdown(report: dict) -> str:
    machine, server = report["machine"], report["server"]
    lines = [
        f"# Benchmark: scale {report['scale']}, {report['started']}",
        "",
        f"- Commit: {report['git_commit']}",
        f"- Machine: {machine['cpu_count']} × {machine['cpu_model']}, {machine['memory']}, "
        f"{machine['platform']}",
        f"- Software: Python {machine['python']}, Django {machine['django']}, "
        f"gunicorn {machine['gunicorn']}, SQLite {machine['sqlite']}, {machine['wrk']}",
        f"- Server: `{server['command']}` (DEBUG off, whitenoise, {server['cache']})",
        f"- Load: wrk, {WRK_THREADS} threads, {report['duration_s']} s per measurement in "
        f"{report['rounds']} rounds (medians shown) after {report['warmup_s']} s warm-up; "
        f"load average {report['load_average_before']} before, "
        f"{report['load_average_after']} after",
        "- Data: " + ", ".join(f"{n:,} {what}" for what, n in report["data"].items()),
        "",
        "| Page | Clients | Req/s | Static req/s | % of static | p50 ms | p95 ms | p99 ms | "
        "Errors | Uncached ms (queries) | Target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in report["results"]:
        uncached = result["uncached"]
        for clients, run in result["runs"].items():
            first = clients == str(CONCURRENCY[0])
            share = run["share_of_static"]
            latency = run["latency_ms"]
            verdict = ""
            if first and result["kind"] != "static":
                verdict = "pass" if result["pass"] else "**FAIL**"
                if not result["target_applies"]:
                    verdict += " (targets are set at M)"
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"{result['name']} `{result['path']}`" if first else "",
                        clients,
                        f"{run['rps']:,.0f}",
                        f"{run['static_rps']:,.0f}",
                        f"{share:.0%}" if share is not None else "–",
                        f"{latency['p50']:.1f}",
                        f"{latency['p95']:.1f}",
                        f"{latency['p99']:.1f}",
                        str(run["error_count"]),
                        f"{uncached['ms']:.1f} ({uncached['queries']})" if first else "",
                        verdict,
                    ]
                )
                + " |"
            )
    lines += [
        "",
        f"Targets at scale M: anonymous public pages p95 ≤ {PUBLIC_P95_MS:g} ms and throughput "
        f"≥ {PUBLIC_SHARE_OF_STATIC:.0%} of the static file's, both at {TARGET_CLIENTS} "
        f"clients; the signed-in staff dashboard p95 ≤ {STAFF_P95_MS:g} ms at {TARGET_CLIENTS} "
        "clients; no errors anywhere. “Static req/s” is the static file measured just before "
        "each page at the same concurrency (the ceiling at that moment); “% of static” divides "
        "by it. “Uncached” is the time to build the page once in process with the page cache "
        "emptied (median of 3), and its database queries.",
        "",
    ]
    failed = [
        f"- {r['name']}: {c['check']} (got {c['value']})"
        for r in report["results"]
        for c in r.get("checks", [])
        if not c["pass"]
    ]
    lines.append(
        "**All targets met.**" if not failed else "**Targets missed:**\n\n" + "\n".join(failed)
    )
    return "\n".join(lines) + "\n"


def write_results(report: dict, suite: str = "", table: str | None = None) -> list[Path]:
    """Write the report as JSON and Markdown, timestamped and as `latest`.

    The page benchmark writes latest.*; another suite (`make bench campaigns`) passes
    its name and its own Markdown table, and writes campaigns-latest.* and so on.
    """
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report["started"]).strftime("%Y%m%dT%H%M%SZ")
    prefix = f"{suite}-" if suite else ""
    stem = f"{prefix}{stamp}-{report['scale']}" if "scale" in report else f"{prefix}{stamp}"
    table = markdown(report) if table is None else table
    written = []
    for name, content in (
        (f"{stem}.json", json.dumps(report, indent=2) + "\n"),
        (f"{stem}.md", table),
        (f"{prefix}latest.json", json.dumps(report, indent=2) + "\n"),
        (f"{prefix}latest.md", table),
    ):
        path = RESULTS_DIR / name
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(content)
        temporary.replace(path)
        written.append(path)
    return written
