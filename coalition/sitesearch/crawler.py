"""The crawler: fetch a source's pages politely and safely, extract them, index them.

One crawl run works through the source's Page rows with status "queued" (the crawl's
memory is the database, so a worker killed half way resumes where it was). The loop is
a two-stage pipeline in one thread:

    fetch a batch (async httpx via coalition.lib.fetch: every host one request at a time,
    a minimum delay between requests, robots.txt rules and Crawl-delay respected)
        -> extract the batch in worker processes (trafilatura, pypdf, python-docx)
    while the previous batch is written to the database (pages, new links, index).
"""

import asyncio
import logging
import multiprocessing
import re
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from protego import Protego

from coalition.lib import fetch as safe
from coalition.sitesearch import index
from coalition.sitesearch.models import CrawlRun, Document, Page, Source
from coalition.sitesearch.urlnorm import Scope, host_of, looks_binary, normalise, url_hash
from coalition.sitesearch.worker import extract_for_crawl

log = logging.getLogger(__name__)
# httpx logs every request at INFO: a crawl would drown the worker's log.
logging.getLogger("httpx").setLevel(logging.WARNING)

BATCH_PER_HOST = 8  # requests to one host in one batch when it has no delay
MAX_SITEMAPS = 50
LOC = re.compile(rb"<loc>\s*(.*?)\s*</loc>", re.S | re.I)


@dataclass
class Item:
    page_id: int
    url: str
    depth: int
    etag: str = ""
    last_modified: str = ""


@dataclass
class Skip:
    reason: str
    kind: str = "robots"


@dataclass
class Host:
    name: str
    queue: deque = field(default_factory=deque)
    robots: Protego | None = None
    robots_checked: bool = False
    delay: float = 0.0
    next_at: float = 0.0
    refused: Skip | None = None  # every URL of the host gets this


def _no_delay(host: str) -> bool:
    allowed = {h.lower() for h in settings.SITESEARCH_NO_DELAY_HOSTS}
    return host in allowed or host.split(":")[0] in allowed


class Crawler:
    def __init__(self, run: CrawlRun):
        self.run = run
        self.source: Source = run.source
        self.scope = Scope(
            self.source.host_list, self.source.prefix_list, self.source.excluded_list
        )
        self.user_agent = settings.FETCH_USER_AGENT
        self.min_delay = settings.SITESEARCH_MIN_DELAY_MS / 1000
        self.max_crawl_delay = settings.SITESEARCH_MAX_CRAWL_DELAY_SECONDS
        self.max_chars = settings.SITESEARCH_MAX_TEXT_CHARS
        self.hosts: dict[str, Host] = {}
        self.seen: set[str] = set()
        self.known = 0
        self.organisation = self.source.organisation
        self.themes = ""
        if self.organisation is not None:
            slugs = list(self.organisation.themes.values_list("slug", flat=True))
            self.themes = "|" + "|".join(slugs) + "|" if slugs else ""

    # --- the frontier ---------------------------------------------------------------------

    def in_scope(self, url: str) -> bool:
        return self.scope.allows(url) and not looks_binary(url)

    def prepare(self, fresh: bool) -> None:
        pages = Page.objects.filter(source=self.source)
        starts = [u for u in (normalise(s) for s in self.source.start_url_list) if u]
        if fresh:
            # Addresses the source no longer covers (its settings changed) are forgotten.
            outside = [
                pk
                for pk, url in pages.values_list("pk", "url").iterator(chunk_size=2000)
                if not self.in_scope(url) and url not in starts
            ]
            for first in range(0, len(outside), 500):
                pages.filter(pk__in=outside[first : first + 500]).delete()
            # A new crawl: everything known is checked again (with conditional GET), and
            # the start addresses even if they had gone.
            pages.exclude(status__in=[Page.Status.QUEUED, Page.Status.GONE]).update(
                status=Page.Status.QUEUED
            )
            pages.filter(url_hash__in=[url_hash(u) for u in starts]).update(
                status=Page.Status.QUEUED
            )
        self.seen = set(pages.values_list("url_hash", flat=True))
        self.known = len(self.seen)
        for row in (
            pages.filter(status=Page.Status.QUEUED)
            .order_by("depth", "pk")
            .values("pk", "url", "depth", "etag", "last_modified")
            .iterator(chunk_size=2000)
        ):
            self.enqueue(
                Item(row["pk"], row["url"], row["depth"], row["etag"], row["last_modified"])
            )
        self.add_urls(starts, depth=0, force=True)

    def enqueue(self, item: Item) -> None:
        name = host_of(item.url)
        host = self.hosts.get(name)
        if host is None:
            host = self.hosts[name] = Host(name)
        host.queue.append(item)

    def add_urls(self, urls, depth: int, force: bool = False) -> int:
        """Record new in-scope addresses as queued pages (up to the source's maximum)."""
        fresh = []
        for url in urls:
            if url is None or not (force or self.in_scope(url)):
                continue
            digest = url_hash(url)
            if digest in self.seen:
                continue
            if self.known >= self.source.max_pages and not force:
                break
            self.seen.add(digest)
            self.known += 1
            fresh.append(Page(source=self.source, url=url, url_hash=digest, depth=depth))
        if not fresh:
            return 0
        try:
            with transaction.atomic():
                created = Page.objects.bulk_create(fresh)
        except IntegrityError:  # another process added some: take them one by one
            created = []
            for page in fresh:
                row, made = Page.objects.get_or_create(
                    source=self.source,
                    url_hash=page.url_hash,
                    defaults={"url": page.url, "depth": depth},
                )
                if made:
                    created.append(row)
        for page in created:
            self.enqueue(Item(page.pk, page.url, page.depth))
        return len(created)

    def queued(self) -> int:
        return sum(len(h.queue) for h in self.hosts.values())

    def next_batch(self) -> dict[str, list[Item]]:
        now = time.monotonic()
        batch = {}
        for host in self.hosts.values():
            if len(batch) >= settings.SITESEARCH_HOSTS_AT_ONCE:
                break
            if not host.queue or host.next_at > now:
                continue
            size = BATCH_PER_HOST if host.delay == 0 and host.robots_checked else 1
            if host.refused:
                size = len(host.queue)
            batch[host.name] = [host.queue.popleft() for _ in range(min(size, len(host.queue)))]
        return batch

    def wait_time(self) -> float:
        now = time.monotonic()
        waits = [h.next_at - now for h in self.hosts.values() if h.queue]
        return max(0.0, min(waits)) if waits else 0.0

    # --- fetching (async) -----------------------------------------------------------------

    def follow(self, url: str) -> bool:
        normal = normalise(url)
        return normal is not None and self.scope.allows(normal)

    async def fetch_batch(self, client, batch: dict[str, list[Item]]):
        results = await asyncio.gather(
            *(self.fetch_host(client, self.hosts[name], items) for name, items in batch.items())
        )
        outcomes, discovered = [], []
        for host_outcomes, host_urls in results:
            outcomes += host_outcomes
            discovered += host_urls
        return outcomes, discovered

    async def fetch_host(self, client, host: Host, items: list[Item]):
        discovered: list[str] = []
        if not host.robots_checked:
            discovered = await self.check_robots(client, host, items)
        if host.refused:
            return [(item, host.refused) for item in items], discovered
        outcomes = []
        semaphore = asyncio.Semaphore(
            1 if host.delay else max(1, settings.SITESEARCH_HOST_CONCURRENCY)
        )

        async def one(item: Item):
            if host.robots is not None and not host.robots.can_fetch(item.url, self.user_agent):
                return item, Skip("robots.txt asks crawlers not to fetch this address.")
            async with semaphore:
                wait = host.next_at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                try:
                    outcome = await safe.fetch(
                        item.url,
                        etag=item.etag,
                        last_modified=item.last_modified,
                        follow=self.follow,
                        client=client,
                    )
                except safe.FetchError as error:
                    outcome = error
                host.next_at = time.monotonic() + host.delay
                return item, outcome

        outcomes = await asyncio.gather(*(one(item) for item in items))
        return list(outcomes), discovered

    def on_allowed_host(self, url: str) -> bool:
        normal = normalise(url)
        return normal is not None and host_of(normal) in self.scope.hosts

    async def check_robots(self, client, host: Host, items: list[Item]) -> list[str]:
        host.robots_checked = True
        scheme = "https" if any(i.url.startswith("https:") for i in items) else "http"
        base = f"{scheme}://{host.name}"
        host.delay = 0.0 if _no_delay(host.name) else self.min_delay
        try:
            # robots.txt and sitemaps sit outside the source's paths: any allowed host will do.
            answer = await safe.fetch(
                f"{base}/robots.txt",
                client=client,
                max_bytes=512 * 1024,
                follow=self.on_allowed_host,
            )
        except safe.FetchError as error:
            host.refused = Skip(f"robots.txt could not be fetched: {error}", kind=error.kind)
            self.note_host(host.name, host.refused.reason)
            return []
        sitemaps: list[str] = []
        if 200 <= answer.status < 300:
            text = answer.content
            is_text = (not answer.content_type or answer.content_type.startswith("text/")) and (
                b"\0" not in text[:4096]
            )
            try:
                decoded = text.decode("utf-8")
            except UnicodeDecodeError:
                is_text = False
            if not is_text:
                self.note_host(
                    host.name,
                    f"robots.txt is not text ({answer.content_type or 'no type'}); "
                    "crawled as if it had no rules.",
                )
            else:
                host.robots = Protego.parse(decoded)
                delay = host.robots.crawl_delay(self.user_agent)
                if delay is not None and delay > self.max_crawl_delay:
                    host.refused = Skip(
                        f"robots.txt asks for {delay:g} seconds between requests, more than "
                        f"the {self.max_crawl_delay} allowed: the host is skipped.",
                        kind="crawl_delay",
                    )
                    self.note_host(host.name, host.refused.reason)
                    return []
                if delay:
                    host.delay = max(host.delay, float(delay))
                sitemaps = list(host.robots.sitemaps)
        elif answer.status >= 500:
            host.refused = Skip(
                f"robots.txt answered {answer.status}; the host is skipped this time.",
                kind="robots",
            )
            self.note_host(host.name, host.refused.reason)
            return []
        if not sitemaps:
            sitemaps = [f"{base}/sitemap.xml"]
        host.next_at = time.monotonic() + host.delay
        return await self.read_sitemaps(client, host, sitemaps)

    async def read_sitemaps(self, client, host: Host, sitemaps: list[str]) -> list[str]:
        todo = deque(sitemaps)
        done: set[str] = set()
        found: list[str] = []
        while todo and len(done) < MAX_SITEMAPS and len(found) < self.source.max_pages:
            url = normalise(todo.popleft())
            if url is None or url in done or host_of(url) not in self.scope.hosts:
                continue
            done.add(url)
            try:
                answer = await safe.fetch(url, client=client, follow=self.on_allowed_host)
            except safe.FetchError as error:
                self.note_host(host.name, f"Sitemap {url}: {error}")
                continue
            if answer.status != 200:
                continue
            body = answer.content
            if body[:2] == b"\x1f\x8b":  # a .xml.gz file, served as it is
                try:
                    decoder = safe.Decoder("gzip", settings.FETCH_MAX_BYTES)
                    decoder.feed(body)
                    body = decoder.finish()
                except safe.FetchError as error:
                    self.note_host(host.name, f"Sitemap {url}: {error}")
                    continue
            locs = [_unescape(m.group(1).decode("utf-8", "replace")) for m in LOC.finditer(body)]
            if b"<sitemapindex" in body[:2048]:
                todo.extend(locs)
            else:
                found.extend(locs)
            if host.delay:
                await asyncio.sleep(host.delay)
        return found

    def note_host(self, host: str, message: str) -> None:
        notes = self.run.skipped_hosts or {}
        notes[host] = message[:500]
        self.run.skipped_hosts = notes

    # --- the loop -------------------------------------------------------------------------

    def crawl(self, fresh: bool) -> CrawlRun:
        self.prepare(fresh)
        loop = asyncio.new_event_loop()
        workers = settings.SITESEARCH_EXTRACT_WORKERS
        pool = (
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
            if workers > 0
            else None
        )
        client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.FETCH_TIMEOUT_SECONDS),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        pending = None
        try:
            while True:
                batch = self.next_batch()
                if not batch:
                    if pending is not None:
                        self.store(*pending)
                        pending = None
                        continue
                    if not self.queued():
                        break
                    time.sleep(min(self.wait_time(), 5.0))
                    continue
                outcomes, discovered = loop.run_until_complete(self.fetch_batch(client, batch))
                jobs = [self.submit(pool, item, outcome) for item, outcome in outcomes]
                if pending is not None:
                    self.store(*pending)
                pending = (outcomes, jobs, discovered)
            self.run.status = CrawlRun.Status.DONE
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return self.run

    def submit(self, pool, item: Item, outcome):
        if not isinstance(outcome, safe.FetchResult) or not (200 <= outcome.status < 300):
            return None
        args = (outcome.url, outcome.content_type, outcome.content, self.max_chars, self.scope)
        if pool is None:
            done = Future()
            done.set_result(extract_for_crawl(*args))
            return done
        return pool.submit(extract_for_crawl, *args)

    # --- storing (the database) -----------------------------------------------------------

    def store(self, outcomes, jobs, discovered) -> None:
        # Wait for the extraction first: the write transaction below must stay short
        # (on SQLite it holds the database's one write lock).
        results = []
        for job in jobs:
            try:
                results.append(job.result() if job is not None else None)
            except Exception as error:  # a worker died on a pathological file
                results.append({"error": f"Extraction failed ({type(error).__name__})."})
        now = timezone.now()
        with transaction.atomic():
            if discovered:
                self.add_urls((normalise(u) for u in discovered), depth=1)
            for (item, outcome), extracted in zip(outcomes, results, strict=True):
                self.store_one(item, outcome, extracted, now)
            self.run.queued_left = self.queued()
            self.run.heartbeat = now
            self.run.save()

    def store_one(self, item: Item, outcome, extracted, now) -> None:
        page = Page(pk=item.page_id, source=self.source, url=item.url, url_hash=url_hash(item.url))
        page.depth = item.depth
        page.etag, page.last_modified = item.etag, item.last_modified
        page.fetched_at = now
        page.error_kind = page.reason = ""
        fields = ["status", "fetched_at", "error_kind", "reason", "http_status"]
        run = self.run
        if isinstance(outcome, Skip):
            page.status, page.error_kind, page.reason = (
                Page.Status.SKIPPED,
                outcome.kind,
                outcome.reason,
            )
            run.skipped += 1
        elif isinstance(outcome, safe.FetchError):
            if outcome.kind == "redirect_refused":
                page.status = Page.Status.SKIPPED
                run.skipped += 1
            else:
                page.status = Page.Status.ERROR
                run.errors += 1
            page.error_kind, page.reason = outcome.kind, str(outcome)[:500]
        else:
            run.fetched += 1
            page.http_status = outcome.status
            if outcome.not_modified:
                page.status = Page.Status.NOT_MODIFIED
                run.not_modified += 1
            elif outcome.status in (404, 410):
                page.status, page.reason = (
                    Page.Status.GONE,
                    f"The server answered {outcome.status}.",
                )
                run.removed += Document.objects.filter(page_id=page.pk).delete()[0] and 1
            elif outcome.status >= 400 or outcome.status < 200:
                page.status, page.error_kind = Page.Status.ERROR, f"http_{outcome.status}"
                page.reason = f"The server answered {outcome.status}."
                run.errors += 1
            else:
                target = page
                final = normalise(outcome.url) or item.url
                if final != item.url:
                    page.status, page.reason = Page.Status.REDIRECTED, f"Moved to {final}"
                    page.canonical_url = final
                    page.save(update_fields=[*fields, "canonical_url"])
                    Document.objects.filter(page_id=page.pk).delete()
                    target = self.page_for(final, item.depth)
                    if target is None:
                        return
                    fields = ["status", "fetched_at", "error_kind", "reason", "http_status"]
                    target.fetched_at, target.http_status = now, outcome.status
                    target.error_kind = target.reason = ""
                target.etag, target.last_modified = outcome.etag[:300], outcome.last_modified[:100]
                target.content_type = outcome.content_type[:100]
                fields += ["etag", "last_modified", "content_type"]
                fields += self.index_page(target, extracted, item.depth)
                if target.status != Page.Status.INDEXED:
                    # Fetched in full next time: only indexed pages are worth a 304.
                    target.etag = target.last_modified = ""
                target.save(update_fields=list(dict.fromkeys(fields)))
                return
        page.save(update_fields=fields)

    def page_for(self, url: str, depth: int) -> Page | None:
        """The row for where a redirect led (made if new); None if already done this crawl."""
        digest = url_hash(url)
        page, made = Page.objects.get_or_create(
            source=self.source, url_hash=digest, defaults={"url": url, "depth": depth}
        )
        if not made and page.status != Page.Status.QUEUED:
            return None
        if digest not in self.seen:
            self.seen.add(digest)
            self.known += 1
        # It may also wait in a host's queue: drop it there, it is being done now.
        host = self.hosts.get(host_of(url))
        if host is not None:
            host.queue = deque(i for i in host.queue if i.page_id != page.pk)
        return page

    def index_page(self, page: Page, extracted: dict | None, depth: int) -> list[str]:
        run = self.run
        extracted = extracted or {"error": "Nothing to read."}
        if "error" in extracted or "skip" in extracted:
            Document.objects.filter(page_id=page.pk).delete()
            if "error" in extracted:
                page.status, page.error_kind = Page.Status.ERROR, "extract"
                page.reason = extracted["error"][:500]
                run.errors += 1
            else:
                page.status, page.error_kind = Page.Status.SKIPPED, "type"
                page.reason = extracted["skip"][:500]
                run.skipped += 1
            return ["content_type"]
        self.add_urls(extracted["links"], depth=depth + 1)  # normalised and in scope
        canonical = normalise(extracted["canonical"]) if extracted["canonical"] else None
        if canonical and canonical != page.url and self.in_scope(canonical):
            page.status, page.canonical_url = Page.Status.DUPLICATE, canonical
            page.reason = f"Its canonical address is {canonical}"
            self.add_urls([canonical], depth=depth)
            Document.objects.filter(page_id=page.pk).delete()
            return ["canonical_url"]
        if extracted["noindex"]:
            page.status, page.error_kind = Page.Status.SKIPPED, "noindex"
            page.reason = "The page asks not to be indexed (robots meta tag)."
            Document.objects.filter(page_id=page.pk).delete()
            run.skipped += 1
            return []
        text = extracted["text"]
        if not text.strip() and not extracted["title"]:
            page.status, page.error_kind = Page.Status.SKIPPED, "empty"
            page.reason = "No text found."
            run.skipped += 1
            return []
        page.fingerprint = extracted["fingerprint"]
        twin = next(
            (
                url
                for pk, url, status in Page.objects.filter(
                    fingerprint=page.fingerprint
                ).values_list("pk", "url", "status")[:20]
                if pk != page.pk and status == Page.Status.INDEXED
            ),
            None,
        )
        if twin:
            page.status, page.reason = Page.Status.DUPLICATE, f"The same text as {twin}"[:500]
            Document.objects.filter(page_id=page.pk).delete()
            return ["fingerprint"]
        published = None
        if extracted["date"]:
            try:
                published = date.fromisoformat(extracted["date"])
            except ValueError:
                published = None
        index.upsert(
            key=f"page:{page.pk}",
            kind=extracted["kind"] if extracted["kind"] in ("pdf", "docx") else "page",
            title=extracted["title"] or page.url,
            body=text,
            description=extracted["description"],
            url=page.url,
            organisation=self.organisation,
            source=self.source,
            page=page,
            themes=self.themes,
            date=published,
            language=extracted["language"],
        )
        page.status = Page.Status.INDEXED
        run.indexed += 1
        return ["fingerprint"]


def _unescape(text: str) -> str:
    import html

    return html.unescape(text.strip())
