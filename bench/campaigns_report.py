"""The campaigns benchmark's targets check and Markdown report (see campaigns.py)."""

DATABASE = "coalition_bench_campaigns"
TARGET_SIGNATURES_PER_S = 500.0
TARGET_SIGNING_P95_MS = 200.0
TARGET_PAGE_P95_MS = 50.0
TARGET_EXPORT_S = 30.0
TARGET_EXPORT_RSS_MB = 100.0


def checks(report) -> list[dict]:
    signing, page, csv = report["signing"], report["page"], report["export"]
    paced = report["signing_paced"]
    expected_rows = report["data"]["petition signatures"]
    found = [
        (
            "signing, closed loop: accepted signatures/s >= 500",
            signing["signatures_per_s"],
            signing["signatures_per_s"] >= TARGET_SIGNATURES_PER_S,
        ),
        (
            "signing: stored == 2xx answers",
            f"{signing['stored']} / {signing['signed_2xx']}",
            signing["stored"] == signing["signed_2xx"],
        ),
        (
            "signing: no errors or other answers",
            signing["error_count"] + signing["other_answers"],
            signing["error_count"] + signing["other_answers"] == 0,
        ),
        (
            "paced signing at 500/s: p95 <= 200 ms",
            paced["latency_ms"]["p95"],
            0 <= paced["latency_ms"]["p95"] <= TARGET_SIGNING_P95_MS,
        ),
        (
            "paced signing: accepted >= 97% of the offered 500/s",
            paced["signatures_per_s"],
            paced["signatures_per_s"] >= 0.97 * TARGET_SIGNATURES_PER_S,
        ),
        (
            "paced signing: stored == 2xx answers",
            f"{paced['stored']} / {paced['signed_2xx']}",
            paced["stored"] == paced["signed_2xx"],
        ),
        (
            "paced signing: no errors or other answers",
            paced["error_count"] + paced["other_answers"],
            paced["error_count"] + paced["other_answers"] == 0,
        ),
        (
            "petition page: p95 <= 50 ms at 16 clients",
            page["latency_ms"]["p95"],
            page["latency_ms"]["p95"] <= TARGET_PAGE_P95_MS,
        ),
        ("petition page: no errors", page["error_count"], page["error_count"] == 0),
        ("export: <= 30 s", csv["seconds"], csv["seconds"] <= TARGET_EXPORT_S),
        (
            "export: worker RSS growth <= 100 MB",
            csv["rss_growth_mb"],
            csv["rss_growth_mb"] <= TARGET_EXPORT_RSS_MB,
        ),
        (
            "export: every signature exported",
            f"{csv['rows']} / {expected_rows}",
            csv["rows"] == expected_rows,
        ),
    ]
    return [{"check": name, "value": value, "pass": bool(ok)} for name, value, ok in found]


def markdown(report) -> str:
    paced = report["signing_paced"]
    signing, page, csv, raw = (
        report["signing"],
        report["page"],
        report["export"],
        report["raw_insert"],
    )
    held = (
        ""
        if report["scale"] == "M" and not report["quick"]
        else (" (not held to the targets: only a full run at scale M is)")
    )
    lines = [
        f"# Campaign actions benchmark: scale {report['scale']}{held}",
        "",
        f"- Started {report['started']}, commit {report['git_commit']}, "
        f"{report['machine'].get('cpu_count', '?')} CPUs; load average before "
        f"{report['load_average_before']}, after {report['load_average_after']}.",
        f"- Server: `{report['server']}` on PostgreSQL (`{DATABASE}`), DEBUG off; "
        f"cache: {report['cache']}.",
        f"- Data: {report['data']['petition signatures']:,} signatures on the petition.",
        "",
        "| Measure | Value | Target |",
        "| --- | --- | --- |",
        f"| Signing, closed loop, {signing['clients']} clients: accepted signatures/s | "
        f"{signing['signatures_per_s']:,.0f} | ≥ 500 |",
        f"| Signing, closed loop: p50 / p95 / p99 ms (200 clients always waiting) | "
        f"{signing['latency_ms']['p50']:.0f} / {signing['latency_ms']['p95']:.0f} / "
        f"{signing['latency_ms']['p99']:.0f} | – |",
        f"| Signing, closed loop: 2xx answers / rows stored | {signing['signed_2xx']:,} / "
        f"{signing['stored']:,} | equal |",
        f"| Signing, paced, {paced['clients']} clients offering {paced['offered_per_s']}/s: "
        f"accepted signatures/s | {paced['signatures_per_s']:,.0f} | ≥ 485 |",
        f"| Signing, paced: p50 / p95 / p99 ms from the due time | "
        f"{paced['latency_ms']['p50']:.0f} / {paced['latency_ms']['p95']:.0f} / "
        f"{paced['latency_ms']['p99']:.0f} | p95 ≤ 200 |",
        f"| Signing, paced: 2xx answers / rows stored | {paced['signed_2xx']:,} / "
        f"{paced['stored']:,} | equal |",
        f"| Signing: confirmation email tasks enqueued (batches, not one a signature) | "
        f"{signing.get('tasks_enqueued', 0):,} | – |",
        f"| Raw INSERT into the same table (pgbench, {raw['clients']} clients): rows/s | "
        f"{raw['inserts_per_s']:,.0f} | the ceiling |",
        f"| Signing as a share of the raw INSERT rate | "
        f"{signing['signatures_per_s'] / raw['inserts_per_s']:.0%} | – |",
        f"| Petition page, {page['clients']} clients: req/s | {page['rps']:,.0f} | – |",
        f"| Petition page: p50 / p95 / p99 ms | {page['latency_ms']['p50']:.1f} / "
        f"{page['latency_ms']['p95']:.1f} / {page['latency_ms']['p99']:.1f} | p95 ≤ 50 |",
        f"| CSV export of {csv['rows']:,} rows ({csv['megabytes']:,.0f} MB): seconds | "
        f"{csv['seconds']:.1f} | ≤ 30 |",
        f"| CSV export: gunicorn worker RSS growth, MB | {csv['rss_growth_mb']:.1f} | ≤ 100 |",
        "",
        "| Check | Value | Pass |",
        "| --- | --- | --- |",
    ]
    for check in report["checks"]:
        lines.append(
            f"| {check['check']} | {check['value']} | {'yes' if check['pass'] else 'NO'} |"
        )
    return "\n".join(lines) + "\n"
