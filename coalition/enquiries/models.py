"""Enquiries from the "Ask us" form, their email threads, and introductions."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def new_token() -> str:
    return secrets.token_hex(6)


def new_long_token() -> str:
    return secrets.token_urlsafe(24)


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Enquiry(models.Model):
    class Topic(models.TextChoices):
        MEMBERSHIP = "membership", "Joining or membership"
        FUNDING = "funding", "Funding and commissioning"
        CAMPAIGNS = "campaigns", "Our campaigns"
        RESEARCH = "research", "Research and evidence"
        EVENTS = "events", "Events"
        MEDIA = "media", "Press and media"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        WAITING = "waiting", "Waiting for them"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)

    topic = models.CharField(max_length=12, choices=Topic.choices)
    subject = models.CharField(max_length=200)
    message = models.TextField("your question")
    name = models.CharField("your name", max_length=200)
    email = models.EmailField("your email")
    organisation_name = models.CharField("your organisation", max_length=200, blank=True)
    phone = models.CharField("telephone", max_length=40, blank=True)
    consent = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="enquiries")
    token = models.CharField(max_length=16, unique=True, default=new_token)
    received_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    first_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "enquiries"
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"{self.subject} ({self.name})"

    def get_staff_url(self) -> str:
        return reverse("enquiries:enquiry", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def reference(self) -> str:
        return f"ENQ-{self.token}"


class Message(models.Model):
    class Kind(models.TextChoices):
        INBOUND = "inbound", "From them"
        REPLY = "reply", "Our reply"
        NOTE = "note", "Internal note"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    sender = models.CharField(max_length=254, blank=True)
    body = models.TextField()
    message_id = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            # The same email read twice (the mailbox and the webhook) lands once.
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~models.Q(message_id=""),
                name="enquiry_message_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.enquiry_id}"


class Introduction(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        ASKED = "asked", "Waiting for the other side to agree"
        DECLINED = "declined", "Declined"
        MADE = "made", "Introduction made"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    requester_name = models.CharField("your name", max_length=200)
    requester_email = models.EmailField("your email")
    requester_role = models.CharField(
        "you are", max_length=12, choices=[("member", "A member"), ("researcher", "A researcher")]
    )
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField("why you want to be put in touch")
    requester_consent = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_consent = models.BooleanField(default=False)
    consent_token = models.CharField(max_length=64, unique=True, default=new_long_token)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    created = models.DateTimeField(default=timezone.now)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.requester_name} → {self.organisation or self.theme or 'someone'}"

    def get_staff_url(self) -> str:
        return reverse("enquiries:introduction", args=[self.pk])
