"""News items: written by staff or submitted by member organisations, moderated by staff.

The stable interface other apps use (the mailings app fills bulletins from it):

    NewsItem.objects.published()   # published items, newest first
    item.title, item.slug, item.summary, item.published_at, item.organisation (or None:
    the coalition itself), item.themes, item.get_absolute_url()
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown
from coalition.lib.uploads import IMAGE_KINDS, validate_document

# Words the news pages' own URLs use after /news/, never given to an item as its slug.
RESERVED_SLUGS = {"submit", "my", "feed", "themes", "organisations", "from-members", "new"}


def validate_news_image(file) -> None:
    """A picture for the news page: checked by its content (PNG, JPEG, GIF or WebP)."""
    validate_document(file, kinds=IMAGE_KINDS, max_bytes=settings.NEWS_IMAGE_MAX_BYTES)


class NewsItemQuerySet(models.QuerySet):
    def published(self):
        """Public: published, with a publication time that has come; newest first."""
        return self.filter(
            status=NewsItem.Status.PUBLISHED, published_at__lte=timezone.now()
        ).order_by("-published_at", "-pk")

    def waiting(self):
        return self.filter(status=NewsItem.Status.SUBMITTED)


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Not accepted"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        error_messages={"unique": "Another news item already uses this web address."},
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences for the news list, feeds and bulletins."
    )
    body = models.TextField(
        blank=True, help_text="Markdown: **bold**, *italic*, lists, [links](https://…)."
    )
    image = models.ImageField(
        upload_to="news/%Y/",
        blank=True,
        validators=[validate_news_image],
        help_text="Optional. PNG, JPEG, GIF or WebP.",
    )
    image_alt = models.CharField(
        "image description",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for people who can’t see it.",
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="news_items")
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news_items",
        help_text="Leave empty for news from the coalition itself.",
    )
    published_at = models.DateTimeField("published", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_news",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_news",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created"]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_status_published")]
        verbose_name = "news item"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:item", args=[self.slug])

    def get_staff_url(self) -> str:
        return reverse("news:staff_item", args=[self.pk])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": "This web address is used by the news pages. Choose another."}
            )
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the picture for people who can’t see it."}
            )

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def author_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        from coalition.core.models import CoalitionProfile

        return CoalitionProfile.current().name
