"""The Markdown table of the policy and discussions benchmark (bench/policy.py)."""


def table(report: dict) -> str:
    http, data, local = report["http"], report["data"], report["in_process"]
    targets = report["targets"]
    names = {
        "thread_anonymous": (
            f"thread of {data['posts']:,} posts, first page, anonymous",
            targets["thread_p95_ms"],
        ),
        "thread_member": ("the same, signed-in member", targets["thread_p95_ms"]),
        "response_member": (
            f"draft response: {data['sections']} sections, {data['comments']:,} comments, "
            f"{data['signatories']} signatories, signed-in member",
            targets["response_p95_ms"],
        ),
        "response_member_cold": ("the same, comments cache emptied before each request", None),
        "response_published": ("the same response published, signed-in member", None),
        "health": ("floor: /health/", None),
    }
    lines = [
        "# Policy and discussions benchmark",
        "",
        f"Started {report['started']}, commit {report['commit']}, "
        f"{report['machine'].get('cpu_count', '?')} CPUs, load average at start "
        f"{report['load_at_start']}, at end {report.get('load_at_end', '?')}. "
        f"Quick: {report['quick']}. gunicorn with {report['workers']} sync workers, SQLite, "
        "DEBUG off, sequential requests over HTTP. The thread page is never page-cached; the "
        "response pages are measured signed in, so the anonymous page cache is not used.",
        "",
        "| page | p50 | p95 | max | requests | target (p95) | in process (median, queries, KB) |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for name, (label, target) in names.items():
        row = http.get(name)
        inner = local.get(name)
        inner_text = (
            f"{inner['median_ms']} ms, {inner['queries']} queries, {inner['bytes'] // 1024} KB"
            if inner
            else ""
        )
        measured = (
            f"{row['p50_ms']} ms | {row['p95_ms']} ms | {row['max_ms']} ms | {row['requests']}"
            if row
            else "(in process only) | | |"
        )
        lines.append(
            f"| {label} | {measured} | {f'<= {target:g} ms' if target else ''} | {inner_text} |"
        )
    ratios = report["ratios"]
    lines += [
        "",
        "p95 as a multiple of the /health/ p95 measured in the same run: "
        + ", ".join(f"{name} {value}x" for name, value in ratios.items())
        + ".",
        "",
        f"Targets met: {'yes' if report['targets_met'] else 'NO'}",
        "",
    ]
    return "\n".join(lines)
