import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from coalition.members.validators import (
    validate_charity_number,
    validate_company_number,
    validate_logo,
)


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """Organisations shown in the public directory: those with a current membership."""
        return self.filter(status=Organisation.Status.ACTIVE)


class Organisation(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active member"
        FORMER = "former", "Former member"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        error_messages={"unique": "Another organisation already uses this web address."},
    )
    short_name = models.CharField(
        max_length=40, blank=True, help_text="Initials or a short form, e.g. NAVCA."
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    logo = models.ImageField(
        upload_to="logos/%Y/",
        blank=True,
        validators=[validate_logo],
        help_text="PNG, JPEG, GIF or WebP, at most 2 MB.",
    )
    charity_number = models.CharField(
        max_length=12,
        blank=True,
        validators=[validate_charity_number],
        help_text="Charity Commission number for England and Wales, e.g. 1123456.",
    )
    company_number = models.CharField(
        max_length=8,
        blank=True,
        validators=[validate_company_number],
        help_text="Companies House number, e.g. 04567890 or SC123456.",
    )
    regions = models.ManyToManyField("core.Region", blank=True, related_name="organisations")
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="organisations")
    contact_email = models.EmailField("public contact email", blank=True)
    feed_url = models.URLField("news feed (RSS or Atom)", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_ci",
                violation_error_message="An organisation with this name is already listed.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:organisation", args=[self.slug])

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    def current_membership(self):
        """The active membership, using prefetched rows when the caller provided them."""
        for membership in self.memberships.all():
            if membership.status == Membership.Status.ACTIVE:
                return membership
        return None


class MembershipType(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    annual_fee = models.DecimalField(max_digits=8, decimal_places=2)
    eligibility = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ACTIVE = "active", "Active"
        LAPSED = "lapsed", "Lapsed"
        RESIGNED = "resigned", "Resigned"
        REJECTED = "rejected", "Rejected"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    type = models.ForeignKey(MembershipType, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    started_on = models.DateField(default=date.today)
    renewal_date = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="active"),
                name="one_active_membership_per_organisation",
            )
        ]
        indexes = [
            # The staff dashboard: renewals coming up, and active members of each type.
            models.Index(
                fields=["renewal_date"],
                condition=models.Q(status="active"),
                name="membership_active_renewal",
            ),
            models.Index(fields=["type", "status"], name="membership_type_status"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.type} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.ACTIVE and self.renewal_date >= timezone.localdate()


class Subscription(models.Model):
    """What a membership owes for one membership year."""

    class Method(models.TextChoices):
        BACS = "bacs", "Bank transfer"
        CHEQUE = "cheque", "Cheque"
        CARD = "card", "Card"
        DIRECT_DEBIT = "dd", "Direct debit"
        WAIVED = "waived", "Waived"

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="subscriptions"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    due_date = models.DateField()
    paid_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "period_start"], name="one_subscription_per_year"
            )
        ]
        indexes = [
            # The staff dashboard: unpaid subscriptions by due date (overdue and due soon).
            models.Index(
                fields=["due_date"],
                condition=models.Q(paid_on__isnull=True),
                name="subscription_unpaid_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation} {self.period_start:%Y}/{self.period_end:%y}"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def is_overdue(self) -> bool:
        return self.paid_on is None and self.due_date < timezone.localdate()

    def clean(self) -> None:
        if self.period_end and self.period_start and self.period_end <= self.period_start:
            raise ValidationError({"period_end": "The period must end after it starts."})
        if self.paid_on and not self.method:
            raise ValidationError({"method": "Say how it was paid."})


class RenewalReminder(models.Model):
    """One row per reminder sent, so a reminder is never sent twice."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    renewal_date = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_to = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "renewal_date", "days_before"], name="one_reminder_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.days_before}-day reminder for {self.membership}"


class Person(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    phone = models.CharField(max_length=40, blank=True)
    listed_publicly = models.BooleanField(
        "may be listed publicly",
        default=False,
        help_text="Shown by name on the organisation's public page.",
    )
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Affiliation(models.Model):
    """A person's role at an organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(max_length=100, help_text="e.g. Chief Officer, Policy Officer")
    is_representative = models.BooleanField(
        default=False,
        help_text="Represents the organisation in the coalition and may edit its profile.",
    )
    since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_representative", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="one_affiliation_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.role}, {self.organisation}"


class ExecutiveSeat(models.Model):
    """A place on the elected Executive Group, held by an organisation through a person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="executive_seats"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="executive_seats", null=True, blank=True
    )
    office = models.CharField(max_length=60, blank=True, help_text="e.g. Chair, Treasurer")
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.person or 'vacant'})"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)


class StaffRole(models.Model):
    """Coalition staff shown on the About page."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="staff_roles")
    title = models.CharField(max_length=100)
    hours = models.CharField(max_length=100, blank=True, help_text="e.g. 2.5 days a week")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} – {self.title}"


class Application(models.Model):
    """A request to join, reviewed by staff."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    organisation_name = models.CharField(max_length=200)
    website = models.URLField(blank=True)
    description = models.TextField("what your organisation does")
    charity_number = models.CharField(
        max_length=12, blank=True, validators=[validate_charity_number]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[validate_company_number]
    )
    regions = models.ManyToManyField("core.Region", blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True)
    contact_email_public = models.EmailField("public contact email", blank=True)
    contact_name = models.CharField("your name", max_length=200)
    contact_email = models.EmailField("your email")
    contact_role = models.CharField("your role", max_length=100)
    membership_type = models.ForeignKey(MembershipType, on_delete=models.PROTECT)
    is_voluntary_or_charitable = models.BooleanField(
        "We are a voluntary or charitable organisation"
    )
    works_england_wide = models.BooleanField("We work across England (nationally)")
    works_mainly_for_community_sector = models.BooleanField(
        "The major part of our work is carried out on behalf of the community sector"
    )
    supports_community_sector = models.BooleanField(
        "We have an interest in, or support, the community sector in some part of our work"
    )
    declaration = models.BooleanField(
        "I confirm that I am authorised to apply on behalf of this organisation "
        "and that the information given is correct"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_applications",
    )
    rejection_reason = models.TextField(blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        ordering = ["-submitted"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_status_display()})"

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.PENDING

    def get_staff_url(self) -> str:
        return reverse("members:application_review", args=[self.pk])


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation for a person to create an account linked to an organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    VALID_FOR = timedelta(days=30)

    def __str__(self) -> str:
        return f"Invitation for {self.person.email}"

    def get_absolute_url(self) -> str:
        return reverse("members:invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.created + self.VALID_FOR < timezone.now()


def unique_slug(name: str, model=Organisation) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
