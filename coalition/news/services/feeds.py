"""Fetching members' feeds: conditional GET through the safe fetcher, parsed by feedparser.

    fetch_due_feeds()      # the periodic job: every active feed whose time has come
    fetch_feeds([feed])    # "fetch now"

Each feed is fetched with its stored ETag and Last-Modified (a 304 costs nothing), parsed,
and its entries stored, de-duplicated by GUID and then by link. A failure (not a feed, an
HTTP error, a refused address, a timeout) is recorded on the feed with its kind and message,
and the next try waits longer each time it fails again (up to NEWS_FEED_MAX_BACKOFF_HOURS).
"""

import asyncio
import calendar
import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coalition.lib.fetch import FetchError, FetchResult, fetch
from coalition.news.models import MemberFeed, MemberFeedEntry
from coalition.news.models.feeds import entry_key

log = logging.getLogger(__name__)

SUMMARY_CHARS = 600
FETCH_KINDS = {choice.value for choice in MemberFeed.ErrorKind}
SPACES = re.compile(r"\s+")


@dataclass
class Outcome:
    feed: MemberFeed
    ok: bool
    new: int = 0
    updated: int = 0
    not_modified: bool = False
    message: str = ""


class FeedProblem(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def html_to_text(value: str, limit: int = SUMMARY_CHARS) -> str:
    """An entry's HTML (or text) as plain text: tags removed, entities decoded, one line."""
    text = nh3.clean(value or "", tags=set(), strip_comments=True)
    text = SPACES.sub(" ", html.unescape(text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text


def _is_web_link(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _entry_time(entry, now: datetime) -> datetime:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return now
    moment = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)
    return min(moment, now)  # a member's clock in the future must not pin an entry on top


def parse(result: FetchResult):
    """feedparser's reading of a fetched answer; FeedProblem if it is not a feed."""
    if result.status >= 400:
        raise FeedProblem(
            MemberFeed.ErrorKind.HTTP_ERROR, f"The server answered HTTP {result.status}."
        )
    if result.status != 200:
        raise FeedProblem(
            MemberFeed.ErrorKind.HTTP_ERROR, f"Unexpected answer HTTP {result.status}."
        )
    parsed = feedparser.parse(
        result.content,
        response_headers={
            "content-location": result.url,
            "content-type": result.headers.get("content-type", "application/xml"),
        },
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.get("version"):
        kind = result.content_type or "unknown content"
        raise FeedProblem(
            MemberFeed.ErrorKind.NOT_A_FEED,
            f"This address gives {kind}, not an RSS or Atom feed. "
            "Check the address of your website’s feed (it often ends in /feed/ or /rss).",
        )
    return parsed


def store_entries(feed: MemberFeed, parsed, now: datetime) -> tuple[int, int]:
    """Add new entries, update changed ones. Returns (new, updated)."""
    existing = {entry.key: entry for entry in feed.entries.all()}
    by_link = {entry.link: entry for entry in existing.values()}
    seen: set[int] = set()
    new = updated = 0
    for raw in parsed.entries[: settings.NEWS_FEED_KEEP_ENTRIES]:
        link = (raw.get("link") or "").strip()
        guid = (raw.get("id") or "").strip()[:1000]
        if not _is_web_link(link):
            if _is_web_link(guid):
                link = guid
            else:
                continue  # nothing to link to: the point of an entry is the original
        title = html_to_text(raw.get("title") or "", 300) or link[:300]
        summary = html_to_text(raw.get("summary") or raw.get("description") or "")
        published = _entry_time(raw, now)
        match = existing.get(entry_key(guid, link)) or (by_link.get(link) if link else None)
        if match is not None:
            if match.pk in seen:
                continue  # the same entry twice in one document
            seen.add(match.pk)
            changed = (match.title, match.summary, match.link) != (title, summary, link[:1000])
            if changed:
                match.title, match.summary, match.link = title, summary, link[:1000]
                match.save(update_fields=["title", "summary", "link"])
                updated += 1
            continue
        entry = MemberFeedEntry(
            feed=feed,
            guid=guid,
            link=link[:1000],
            title=title,
            summary=summary,
            published_at=published,
            fetched_at=now,
        )
        entry.key = entry_key(guid, link)
        entry.save()
        existing[entry.key] = entry
        by_link[entry.link] = entry
        seen.add(entry.pk)
        new += 1
    # Keep the newest few per feed.
    keep = feed.entries.order_by("-published_at", "-pk").values_list("pk", flat=True)[
        : settings.NEWS_FEED_KEEP_ENTRIES
    ]
    feed.entries.exclude(pk__in=list(keep)).delete()
    return new, updated


def backoff(failures: int) -> timedelta:
    """The wait before the next try: the interval, doubled for each failure in a row."""
    interval = timedelta(minutes=settings.NEWS_FEED_INTERVAL_MINUTES)
    if failures <= 0:
        return interval
    longest = timedelta(hours=settings.NEWS_FEED_MAX_BACKOFF_HOURS)
    return min(interval * (2 ** min(failures - 1, 16)), longest)


def record_error(feed: MemberFeed, kind: str, message: str, now: datetime) -> None:
    feed.failure_count += 1
    feed.error_kind = kind if kind in FETCH_KINDS else MemberFeed.ErrorKind.OTHER
    feed.error_message = message[:2000]
    feed.error_at = now
    feed.last_fetched_at = now
    feed.next_fetch_at = now + backoff(feed.failure_count)
    feed.save(
        update_fields=[
            "failure_count",
            "error_kind",
            "error_message",
            "error_at",
            "last_fetched_at",
            "next_fetch_at",
        ]
    )


def _record_success(feed: MemberFeed, result: FetchResult, parsed, now: datetime) -> None:
    feed.failure_count = 0
    feed.error_kind = ""
    feed.error_message = ""
    feed.last_fetched_at = now
    feed.last_success_at = now
    feed.next_fetch_at = now + backoff(0)
    fields = [
        "failure_count",
        "error_kind",
        "error_message",
        "last_fetched_at",
        "last_success_at",
        "next_fetch_at",
    ]
    if not result.not_modified:
        feed.etag = result.etag[:300]
        feed.last_modified = result.last_modified[:100]
        fields += ["etag", "last_modified"]
    if parsed is not None:
        title = html_to_text(parsed.feed.get("title") or "", 300)
        site = parsed.feed.get("link") or ""
        site = site[:500] if _is_web_link(site) else ""
        if (title, site) != (feed.title, feed.site_url):
            feed.title, feed.site_url = title, site
            fields += ["title", "site_url"]
    feed.save(update_fields=fields)


def handle(feed: MemberFeed, result: FetchResult | FetchError, now: datetime) -> Outcome:
    """Store what one fetch gave (or its error) on the feed."""
    if isinstance(result, FetchError):
        record_error(feed, result.kind, str(result), now)
        return Outcome(feed, ok=False, message=str(result))
    if result.not_modified:
        _record_success(feed, result, None, now)
        return Outcome(feed, ok=True, not_modified=True, message="Not changed since last time.")
    try:
        parsed = parse(result)
    except FeedProblem as problem:
        record_error(feed, problem.kind, str(problem), now)
        return Outcome(feed, ok=False, message=str(problem))
    with transaction.atomic():
        new, updated = store_entries(feed, parsed, now)
        _record_success(feed, result, parsed, now)
    return Outcome(feed, ok=True, new=new, updated=updated, message=f"{new} new entries.")


async def _fetch_all(feeds: list[MemberFeed]) -> list[FetchResult | FetchError]:
    limit = asyncio.Semaphore(max(1, settings.NEWS_FEED_CONCURRENCY))

    async def one(feed: MemberFeed):
        async with limit:
            try:
                return await fetch(
                    feed.url,
                    etag=feed.etag,
                    last_modified=feed.last_modified,
                    max_bytes=settings.NEWS_FEED_MAX_BYTES,
                    deadline=settings.NEWS_FEED_DEADLINE_SECONDS,
                )
            except FetchError as error:
                return error
            except Exception as error:  # one odd feed must not stop the others
                log.exception("Fetching feed %s failed", feed.url)
                return FetchError("other", f"Unexpected problem: {error.__class__.__name__}")

    return await asyncio.gather(*(one(feed) for feed in feeds))


def fetch_feeds(feeds: list[MemberFeed]) -> list[Outcome]:
    """Fetch these feeds (at the same time, NEWS_FEED_CONCURRENCY at most) and store the lot."""
    if not feeds:
        return []
    results = asyncio.run(_fetch_all(feeds))
    now = timezone.now()
    outcomes = []
    for feed, result in zip(feeds, results, strict=True):
        try:
            outcomes.append(handle(feed, result, now))
        except Exception as error:  # a feed that breaks the parser is recorded, not fatal
            log.exception("Reading feed %s failed", feed.url)
            record_error(feed, "other", f"The feed could not be read ({error}).", now)
            outcomes.append(Outcome(feed, ok=False, message=str(error)))
    return outcomes


def due_feeds(now: datetime | None = None):
    now = now or timezone.now()
    return (
        MemberFeed.objects.filter(is_active=True)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .select_related("organisation")
        .order_by("next_fetch_at", "pk")
    )


def fetch_due_feeds() -> str:
    feeds = list(due_feeds()[: settings.NEWS_FEED_BATCH])
    outcomes = fetch_feeds(feeds)
    failed = sum(1 for outcome in outcomes if not outcome.ok)
    new = sum(outcome.new for outcome in outcomes)
    return f"{len(outcomes)} feeds fetched, {new} new entries, {failed} failed"
