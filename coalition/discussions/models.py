"""The members' network: threads by theme, posts, follows, mentions and reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown


class Thread(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone may read it"
        MEMBERS = "members", "Members only"

    title = models.CharField(max_length=200)
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.PROTECT, related_name="discussion_threads"
    )
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    development = models.ForeignKey(
        "policy.Development",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name="policy development",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    priority = models.ForeignKey(
        "governance.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name="priority for collective action",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="discussion_threads",
    )
    is_locked = models.BooleanField("locked", default=False)
    is_removed = models.BooleanField("removed", default=False)
    moderation_reason = models.CharField(max_length=300, blank=True)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_post_at"]
        indexes = [models.Index(fields=["theme", "-last_post_at"], name="discussion_theme_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("discussions:thread", args=[self.pk])

    def get_additional_data(self):
        """Kept with the audit log entry: why staff locked, moved or removed it."""
        return {"reason": self.moderation_reason} if self.moderation_reason else None

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField(blank=True, editable=False)
    quoted = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="quoted_by"
    )
    is_hidden = models.BooleanField(
        "hidden pending review", default=False, help_text="Set after enough reports."
    )
    is_removed = models.BooleanField("removed by staff", default=False)
    moderation_reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField("last edited by its author", null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["thread", "created", "id"], name="discussion_post_order")]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def save(self, *args, **kwargs):
        # Rendered once on save: a thread of thousands of posts is read far more than written.
        from coalition.discussions.mentions import link_mentions

        self.body_html = link_mentions(render_markdown(self.body))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}?post={self.pk}#post-{self.pk}"

    def get_additional_data(self):
        """Kept with the audit log entry: why staff hid, removed or restored it."""
        return {"reason": self.moderation_reason} if self.moderation_reason else None

    @property
    def is_visible(self) -> bool:
        return not (self.is_hidden or self.is_removed)


class Mention(models.Model):
    """A member organisation named in a post as @slug; its representatives are told."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="discussion_mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "organisation"], name="discussion_mention_once")
        ]

    def __str__(self) -> str:
        return f"@{self.organisation_id} in post {self.post_id}"


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_follows"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="discussion_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class NotificationPreference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "An email for each new post"
        DAILY = "daily", "One daily digest"
        OFF = "off", "No email"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_preference"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    def __str__(self) -> str:
        return f"{self.user}: {self.mode}"


class PendingNotification(models.Model):
    """A post waiting for its follower's daily digest; deleted once the digest is queued."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="discussion_pending_once")
        ]

    def __str__(self) -> str:
        return f"post {self.post_id} for {self.user_id}"


class Report(models.Model):
    """Someone flags a post. Enough open reports hide it until staff look."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="discussion_report_once")
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}"
