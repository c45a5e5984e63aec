"""Places at an event: registrations, the waitlist and offers, and private calendar links."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(24)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def holding_places(self):
        """Confirmed places and places offered to someone on the waitlist (held for them)."""
        return self.filter(status__in=Registration.HOLDING_PLACE)

    def for_user(self, user):
        """Someone's registrations: made while signed in, or with one of their verified emails."""
        from allauth.account.models import EmailAddress

        emails = {user.email.lower()} if user.email else set()
        emails |= {
            e.lower()
            for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        return self.filter(models.Q(user=user) | models.Q(email__in=emails))


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Place confirmed"
        WAITLISTED = "waitlisted", "On the waitlist"
        OFFERED = "offered", "Place offered"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Offer expired"

    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED)
    HOLDING_PLACE = (Status.CONFIRMED, Status.OFFERED)

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="registrations"
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField("your name", max_length=200)
    email = models.EmailField("your email")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    access_needs = models.TextField(blank=True)
    dietary_needs = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_organiser = models.BooleanField(default=False)
    attended = models.BooleanField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "email"],
                condition=models.Q(status__in=["confirmed", "waitlisted", "offered"]),
                name="one_active_registration_per_email",
                violation_error_message="This email address is already registered for this date.",
            )
        ]
        indexes = [
            models.Index(fields=["occurrence", "status", "created"], name="registration_queue"),
            models.Index(fields=["email"], name="registration_email"),
            models.Index(
                fields=["offer_expires_at"],
                condition=models.Q(status="offered"),
                name="registration_open_offers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.occurrence} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:registration", args=[self.token])

    @property
    def manage_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def may_see_joining_link(self) -> bool:
        return self.status == self.Status.CONFIRMED and not self.occurrence.is_cancelled_any

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = Registration.objects.filter(
            occurrence_id=self.occurrence_id, status=self.Status.WAITLISTED
        ).filter(
            models.Q(created__lt=self.created) | models.Q(created=self.created, pk__lt=self.pk)
        )
        return ahead.count() + 1


class PersonalFeed(models.Model):
    """The secret address of someone's "my registrations" calendar. Resetting revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar link of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("events:my_feed", args=[self.token])

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()
