"""Sources and crawls: member websites as sources, checking addresses, starting crawls."""

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from coalition.lib import fetch as safe
from coalition.sitesearch.models import CrawlRun, Page, Source, lines
from coalition.sitesearch.urlnorm import normalise

log = logging.getLogger(__name__)

# A running crawl that has not written progress for this long is taken to be dead.
STALE_AFTER = timedelta(minutes=10)


class CrawlAlreadyRunning(Exception):
    pass


def check_address(url: str) -> str:
    """'' when the address may be crawled, else the reason it may not (for the form)."""
    normal = normalise(url)
    if normal is None:
        return f"{url} is not a web address (http:// or https://)."
    parts = urlsplit(normal)
    try:
        asyncio.run(safe.resolve_public(parts.hostname, parts.port or 80))
    except safe.FetchError as error:
        return str(error)
    return ""


def member_source_fields(organisation) -> dict:
    website = normalise(organisation.website or "")
    parts = urlsplit(website) if website else None
    prefix = ""
    if parts and parts.path not in ("", "/"):
        # https://example.org/canfa is the site itself, as is https://example.org/canfa/...
        prefix = parts.path.rstrip("/")
    return {
        "name": f"{organisation.name} website",
        "start_urls": website or "",
        "allowed_hosts": parts.netloc if parts else "",
        "path_prefixes": prefix,
    }


def sync_member_source(organisation) -> Source | None:
    """Every listed member with a website has a source that follows it."""
    source = Source.objects.filter(organisation=organisation, origin=Source.Origin.MEMBER).first()
    listed = organisation.status == organisation.Status.ACTIVE and bool(organisation.website)
    if source is None:
        if not listed:
            return None
        try:
            with transaction.atomic():
                source = Source.objects.create(
                    organisation=organisation,
                    origin=Source.Origin.MEMBER,
                    follows_website=True,
                    next_crawl_at=timezone.now(),
                    **member_source_fields(organisation),
                )
        except IntegrityError:
            return Source.objects.filter(organisation=organisation, origin="member").first()
        return source
    if source.follows_website:
        fields = member_source_fields(organisation) if organisation.website else {}
        changed = [k for k, v in fields.items() if getattr(source, k) != v]
        for name in changed:
            setattr(source, name, fields[name])
        if not listed and source.enabled:
            source.enabled, source.note = False, "The organisation is no longer a listed member."
            changed += ["enabled", "note"]
        if changed:
            source.save(update_fields=[*changed, "updated"])
    return source


def sync_member_sources() -> int:
    from coalition.members.models import Organisation

    count = 0
    for organisation in Organisation.objects.exclude(website=""):
        if sync_member_source(organisation) is not None:
            count += 1
    return count


def active_run(source: Source) -> CrawlRun | None:
    return source.runs.filter(status__in=CrawlRun.ACTIVE).first()


def start_crawl(source: Source, user=None) -> CrawlRun:
    """Queue a crawl of the source (a background task). Refuses a second one at once."""
    from coalition.sitesearch.tasks import crawl_task

    if active_run(source) is not None:
        raise CrawlAlreadyRunning(f"A crawl of {source} is already under way.")
    try:
        with transaction.atomic():
            run = CrawlRun.objects.create(
                source=source, requested_by=user if user and user.is_authenticated else None
            )
    except IntegrityError:
        raise CrawlAlreadyRunning(f"A crawl of {source} is already under way.") from None
    transaction.on_commit(lambda: crawl_task.enqueue(run.pk))
    return run


def run_crawl(run_id: int) -> CrawlRun | None:
    """Do (or resume) one crawl run. Called by the task; safe to call twice."""
    from coalition.sitesearch.crawler import Crawler

    run = (
        CrawlRun.objects.select_related("source", "source__organisation").filter(pk=run_id).first()
    )
    if run is None or not run.is_active:
        return run
    fresh = run.started is None
    now = timezone.now()
    run.status, run.heartbeat = CrawlRun.Status.RUNNING, now
    run.started = run.started or now
    run.save(update_fields=["status", "heartbeat", "started"])
    crawler = Crawler(run)
    try:
        crawler.crawl(fresh=fresh)
    except Exception as error:
        log.exception("Crawl %s failed", run.pk)
        run.status = CrawlRun.Status.FAILED
        run.message = f"The crawl stopped: {type(error).__name__}: {error}"[:2000]
    run.finished = timezone.now()
    if run.status == CrawlRun.Status.RUNNING:
        run.status = CrawlRun.Status.DONE
    run.save()
    source = run.source
    source.last_crawl_at = run.finished
    source.schedule_next(run.finished)
    source.save(update_fields=["last_crawl_at", "next_crawl_at", "updated"])
    return run


def crawl_due_sources(now=None) -> int:
    """Start crawls of enabled sources whose time has come; resume crawls left for dead."""
    from coalition.sitesearch.tasks import crawl_task

    now = now or timezone.now()
    started = 0
    stale = CrawlRun.objects.filter(status=CrawlRun.Status.RUNNING).filter(
        Q(heartbeat__lt=now - STALE_AFTER) | Q(heartbeat__isnull=True)
    )
    for run in stale:
        run.heartbeat = now
        run.save(update_fields=["heartbeat"])
        transaction.on_commit(lambda pk=run.pk: crawl_task.enqueue(pk))
    due = Source.objects.filter(enabled=True).filter(
        Q(next_crawl_at__lte=now) | Q(next_crawl_at__isnull=True)
    )
    for source in due.exclude(runs__status__in=CrawlRun.ACTIVE):
        try:
            start_crawl(source)
            started += 1
        except CrawlAlreadyRunning:
            continue
    return started


def source_stats(sources) -> dict[int, dict]:
    """Pages indexed, waiting and failed per source, in one query."""
    rows = (
        Page.objects.filter(source__in=sources)
        .values("source_id")
        .annotate(
            indexed=Count(
                "pk", filter=Q(status__in=[Page.Status.INDEXED, Page.Status.NOT_MODIFIED])
            ),
            queued=Count("pk", filter=Q(status=Page.Status.QUEUED)),
            errors=Count("pk", filter=Q(status=Page.Status.ERROR)),
            total=Count("pk"),
        )
    )
    return {row["source_id"]: row for row in rows}


def errors_by_kind(source: Source) -> list[dict]:
    return list(
        source.pages.filter(status__in=[Page.Status.ERROR, Page.Status.SKIPPED])
        .values("status", "error_kind")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )


def validate_start_urls(text: str) -> list[str]:
    """Reasons the addresses cannot be crawled (empty when they all can)."""
    problems = []
    for url in lines(text)[:20]:
        problem = check_address(url)
        if problem:
            problems.append(problem)
    return problems


def min_delay_seconds() -> float:
    return settings.SITESEARCH_MIN_DELAY_MS / 1000
