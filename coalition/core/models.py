from django.core.cache import cache
from django.db import models
from django.utils import timezone


class CoalitionProfile(models.Model):
    """The coalition itself: who it is and what it stands for. One row."""

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    tagline = models.CharField(max_length=300, blank=True)
    vision = models.TextField()
    mission = models.TextField()
    history = models.TextField(blank=True, help_text="How and why the coalition began.")
    community_sector = models.TextField(
        blank=True, help_text="What the community sector is. Paragraphs separated by blank lines."
    )
    how_we_work = models.TextField(blank=True)
    hosting = models.TextField(blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        verbose_name = "coalition profile"

    def __str__(self) -> str:
        return self.name

    CACHE_KEY = "core:coalition-profile"

    @classmethod
    def current(cls) -> "CoalitionProfile":
        """The profile, cached; saving or deleting it clears the cache (core.signals)."""
        profile = cache.get(cls.CACHE_KEY)
        if profile is None:
            profile = cls.objects.first() or cls(name="Coalition", vision="", mission="")
            cache.set(cls.CACHE_KEY, profile, 3600)
        return profile


class Aim(models.Model):
    title = models.CharField(max_length=300)
    goal = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    programme = models.CharField(
        max_length=40, blank=True, help_text="e.g. campaign, learn, enable"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Value(models.Model):
    name = models.CharField(max_length=60)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A region of England (or England-wide)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """An area of work, shared by members, campaigns, events, news and research."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScheduledJob(models.Model):
    """State of one periodic job from the registry in coalition.core.scheduler."""

    class Outcome(models.TextChoices):
        NEVER = "never", "Never run"
        OK = "ok", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=100, unique=True)
    running_since = models.DateTimeField(null=True, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.NEVER)
    last_message = models.TextField(blank=True)
    next_run = models.DateTimeField(default=timezone.now)
    run_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
