# ruff: noqa: E501 (Markdown tables)
"""The search benchmark's targets, their check and the Markdown report (see search.py)."""

TARGETS = {
    "crawl_pages_per_second": 40.0,
    "second_pass_304_share": 0.95,
    "crawler_peak_rss_mb": 500.0,
    "sqlite_p95_ms": 100.0,
    "postgres_p95_ms": 150.0,
}


def judge(report: dict) -> list[str]:
    misses = []
    crawl = report.get("crawl", {})
    if "pass1" in crawl:
        if crawl["pass1"]["pages_per_second"] < TARGETS["crawl_pages_per_second"]:
            misses.append("crawl pages/s")
        if crawl["second_pass_304_share"] < TARGETS["second_pass_304_share"]:
            misses.append("second pass 304 share")
        if crawl["memory_pass1"].get("peak_total_mb", 0) > TARGETS["crawler_peak_rss_mb"]:
            misses.append("crawler peak RSS")
        scrapy = report.get("scrapy", {})
        if (
            "pages_per_second" in scrapy
            and crawl["pass1"]["pages_per_second"] < scrapy["pages_per_second"]
        ):
            misses.append("slower than Scrapy")
    for vendor, key in (("sqlite", "sqlite_p95_ms"), ("postgresql", "postgres_p95_ms")):
        part = report.get(f"queries_{vendor}", {})
        if "full_ms" in part and part["full_ms"]["p95"] > TARGETS[key]:
            misses.append(f"{vendor} p95")
    return misses


def table(report: dict) -> str:
    lines = [f"# Site search benchmark ({report['started']}, commit {report['commit']})", ""]
    lines.append(f"Machine: {report['machine']}; load before: {report.get('load_before')}")
    lines.append("")
    crawl = report.get("crawl")
    if crawl and "pass1" in crawl:
        p1, p2 = crawl["pass1"], crawl["pass2"]
        corpus = report.get("corpus", {})
        lines += [
            "## Crawl (fetch, extract, index) of the loopback corpus",
            "",
            f"Corpus: {corpus.get('html')} HTML pages (mean {corpus.get('html_kb_mean')} KB) and "
            f"{corpus.get('pdfs')} PDFs on {len(corpus.get('hosts', []))} hosts.",
            "",
            "| measure | value | target |",
            "| --- | --- | --- |",
            f"| first pass: pages/s (fetched + failed, wall clock) | {p1['pages_per_second']} | >= 40 |",
            f"| first pass: fetched / indexed / errors / skipped | {p1['fetched']} / {p1['indexed']} / {p1['errors']} / {p1['skipped']} | |",
            f"| first pass: seconds | {p1['seconds']} | |",
            f"| second pass: pages/s | {p2['pages_per_second']} | |",
            f"| second pass: share of page requests answered 304 (server count) | {crawl['second_pass_304_share']:.1%} | >= 95% |",
            f"| crawler peak RSS, main process / with extraction workers (MB) | {crawl['memory_pass1'].get('peak_main_mb')} / {crawl['memory_pass1'].get('peak_total_mb')} | <= 500 |",
            f"| main process RSS at 25/50/75/100% of the first pass (MB) | {crawl['memory_pass1'].get('main_mb_at_25_50_75_100')} | flat |",
            f"| index (FTS5 + documents) per 1,000 pages (MB) | {crawl['index_mb_per_1000_pages']} | reported |",
            f"| whole database (with crawl state) per 1,000 pages (MB) | {crawl['database_mb_per_1000_pages']} | reported |",
            "",
        ]  # fmt: skip
        scrapy = report.get("scrapy", {})
        if "pages_per_second" in scrapy:
            lines += [
                f"Scrapy {scrapy.get('version', '')} on the same corpus (fetch + same extraction, "
                f"no index): {scrapy['pages_per_second']} pages/s ({scrapy['pages']} pages, "
                f"{scrapy['seconds']} s, peak RSS {scrapy['memory'].get('peak_total_mb')} MB). "
                f"Ours / Scrapy: {p1['pages_per_second'] / max(0.1, scrapy['pages_per_second']):.2f}.",
                "",
            ]
        elif scrapy:
            lines += [f"Scrapy comparison skipped: {scrapy.get('skipped')}", ""]
    for vendor, target in (("sqlite", 100), ("postgresql", 150)):
        part = report.get(f"queries_{vendor}")
        if not part:
            continue
        if "error" in part:
            lines += [f"## Queries on {vendor}: failed: {part['error']}", ""]
            continue
        full, floor = part["full_ms"], part["floor_ms"]
        lines += [
            f"## Queries on {vendor}: {part['documents']:,} documents, {part['queries']} queries",
            "",
            "| ms | p50 | p95 | p99 | max |",
            "| --- | --- | --- | --- | --- |",
            f"| search (top 10 with snippets and facets) | {full['p50']} | {full['p95']} | {full['p99']} | {full['max']} |",
            f"| engine floor (same match, LIMIT 10) | {floor['p50']} | {floor['p95']} | {floor['p99']} | {floor['max']} |",
            f"| engine ranking every match, LIMIT 10 ({part['ranked_all_sampled']} sampled, {part['ranked_all_timeouts']} stopped at 5 s) | {part['ranked_all_ms']['p50']} | {part['ranked_all_ms']['p95']} | {part['ranked_all_ms']['p99']} | {part['ranked_all_ms']['max']} |",
            "",
            f"Target p95 <= {target} ms. p95 by kind of query: "
            + ", ".join(f"{k} {v} ms" for k, v in part["p95_by_kind_ms"].items())
            + f". Size: {part['size']}.",
            "",
            f"Searches cut short and showing the first results found: "
            f"{sum(part.get('partial_by_kind', {}).values())} {part.get('partial_by_kind', {})}. "
            f"Load average (1, 5, 15 min) at the start and end of the queries: "
            f"{part.get('load_start_end')}.",
            "",
        ]  # fmt: skip
    misses = report.get("misses", [])
    lines.append("Targets missed: " + (", ".join(misses) if misses else "none") + ".")
    return "\n".join(lines) + "\n"
