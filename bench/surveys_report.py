"""The surveys benchmark's targets check and Markdown report (see surveys.py)."""

DATABASE = "coalition_bench_surveys"
TARGET_INGEST_PER_S = 300
TARGET_PAGE_P95_S = 1.0
TARGET_EXPORT_S = 10.0
TARGET_RSS_MB = 100.0


def checks(report: dict, quick: bool) -> list[dict]:
    run = report["ingest"]
    out = [
        {
            "check": f"ingest: accepted responses/s >= {TARGET_INGEST_PER_S}",
            "value": run["per_second"],
            "pass": run["per_second"] >= TARGET_INGEST_PER_S,
        },
        {
            "check": "ingest: stored == accepted (none lost, none duplicated)",
            "value": f"{run['stored']['responses']} / {run['accepted']}",
            "pass": run["stored"]["responses"] == run["accepted"]
            and run["stored"]["distinct"] == run["accepted"],
        },
        {
            "check": "ingest: no errors or other answers",
            "value": run["other_answers"] + sum(run["errors"].values()),
            "pass": run["other_answers"] + sum(run["errors"].values()) == 0,
        },
    ]
    for key, label in (
        ("results", "results page"),
        ("crosstab", "filtered cross-tab"),
        ("filtered", "filtered by an answer"),
    ):
        out.append(
            {
                "check": f"{label}: p95 <= {TARGET_PAGE_P95_S:g} s",
                "value": report[key]["p95_s"],
                "pass": report[key]["p95_s"] <= TARGET_PAGE_P95_S,
            }
        )
    for key, label in (("export", "CSV export"), ("sav_export", "SPSS export")):
        if key not in report:  # results written before the SPSS export existed
            continue
        export = report[key]
        out += [
            {
                "check": f"{label}: <= {TARGET_EXPORT_S:g} s",
                "value": export["seconds"],
                "pass": export["seconds"] <= TARGET_EXPORT_S,
            },
            {
                "check": f"{label}: worker RSS growth <= {TARGET_RSS_MB:g} MB",
                "value": export["rss_growth_mb"],
                "pass": export["rss_growth_mb"] <= TARGET_RSS_MB,
            },
            {
                "check": f"{label}: every response exported",
                "value": f"{export['rows']} / {report['data']['responses']}",
                "pass": export["rows"] == report["data"]["responses"],
            },
        ]
    return out


def markdown(report: dict) -> str:
    run = report["ingest"]
    floor_s = report["floor"]["median_s"]
    lines = [
        f"# Surveys benchmark{' (quick)' if report['quick'] else ''}",
        "",
        f"- Started {report['started']}, commit {report['git_commit']}, "
        f"{report['machine'].get('cpu_count', '?')} CPUs; load average before "
        f"{report['load_average_before']}, after {report['load_average_after']}.",
        f"- Server: `{report['server']}` on "
        f"{report.get('database', f'PostgreSQL (`{DATABASE}`)')}, DEBUG off.",
        f"- Data: {report['data']['responses']:,} responses to a 20-question survey, "
        f"{report['data']['answers']:,} answer rows.",
        "",
        "| Measure | Value | Target |",
        "| --- | --- | --- |",
        f"| Ingest, {run['clients']} clients: accepted responses/s | {run['per_second']:,.0f} | "
        f"≥ {TARGET_INGEST_PER_S} |",
        f"| Ingest: p50 / p95 / p99 ms | {run['latency_ms']['p50']:.0f} / "
        f"{run['latency_ms']['p95']:.0f} / {run['latency_ms']['p99']:.0f} | – |",
        f"| Ingest: accepted (303) / stored / distinct | {run['accepted']:,} / "
        f"{run['stored']['responses']:,} / {run['stored']['distinct']:,} | equal |",
        f"| Results page: p50 / p95 s | {report['results']['p50_s']} / "
        f"{report['results']['p95_s']} | p95 ≤ 1 |",
        "| Filtered cross-tab (one collector × q01): p50 / p95 s | "
        f"{report['crosstab']['p50_s']} / "
        f"{report['crosstab']['p95_s']} | p95 ≤ 1 |",
        f"| Filtered by an answer (q02 = a): p50 / p95 s | {report['filtered']['p50_s']} / "
        f"{report['filtered']['p95_s']} | p95 ≤ 1 |",
        f"| Floor: the same counting GROUP BY in raw SQL, s | {floor_s} | the floor |",
        f"| First count of generated responses into stored counts (once): s | "
        f"{report['first_fold']['seconds']} "
        f"({report['first_fold']['responses']:,} responses) | – |",
        f"| Results page as a multiple of the floor | "
        f"{report['results']['p50_s'] / floor_s if floor_s else 0:.1f}× | – |",
        f"| CSV export ({report['export']['megabytes']} MB, "
        f"{report['export']['rows']:,} rows): s | "
        f"{report['export']['seconds']} | ≤ 10 |",
        f"| CSV export: gunicorn worker RSS growth, MB | {report['export']['rss_growth_mb']} | "
        "≤ 100 |",
    ]
    if "sav_export" in report:
        sav = report["sav_export"]
        lines += [
            f"| SPSS .sav export ({sav['megabytes']} MB, {sav['rows']:,} cases): s | "
            f"{sav['seconds']} | ≤ 10 |",
            f"| SPSS export: gunicorn worker RSS growth, MB | {sav['rss_growth_mb']} | ≤ 100 |",
        ]
    lines += [
        "",
        "| Check | Value | Pass |",
        "| --- | --- | --- |",
    ]
    for check in report["checks"]:
        lines.append(
            f"| {check['check']} | {check['value']} | {'yes' if check['pass'] else 'NO'} |"
        )
    lines.append("")
    return "\n".join(lines)
