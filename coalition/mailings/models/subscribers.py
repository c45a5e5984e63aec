"""Mailing lists, the people on them, the consent they gave, and who must never be emailed.

- A Subscriber is one email address (stored lower-case), with or without an account.
- A Subscription is that address on one list: pending (waiting for the confirmation
  link to be followed), subscribed, or unsubscribed. Nothing is subscribed without a
  confirmation from the person (double opt-in) or, for imports, a recorded consent.
- A ConsentRecord is written, never changed, for every consent given or withdrawn:
  who, when, how (which form or import), the exact wording shown and which list.
- A Suppression is an address nobody may email, whatever a list or an import says.
- A Bounce is one delivery failure reported for an address (a DSN or the webhook).
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


def new_key() -> str:
    return secrets.token_urlsafe(16)


class MailingList(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(
        blank=True, help_text="What people get and how often, shown on the sign-up form."
    )
    consent_wording = models.CharField(
        max_length=300,
        help_text=(
            "The words beside the tick box on the sign-up form, recorded with each consent. "
            "For example: Email me the monthly bulletin."
        ),
    )
    is_public = models.BooleanField(
        default=True, help_text="Offered on the public sign-up form and the preferences page."
    )
    order = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def list_id(self) -> str:
        """The List-Id header's value (RFC 2919)."""
        from urllib.parse import urlsplit

        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"{self.name} <{self.slug}.{host}>"


class SubscriberQuerySet(models.QuerySet):
    def reachable(self):
        """Not suspended for bouncing and not on the suppression list."""
        return self.filter(suspended_at__isnull=True).exclude(
            email__in=Suppression.objects.values("email")
        )


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailing_subscriptions",
    )
    # Changing the key invalidates every link sent to this address (preferences, unsubscribe).
    key = models.CharField(max_length=32, default=new_key, editable=False)
    bounce_score = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    last_soft_bounce_on = models.DateField(null=True, blank=True)
    suspended_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when bounces passed the threshold: not emailed."
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def preferences_url(self) -> str:
        from coalition.mailings.services.tokens import preferences_token

        return settings.SITE_URL + reverse("mailings:preferences", args=[preferences_token(self)])


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # What the person was shown when they asked (recorded as consent when they confirm).
    requested_at = models.DateTimeField(null=True, blank=True)
    requested_source = models.CharField(max_length=200, blank=True)
    requested_wording = models.TextField(blank=True)
    subscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"], name="one_subscription_per_list"
            )
        ]
        indexes = [models.Index(fields=["mailing_list", "status"], name="subscription_list")]

    def __str__(self) -> str:
        return f"{self.subscriber} on {self.mailing_list}: {self.status}"


class ConsentRecord(models.Model):
    """Evidence of consent, kept as written: never edited, and kept when an address leaves."""

    class Action(models.TextChoices):
        GIVEN = "given", "Consent given"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consent_records"
    )
    email = models.EmailField(help_text="The address at the time.")
    mailing_list = models.ForeignKey(
        MailingList, on_delete=models.PROTECT, related_name="consent_records"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(
        max_length=200, help_text="How: the form, page or import it came through."
    )
    wording = models.TextField(help_text="The exact words the person was shown.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The signed-in person who made the change (the subscriber or staff).",
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subscriber", "at"], name="consent_subscriber")]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_action_display()} ({self.mailing_list}) {self.at:%Y-%m-%d}"


class Suppression(models.Model):
    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed from everything"
        BOUNCED = "bounced", "Bounced too often"
        COMPLAINT = "complaint", "Complained (marked as spam)"
        STAFF = "staff", "Added by staff (do not contact)"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Bounce(models.Model):
    class Kind(models.TextChoices):
        HARD = "hard", "Hard (permanent)"
        SOFT = "soft", "Soft (temporary)"

    email = models.EmailField(db_index=True)
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="bounces"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    status = models.CharField(max_length=20, blank=True, help_text="The DSN status, e.g. 5.1.1.")
    diagnostic = models.TextField(blank=True)
    source = models.CharField(max_length=40, help_text="dsn, webhook or smtp")
    counted = models.DecimalField(
        max_digits=3, decimal_places=1, default=0, help_text="What it added to the score."
    )
    received = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received"]

    def __str__(self) -> str:
        return f"{self.email}: {self.kind} {self.status}"
