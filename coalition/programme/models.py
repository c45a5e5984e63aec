"""The work programme and its money: projects, funders, applications, income, tenders."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message="Enter an amount of £0 or more.")]
POSITIVE = [MinValueValidator(Decimal("0.01"), message="Enter an amount of more than £0.")]


def financial_year_of(day: date) -> int:
    """The financial year a date falls in, named by the calendar year it starts in
    (with FINANCIAL_YEAR_START_MONTH=4, 2009 is 1 April 2009 to 31 March 2010)."""
    start = settings.FINANCIAL_YEAR_START_MONTH
    return day.year if day.month >= start else day.year - 1


def financial_year_label(year: int) -> str:
    if settings.FINANCIAL_YEAR_START_MONTH == 1:
        return str(year)
    return f"{year}/{(year + 1) % 100:02d}"


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        PLANNED = "planned", "Planned"
        ACTIVE = "active", "Active"
        PARKED = "parked", "Parked"
        COMPLETE = "complete", "Complete"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField()
    aim = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IDEA)
    lead = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    partners = models.ManyToManyField(
        "members.Organisation", blank=True, related_name="programme_projects"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The project must end on or after its start."})

    def get_staff_url(self) -> str:
        return reverse("programme:project", args=[self.pk])


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class Output(models.Model):
    class Kind(models.TextChoices):
        POLICY_PAPER = "policy_paper", "Policy paper"
        REPORT = "report", "Report"
        WORKSHOP = "workshop", "Workshop"
        RESEARCH = "research", "Research"
        OTHER = "other", "Other"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.URLField("link", blank=True, help_text="A research item or document online.")
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_outputs",
    )
    date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title


class Funder(models.Model):
    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_staff_url(self) -> str:
        return reverse("programme:funder", args=[self.pk])


class FundingApplication(models.Model):
    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        SUBMITTED = "submitted", "Submitted"
        GRANTED = "granted", "Granted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="applications")
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    title = models.CharField(max_length=200)
    amount_asked = models.DecimalField(max_digits=12, decimal_places=2, validators=POSITIVE)
    deadline = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFTING)
    amount_granted = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    decided_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    deadline_reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.funder})"

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.GRANTED and self.amount_granted is None:
            errors["amount_granted"] = "Enter the amount granted."
        if self.status != self.Status.GRANTED and self.amount_granted:
            errors["amount_granted"] = "Only a granted application has an amount granted."
        if self.submitted_on and self.decided_on and self.decided_on < self.submitted_on:
            errors["decided_on"] = "The decision cannot come before the application was sent."
        if self.status in (self.Status.SUBMITTED, self.Status.GRANTED, self.Status.REJECTED):
            if not self.submitted_on:
                errors["submitted_on"] = "Enter the date the application was sent."
        if errors:
            raise ValidationError(errors)

    def get_staff_url(self) -> str:
        return reverse("programme:application", args=[self.pk])


class GrantReport(models.Model):
    application = models.ForeignKey(
        FundingApplication, on_delete=models.CASCADE, related_name="reports"
    )
    title = models.CharField(max_length=200)
    due = models.DateField()
    received_on = models.DateField("sent to the funder on", null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title


class Tender(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing the bid"
        SUBMITTED = "submitted", "Bid submitted"
        WON = "won", "Won"
        LOST = "lost", "Lost"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETE = "complete", "Delivered"

    title = models.CharField(max_length=200)
    client = models.CharField("commissioner", max_length=200)
    bid_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    cluster = models.ManyToManyField(
        "members.Organisation",
        blank=True,
        related_name="tenders",
        help_text="The member organisations that deliver the work.",
    )
    contract_value = models.DecimalField(max_digits=12, decimal_places=2, validators=NOT_NEGATIVE)
    management_fee = models.DecimalField(
        "management fee retained",
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=NOT_NEGATIVE,
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-bid_due", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (
            self.contract_value is not None
            and self.management_fee is not None
            and self.management_fee > self.contract_value
        ):
            errors["management_fee"] = "The fee retained cannot be more than the contract."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The contract must end on or after its start."
        if errors:
            raise ValidationError(errors)

    @property
    def fee_percent(self) -> str:
        if not self.contract_value:
            return ""
        return f"{100 * self.management_fee / self.contract_value:.1f}%"

    def get_staff_url(self) -> str:
        return reverse("programme:tender", args=[self.pk])


class Income(models.Model):
    class Source(models.TextChoices):
        GRANT = "grant", "Grant"
        SUBSCRIPTION = "subscription", "Membership subscription"
        TENDER_FEE = "tender_fee", "Tender management fee"
        DONATION = "donation", "Donation"
        OTHER = "other", "Other"

    EARNED = (Source.SUBSCRIPTION, Source.TENDER_FEE)

    source = models.CharField(max_length=12, choices=Source.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=POSITIVE)
    received_on = models.DateField()
    financial_year = models.PositiveSmallIntegerField(editable=False, db_index=False)
    description = models.CharField(max_length=200, blank=True)
    application = models.ForeignKey(
        FundingApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        help_text="For a grant: the application it pays.",
    )
    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, null=True, blank=True, related_name="fees"
    )
    subscription = models.OneToOneField(
        "members.Subscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="income",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name_plural = "income"
        indexes = [
            # The earned-income dashboard sums by year and source straight from this index.
            models.Index(fields=["financial_year", "source", "amount"], name="income_year_source"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} {self.get_source_display()} {self.received_on}"

    def save(self, *args, **kwargs):
        self.financial_year = financial_year_of(self.received_on)
        if kwargs.get("update_fields") is not None and "received_on" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "financial_year"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.application_id and self.source != self.Source.GRANT:
            errors["source"] = "A payment against a funding application is a grant."
        if self.tender_id and self.source != self.Source.TENDER_FEE:
            errors["source"] = "Income from a tender is its management fee."
        if errors:
            raise ValidationError(errors)

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)
