"""Surveys, their sections and questions, and the collector links they are shared through.

A survey is versioned: once it has answers, changes that would break them (deleting
or renaming a question, changing its type or its choices' codes) are refused, and
staff make a new version instead (services/building.py). Wording, help text and
order can still be corrected.
"""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", "Anonymous (no address, browser or account kept; date only)"
        IDENTIFIED = "identified", "Identified (time, account and invitation kept)"

    class Layout(models.TextChoices):
        ONE_PAGE = "one_page", "All questions on one page"
        PAGED = "paged", "A page per section"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        error_messages={"unique": "Another survey already uses this web address."},
    )
    intro = models.TextField("introduction", blank=True, help_text="Markdown.")
    thanks = models.TextField(
        "thank-you message", blank=True, help_text="Shown after someone answers. Markdown."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.ANONYMOUS)
    layout = models.CharField(max_length=10, choices=Layout.choices, default=Layout.PAGED)
    is_listed = models.BooleanField(
        "listed on /surveys/",
        default=True,
        help_text="Untick for a survey answered only through collector or invitation links.",
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    response_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text="Stop accepting answers after this many."
    )
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    results_public = models.BooleanField("results page published", default=False)
    reminder_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days after an invitation before a reminder (0: no reminders)."
    )
    identifiers_keep_days = models.PositiveIntegerField(
        "keep identifiers for (days)",
        null=True,
        blank=True,
        help_text="Days after an answer that what identifies it is kept (in identified surveys "
        "the account, invitation and time; the invitee's address), then removed; the answers "
        "stay, unlinked. Empty: kept until the survey is deleted.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    fold_batch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.title if self.version == 1 else f"{self.title} (version {self.version})"

    def get_absolute_url(self):
        return reverse("surveys:survey", args=[self.slug])

    def get_staff_url(self):
        return reverse("surveys:staff_survey", args=[self.pk])

    @property
    def intro_html(self):
        return render_markdown(self.intro)

    @property
    def thanks_html(self):
        return render_markdown(self.thanks)

    @property
    def is_anonymous(self) -> bool:
        return self.mode == self.Mode.ANONYMOUS

    def availability(self, now=None, count=None) -> str:
        """'open', or why not: 'draft', 'not_open', 'closed', 'full'."""
        now = now or timezone.now()
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.status == self.Status.CLOSED or (self.closes_at and now >= self.closes_at):
            return "closed"
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.response_limit is not None:
            if count is None:
                count = self.responses.filter(status=Response_COMPLETE).count()
            if count >= self.response_limit:
                return "full"
        return "open"

    def has_answers(self) -> bool:
        return self.responses.exists()


Response_COMPLETE = "complete"


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    show_if = models.CharField(
        "show only if",
        max_length=500,
        blank=True,
        help_text="A condition on earlier answers, like ${funding} = 'contracts'.",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"
        NUMBER = "number", "Number"
        SINGLE = "single_choice", "Single choice"
        MULTIPLE = "multiple_choice", "Multiple choice"
        SCALE = "scale", "Scale"
        MATRIX = "matrix", "Matrix of scales"
        RANKING = "ranking", "Ranking"
        DATE = "date", "Date"
        EMAIL = "email", "Email address"
        POSTCODE = "postcode", "UK postcode"
        CONSENT = "consent", "Consent"

    CHOICE_TYPES = {Type.SINGLE, Type.MULTIPLE, Type.RANKING}
    # Answers grouped and counted in SQL (their Answer rows carry a code).
    COUNTED_TYPES = {
        Type.SINGLE,
        Type.MULTIPLE,
        Type.SCALE,
        Type.MATRIX,
        Type.RANKING,
        Type.CONSENT,
    }
    TEXT_TYPES = {Type.SHORT_TEXT, Type.LONG_TEXT, Type.DATE, Type.EMAIL, Type.POSTCODE}

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(max_length=20, choices=Type.choices)
    name = models.SlugField(
        "code",
        max_length=60,
        help_text="A short code for exports and conditions, like funding_source.",
    )
    label = models.CharField("question", max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    show_if = models.CharField(
        "show only if",
        max_length=500,
        blank=True,
        help_text="A condition on earlier answers, like ${staff} > 5.",
    )
    min_value = models.FloatField("smallest number", null=True, blank=True)
    max_value = models.FloatField("largest number", null=True, blank=True)
    min_length = models.PositiveIntegerField("fewest characters", null=True, blank=True)
    max_length = models.PositiveIntegerField("most characters", null=True, blank=True)
    pattern = models.CharField(
        max_length=200, blank=True, help_text="A regular expression the answer must match."
    )
    error_message = models.CharField(
        "message when invalid",
        max_length=300,
        blank=True,
        help_text="Shown when the answer is out of range, too long or short, or does not match.",
    )
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=80, blank=True)
    scale_max_label = models.CharField(max_length=80, blank=True)
    rows = models.TextField(
        "matrix rows",
        blank=True,
        help_text="For a matrix: one row a line, as code|label.",
    )
    is_public = models.BooleanField(
        "on the published results page",
        default=False,
    )

    class Meta:
        ordering = ["section__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "name"], name="survey_question_name_unique")
        ]

    def __str__(self):
        return self.label

    @property
    def is_counted(self) -> bool:
        return self.type in self.COUNTED_TYPES

    @property
    def is_text(self) -> bool:
        return self.type in self.TEXT_TYPES

    def matrix_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.rows.splitlines():
            if not line.strip():
                continue
            code, _, label = line.partition("|")
            rows.append((code.strip(), (label or code).strip()))
        return rows

    def scale_points(self) -> list[tuple[str, str]]:
        points = []
        for value in range(self.scale_min, self.scale_max + 1):
            label = str(value)
            if value == self.scale_min and self.scale_min_label:
                label = f"{value} – {self.scale_min_label}"
            elif value == self.scale_max and self.scale_max_label:
                label = f"{value} – {self.scale_max_label}"
            points.append((str(value), label))
        return points

    def options(self) -> list[tuple[str, str]]:
        """(code, label) of every answer counted in the results."""
        if self.type in (self.Type.SCALE, self.Type.MATRIX):
            return self.scale_points()
        if self.type == self.Type.CONSENT:
            return [("yes", "Agreed")]
        return [(c.value, c.label) for c in self.choices.all()]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.CharField("code", max_length=60)
    label = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Collector(models.Model):
    """A link a survey is shared through; every response is attributed to one."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="collectors")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_collectors",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    is_invitations = models.BooleanField(
        default=False, help_text="Holds the single-use invitation links."
    )
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="one_collector_per_member",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("surveys:collector", args=[self.token])
