"""Meetings and decisions of the coalition's bodies, and priority-setting rounds."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone"
    MEMBERS = "members", "Members: member representatives and the body"
    BODY = "body", "The body only"


class Body(models.Model):
    """The Assembly, the Executive Group, the Planning Group, and any others staff create."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", "Assembly (all members)"
        EXECUTIVE = "executive", "Executive Group"
        PLANNING = "planning", "Planning Group"
        OTHER = "other", "Other group"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def includes_all_members(self) -> bool:
        return self.kind == self.Kind.ASSEMBLY

    def get_staff_url(self) -> str:
        return reverse("governance:staff_body", args=[self.pk])


class BodyMember(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="body_memberships"
    )
    role = models.CharField(max_length=80, blank=True, help_text="e.g. Chair, Convenor")
    since = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                name="one_seat_per_body",
                violation_error_message="This person is already a member of this body.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.body})"


class Meeting(models.Model):
    class MinutesStatus(models.TextChoices):
        NONE = "none", "Not written yet"
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="The calendar entry for this meeting, if there is one.",
    )
    visibility = models.CharField(
        max_length=8,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text="Who may see the meeting, its agenda and its approved minutes.",
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(blank=True, help_text="Markdown.")
    minutes_status = models.CharField(
        max_length=8, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved",
        help_text="The meeting that approved these minutes.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("governance:staff_meeting", args=[self.pk])

    @property
    def agenda_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def minutes_published(self) -> bool:
        return self.minutes_status == self.MinutesStatus.APPROVED


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="Who introduces the item.",
    )
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


def paper_path(instance, filename: str) -> str:
    return f"governance/papers/{instance.agenda_item.meeting_id}/{filename}"


class Paper(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_path, max_length=300)
    kind = models.CharField(max_length=8, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper", args=[self.pk])


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_record")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.status}"


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="governance_actions"
    )
    due = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.BODY)
    reminded_for = models.DateField(
        null=True, blank=True, help_text="The due date the last reminder was sent for."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due < timezone.localdate()


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    title = models.CharField(max_length=200)
    text = models.TextField("what was decided")
    rationale = models.TextField("why", help_text="The reasons, so others can follow them.")
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


# --- Priority-setting rounds ---------------------------------------------------------------


class PriorityRound(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    proposals_close_at = models.DateTimeField(help_text="Members propose priorities until then.")
    voting_opens_at = models.DateTimeField()
    voting_closes_at = models.DateTimeField()
    allow_ballot_change = models.BooleanField(
        "a ballot may be changed until voting closes",
        default=False,
        help_text="If not, an organisation's first ballot stands.",
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    count = models.JSONField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-voting_opens_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:round", args=[self.slug])

    def get_staff_url(self) -> str:
        return reverse("governance:staff_round", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.proposals_close_at and self.voting_opens_at:
            if self.voting_opens_at < self.proposals_close_at:
                errors["voting_opens_at"] = "Voting must open after proposals close."
        if self.voting_opens_at and self.voting_closes_at:
            if self.voting_closes_at <= self.voting_opens_at:
                errors["voting_closes_at"] = "Voting must close after it opens."
        if errors:
            raise ValidationError(errors)

    def stage(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.proposals_close_at:
            return "proposing"
        if now < self.voting_opens_at:
            return "discussing"
        if now < self.voting_closes_at:
            return "voting"
        return "closed"

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None


class Proposal(models.Model):
    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(max_length=200)
    case = models.TextField("the case for it")
    evidence = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority_proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    is_adopted = models.BooleanField(default=False)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
    )
    project = models.ForeignKey(
        "programme.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "title"],
                name="one_proposal_title_per_round",
                violation_error_message="A priority with this title is already proposed.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def new_receipt() -> str:
    return secrets.token_hex(8)


class Ballot(models.Model):
    """One per member organisation per round: the unique constraint means never counted twice."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="ballots")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="priority_ballots"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(null=True, blank=True)
    receipt = models.CharField(max_length=32, unique=True, default=new_receipt)

    class Meta:
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"],
                name="one_ballot_per_organisation",
                violation_error_message="Your organisation has already voted in this round.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.round}"

    def ranked_ids(self) -> list[int]:
        return [r.proposal_id for r in self.rankings.all()]


class Ranking(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="rankings")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["ballot", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "rank"], name="one_proposal_per_rank"),
            models.UniqueConstraint(fields=["ballot", "proposal"], name="rank_a_proposal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.proposal_id}"
