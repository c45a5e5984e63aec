"""The comparison: Scrapy fetching and extracting the benchmark corpus.

    python bench/search_scrapy.py http://127.0.0.11:8210/ ... > result.json

The same work per page as our crawler: robots.txt obeyed, one request at a time per
host, links followed within the hosts, and the same extraction (coalition.sitesearch.
extract: trafilatura for HTML, pypdf for PDF). No index is written. Prints one JSON line.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402
from scrapy.linkextractors import LinkExtractor  # noqa: E402

from coalition.sitesearch.extract import extract  # noqa: E402

STATS = {"pages": 0, "extracted": 0, "errors": 0}


class CorpusSpider(scrapy.Spider):
    name = "corpus"

    def __init__(self, starts, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = starts
        self.hosts = {urlsplit(u).netloc for u in starts}
        self.links = LinkExtractor(deny_extensions=[])

    def parse(self, response):
        STATS["pages"] += 1
        kind = response.headers.get("Content-Type", b"").decode().split(";")[0]
        result = extract(response.url, kind, response.body, 100_000)
        if "error" in result:
            STATS["errors"] += 1
        elif "skip" not in result:
            STATS["extracted"] += 1
        if kind.startswith("text/html"):
            for link in self.links.extract_links(response):
                if urlsplit(link.url).netloc in self.hosts:
                    yield scrapy.Request(link.url, callback=self.parse)


def main():
    starts = sys.argv[1:]
    process = CrawlerProcess(
        settings={
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
            "DOWNLOAD_DELAY": 0,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "COOKIES_ENABLED": False,
            "USER_AGENT": "Coalition-bench-scrapy",
            "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
    )
    process.crawl(CorpusSpider, starts=starts)
    started = time.perf_counter()
    process.start()
    elapsed = time.perf_counter() - started
    STATS["seconds"] = round(elapsed, 2)
    STATS["pages_per_second"] = round(STATS["pages"] / elapsed, 1) if elapsed else 0
    STATS["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    STATS["pid"] = os.getpid()
    print(json.dumps(STATS), flush=True)


if __name__ == "__main__":
    main()
