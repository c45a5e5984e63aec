"""Bulletins and briefings, their items, and one Delivery row per (bulletin, subscriber).

Sending never sends twice: each Delivery row moves

    pending --claimed by a worker--> sending (recorded just before the message body
    goes to the SMTP server) --> sent (recorded as soon as the server accepts it)

and a row found in "sending" by anyone else is never sent again (it becomes
"uncertain"): see services/sending.py and docs/mailings.md.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from coalition.lib.markup import render_markdown


class BulletinQuerySet(models.QuerySet):
    def archived(self):
        return self.filter(status=Bulletin.Status.SENT, in_archive=True)


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    mailing_list = models.ForeignKey(
        "mailings.MailingList", on_delete=models.PROTECT, related_name="bulletins"
    )
    subject = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="A few words at the top. Markdown is allowed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    in_archive = models.BooleanField(
        "show in the public archive", default=True, help_text="Once sent, on /bulletins/."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    filled_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When sending finished.")
    recipients = models.PositiveIntegerField(default=0, editable=False)
    # The message as sent (frozen when sending starts; links are per-recipient placeholders).
    html = models.TextField(blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "sent_at"], name="bulletin_status")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("mailings:archive_bulletin", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("mailings:staff_bulletin", args=[self.pk])

    @property
    def intro_html(self):
        return render_markdown(self.intro)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class BulletinItem(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News"
        EVENT = "event", "Event"
        ACTION = "action", "Campaign action"
        RESEARCH = "research", "Research"
        OTHER = "other", "Other"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    when = models.CharField(
        max_length=120, blank=True, help_text="A date line, e.g. Saturday 27 February 2010."
    )
    # "event:12", "news:4": fill-from-site adds each piece of content once per bulletin.
    source = models.CharField(max_length=60, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "source"],
                condition=~models.Q(source=""),
                name="bulletin_item_source_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNCERTAIN = "uncertain", "Maybe sent (worker stopped mid-message)"
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed since)"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        "mailings.Subscriber", on_delete=models.CASCADE, related_name="deliveries"
    )
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bulletin", "subscriber"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["bulletin", "status"], name="delivery_bulletin_status"),
            # Claiming reads "status = pending ORDER BY id": this index answers it in order.
            models.Index(fields=["status", "id"], name="delivery_claims"),
            models.Index(fields=["sent_at"], name="delivery_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.email}: {self.status}"
