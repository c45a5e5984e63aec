"""Events and their dates.

Every event has at least one Occurrence: a one-off event has exactly one, a
recurring series (an RRULE on the event) has one per date up to a horizon
(`EVENT_SERIES_HORIZON_DAYS`). Registrations, capacity, cancelling one date and
moving one date all happen on occurrences; the calendar lists occurrences.
Times are stored in UTC and shown in the event's time zone (Europe/London).
"""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from coalition.lib.markup import render_markdown
from coalition.lib.postcodes import normalise_postcode

# Changes to these fields matter to someone's calendar: each raises SEQUENCE (RFC 5545).
SIGNIFICANT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "time_zone",
    "venue",
    "address",
    "postcode",
    "attendance",
    "rrule",
    "status",
)
# Words the calendar's own URLs use after /events/, never given to an event as its slug.
RESERVED_SLUGS = {"feed", "my", "organise", "registration", "submit", "new", "calendar"}
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


class EventQuerySet(models.QuerySet):
    def published(self):
        """Public on the calendar: published, and cancelled ones (shown as cancelled)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])


class Event(models.Model):
    class Type(models.TextChoices):
        COALITION_MEETING = "coalition-meeting", "Coalition meeting"
        EXECUTIVE_GROUP = "executive-group", "Executive Group"
        WORKSHOP = "workshop", "Workshop"
        TRAINING = "training", "Training"
        LEARNING = "learning", "Learning event"
        CONFERENCE = "conference", "Conference"
        MEMBER_EVENT = "member-event", "Member event"
        ONLINE = "online", "Online event"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for review"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    class Attendance(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "In person and online"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        error_messages={"unique": "Another event already uses this web address."},
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences for the calendar listing."
    )
    description = models.TextField(
        blank=True, help_text="Markdown: **bold**, *italic*, lists, [links](https://…)."
    )
    event_type = models.CharField(
        "type of event", max_length=20, choices=Type.choices, default=Type.WORKSHOP
    )
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="events")
    region = models.ForeignKey(
        "core.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    organiser = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text="Leave empty when the coalition itself organises the event.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="Questions about the event go here (replies to our emails too)."
    )

    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    all_day = models.BooleanField("all day", default=False)
    time_zone = models.CharField(max_length=60, default="Europe/London")
    rrule = models.CharField(
        "repeats (RRULE)",
        max_length=300,
        blank=True,
        help_text="An iCalendar RRULE such as FREQ=MONTHLY;INTERVAL=3;COUNT=8. Empty: one date.",
    )

    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    venue = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    online_url = models.URLField(
        "joining link",
        blank=True,
        help_text="Only people with a confirmed place see it (in their email and their page).",
    )
    online_details = models.TextField(
        "joining instructions", blank=True, help_text="Meeting ID, passcode, dial-in numbers."
    )

    step_free_access = models.BooleanField("step-free access", default=False)
    accessible_toilets = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpretation = models.BooleanField("BSL interpretation", default=False)
    quiet_room = models.BooleanField(default=False)
    access_notes = models.TextField(
        "more about access", blank=True, help_text="Parking, nearest station, seating, breaks."
    )
    access_contact_name = models.CharField("access contact", max_length=200, blank=True)
    access_contact_email = models.EmailField("access contact email", blank=True)
    access_contact_phone = models.CharField("access contact telephone", max_length=40, blank=True)

    registration_enabled = models.BooleanField(
        "takes registrations", default=True, help_text="People sign up for a place here."
    )
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, help_text="For each date. Empty: no limit."
    )
    registration_opens = models.DateTimeField(null=True, blank=True)
    registration_closes = models.DateTimeField(
        null=True, blank=True, help_text="Empty: open until the event starts."
    )
    waitlist_enabled = models.BooleanField(
        "keep a waiting list", default=True, help_text="When full, people can join a waitlist."
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    cancellation_reason = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_events",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_events",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message="The event must end after it starts.",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Calendars replace their copy only when SEQUENCE goes up (RFC 5545, 3.8.7.4).
        if self.significant_changes():
            self.sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "updated"}
        super().save(*args, **kwargs)
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])

    def get_staff_url(self) -> str:
        return reverse("events:staff_event", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def significant_changes(self) -> list[str]:
        loaded = getattr(self, "_loaded", None)
        if not loaded or self.pk is None:
            return []
        return [
            name
            for name in SIGNIFICANT_FIELDS
            if name in loaded and getattr(self, name) != loaded[name]
        ]

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "This web address is used by the calendar itself. Choose another."
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValueError as error:
                errors["postcode"] = str(error)
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = "Enter a time zone name such as Europe/London."
        if self.rrule:
            try:
                self.rrule = validate_rrule(self.rrule)
            except ValidationError as error:
                errors["rrule"] = error.messages
        if self.attendance != self.Attendance.ONLINE and not (self.venue or self.address):
            errors["venue"] = "Say where the event takes place, or choose “Online”."
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = "Registration must close after it opens."
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_series(self) -> bool:
        return bool(self.rrule)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_public(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.CANCELLED)

    @property
    def is_online(self) -> bool:
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.attendance in (self.Attendance.IN_PERSON, self.Attendance.HYBRID)

    @property
    def organiser_name(self) -> str:
        if self.organiser_id:
            return self.organiser.name
        from coalition.core.models import CoalitionProfile

        return CoalitionProfile.current().name

    @property
    def description_html(self):
        return render_markdown(self.description)

    @property
    def location_text(self) -> str:
        """One line for LOCATION and emails: venue, address, postcode; or online."""
        parts = [self.venue, ", ".join(self.address.splitlines()), self.postcode]
        place = ", ".join(part.strip() for part in parts if part and part.strip())
        if self.attendance == self.Attendance.ONLINE:
            return "Online"
        if self.attendance == self.Attendance.HYBRID:
            return f"{place} and online" if place else "Online"
        return place

    @cached_property
    def access_features(self) -> list[str]:
        labels = [
            (self.step_free_access, "Step-free access"),
            (self.accessible_toilets, "Accessible toilets"),
            (self.hearing_loop, "Hearing loop"),
            (self.bsl_interpretation, "BSL interpretation"),
            (self.quiet_room, "Quiet room"),
        ]
        return [label for present, label in labels if present]

    @property
    def is_awaiting_changes(self) -> bool:
        """A draft that staff sent back with a reason."""
        return self.status == self.Status.DRAFT and bool(self.rejection_reason)

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


def validate_rrule(value: str) -> str:
    """Check an RRULE and return it tidied (upper case, no "RRULE:" prefix)."""
    rule = value.strip().upper()
    rule = rule.removeprefix("RRULE:")
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            "Repeat daily, weekly, monthly or yearly (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)."
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError("Give either a number of dates (COUNT) or an end (UNTIL), not both.")
    if "UNTIL" in parts and not parts["UNTIL"].endswith("Z"):
        raise ValidationError("Give UNTIL in UTC, ending in Z (for example 20271231T235959Z).")
    try:
        rrulestr(rule, dtstart=timezone.now().replace(microsecond=0))
    except (ValueError, TypeError) as error:
        raise ValidationError(f"This is not a repeat rule we understand ({error}).") from None
    return rule


class OccurrenceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            event__status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
        ).select_related("event", "event__organiser", "event__region")

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class Occurrence(models.Model):
    """One date of an event. `original_start` is its place in the series (RECURRENCE-ID)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    is_changed = models.BooleanField(
        default=False, help_text="Moved or changed on its own, apart from the series."
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="Shown for this date only, e.g. a different room."
    )
    capacity = models.PositiveIntegerField(
        "places", null=True, blank=True, help_text="Empty: the event's number of places."
    )
    is_cancelled = models.BooleanField(default=False)
    cancellation_reason = models.TextField(blank=True)
    # Kept up to date by the registration service, so cached pages can say "full".
    is_full = models.BooleanField(default=False, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="one_occurrence_per_series_date"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="occurrence_ends_after_it_starts",
                violation_error_message="This date must end after it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="occurrence_start"),
            models.Index(fields=["ends_at"], name="occurrence_end"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, self.event.zone)
        return f"{self.event.title}, {local:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        url = self.event.get_absolute_url()
        return f"{url}?date={self.pk}" if self.event.is_series else url

    def get_register_url(self) -> str:
        return f"{reverse('events:register', args=[self.event.slug])}?date={self.pk}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "This date must end after it starts."})

    @property
    def effective_capacity(self) -> int | None:
        return self.capacity if self.capacity is not None else self.event.capacity

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.event.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.event.zone)

    @property
    def is_multi_day(self) -> bool:
        end = self.local_end - timedelta(seconds=1) if self.event.all_day else self.local_end
        return end.date() != self.local_start.date()

    @property
    def is_cancelled_any(self) -> bool:
        return self.is_cancelled or self.event.is_cancelled

    def registration_state(self, now=None) -> str:
        """ "open", "full" (waitlist open), "closed", "not-yet", "cancelled", "none"."""
        now = now or timezone.now()
        event = self.event
        if not event.registration_enabled:
            return "none"
        if self.is_cancelled_any:
            return "cancelled"
        if event.registration_opens and now < event.registration_opens:
            return "not-yet"
        closes = event.registration_closes or self.starts_at
        if now >= min(closes, self.starts_at) or event.status != Event.Status.PUBLISHED:
            return "closed"
        if self.is_full:
            return "full" if event.waitlist_enabled else "closed"
        return "open"
