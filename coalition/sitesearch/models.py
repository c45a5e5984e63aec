"""Sources to crawl, the crawl state (a row per URL), crawl runs, and the search index."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Source(models.Model):
    """A website (or part of one) to crawl: a member's website, or one staff added."""

    class Origin(models.TextChoices):
        MEMBER = "member", "Member's website"
        STAFF = "staff", "Added by staff"

    name = models.CharField(max_length=200)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.STAFF)
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_sources",
        help_text="Whose pages these are (shown beside each result).",
    )
    follows_website = models.BooleanField(
        default=False,
        help_text="Start from the organisation's website address, kept in step with it.",
    )
    start_urls = models.TextField(
        "start addresses", help_text="One address per line, e.g. https://www.example.org/"
    )
    allowed_hosts = models.TextField(
        blank=True,
        help_text="Hosts the crawl may visit, one per line. Empty: the start addresses' hosts.",
    )
    path_prefixes = models.TextField(
        "allowed paths",
        blank=True,
        help_text="Only addresses whose path starts with one of these, one per line, e.g. "
        "/publications/. Empty: the whole site.",
    )
    excluded_patterns = models.TextField(
        blank=True,
        help_text="Addresses containing any of these are skipped, one per line; * matches "
        "anything, e.g. /search? or *.zip",
    )
    max_pages = models.PositiveIntegerField(
        "maximum pages", default=1000, help_text="The crawl stops adding addresses past this."
    )
    recrawl_hours = models.PositiveIntegerField(
        "re-crawl every (hours)", default=168, help_text="168 hours is a week."
    )
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why it is disabled, if it is.")
    last_crawl_at = models.DateTimeField(null=True, blank=True)
    next_crawl_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(origin="member"),
                name="sitesearch_one_member_source_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sitesearch:staff_source", args=[self.pk])

    @property
    def start_url_list(self) -> list[str]:
        return lines(self.start_urls)

    @property
    def host_list(self) -> list[str]:
        from urllib.parse import urlsplit

        hosts = [h.lower() for h in lines(self.allowed_hosts)]
        if not hosts:
            hosts = [(urlsplit(u).netloc or "").lower() for u in self.start_url_list]
        return [h for h in dict.fromkeys(hosts) if h]

    @property
    def prefix_list(self) -> list[str]:
        return lines(self.path_prefixes)

    @property
    def excluded_list(self) -> list[str]:
        return lines(self.excluded_patterns)

    def schedule_next(self, moment=None) -> None:
        moment = moment or timezone.now()
        self.next_crawl_at = moment + timedelta(hours=self.recrawl_hours or 168)


class CrawlRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Crawling"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    fetched = models.PositiveIntegerField(default=0)
    indexed = models.PositiveIntegerField(default=0)
    not_modified = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    queued_left = models.PositiveIntegerField(default=0)
    skipped_hosts = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            # One queued or running crawl per source at a time.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(status__in=["queued", "running"]),
                name="sitesearch_one_active_run_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.created:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def done_count(self) -> int:
        return self.fetched + self.skipped + self.errors


class Page(models.Model):
    """One URL of a source and where the crawl is with it (the crawl's memory)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        INDEXED = "indexed", "Indexed"
        NOT_MODIFIED = "not_modified", "Unchanged"
        DUPLICATE = "duplicate", "Duplicate"
        REDIRECTED = "redirected", "Redirected"
        SKIPPED = "skipped", "Skipped"
        ERROR = "error", "Error"
        GONE = "gone", "Gone"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="pages")
    url = models.TextField()
    url_hash = models.CharField(max_length=40)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    depth = models.PositiveSmallIntegerField(default=0)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    fingerprint = models.CharField(max_length=40, blank=True, db_index=True)
    canonical_url = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "url_hash"], name="sitesearch_page_unique")
        ]
        indexes = [models.Index(fields=["source", "status"], name="sitesearch_page_status")]

    def __str__(self) -> str:
        return self.url


class Document(models.Model):
    """One searchable thing: a crawled page or file, or the platform's own content.

    The full-text index follows this table: an FTS5 table kept in step by triggers on
    SQLite, a stored weighted tsvector column with a GIN index on PostgreSQL
    (migration 0002).
    """

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    description = models.TextField(blank=True)
    url = models.TextField()
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="document"
    )
    themes = models.CharField(max_length=500, blank=True, help_text="|slug|slug|")
    date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title
