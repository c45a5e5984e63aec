"""Responses, their answers, and single-use invitations.

A Response keeps every answer as JSON (`data`, for resuming and for exports) and,
once complete, one Answer row per counted value (a choice, a scale point, a matrix
cell, a rank) or per typed value, so results are counted with one GROUP BY in SQL.
Partial responses (a paged survey saved part-way) have no Answer rows.

In an anonymous survey a response stores no address, browser, account or invitation,
and only the date it was submitted.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Response(models.Model):
    class Status(models.TextChoices):
        PARTIAL = "partial", "Started, not submitted"
        COMPLETE = "complete", "Submitted"

    # Indexes: only those a query uses (each costs every answer sent); see Meta.
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    collector = models.ForeignKey(
        "surveys.Collector", on_delete=models.CASCADE, related_name="responses"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COMPLETE)
    # NULL when there is no link to resume by (the partial unique index leaves those out).
    resume_token = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    page = models.PositiveIntegerField(default=0, help_text="The section to resume at.")
    data = models.JSONField(default=dict, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    # Identified mode only:
    submitted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    invitation = models.ForeignKey(
        "surveys.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Which fold added this response's answers to ResultCount (0: not yet; see results.py).
    fold_batch = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # Filters and counts by collector and day, from the index alone (no JSON read).
            models.Index(
                fields=["survey", "status", "collector", "submitted_on", "id"],
                name="survey_resp_collector",
            ),
            models.Index(fields=["survey", "status", "submitted_on"], name="survey_resp_day"),
            # Folding, and the responses not folded yet (by collector and day) on every
            # view of the results, from the index alone.
            models.Index(
                fields=["survey", "fold_batch", "status", "collector", "submitted_on"],
                name="survey_resp_fold",
            ),
            # Partial: most responses (anonymous, complete) have none of these.
            models.Index(
                fields=["user"], name="survey_resp_user", condition=models.Q(user__isnull=False)
            ),
            models.Index(
                fields=["invitation"],
                name="survey_resp_invitation",
                condition=models.Q(invitation__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resume_token"],
                name="survey_resp_resume_token",
                condition=models.Q(resume_token__isnull=False),
            )
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.survey_id}"

    def get_resume_url(self):
        return reverse("surveys:resume", args=[self.resume_token])


class Answer(models.Model):
    """One value of a complete response: `code` for counted answers, `text`/`number` otherwise.

    Multiple choice: a row per chosen option. Matrix: a row per matrix row (`row`, its
    1-based position; `code`, the scale point). Ranking: a row per item (`row`, its rank).
    """

    id = models.BigAutoField(primary_key=True)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    survey_id = models.IntegerField(db_index=False)
    question = models.ForeignKey(
        "surveys.Question", on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    row = models.SmallIntegerField(default=0)
    code = models.CharField(max_length=60, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        # No (survey, ...) index: counting goes through responses (folds, filters), and
        # every index costs each answer sent (on SQLite, ~25 pages written per answer).
        indexes = [
            # Filtering by an answer (cross-tab): the responses that gave it.
            models.Index(fields=["question", "code", "response"], name="survey_ans_filter"),
            # The answers of chosen responses (a filtered page, a cross-tab), from the
            # index alone.
            models.Index(
                fields=["response", "question", "row", "code", "number"],
                name="survey_ans_response",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.code or self.text[:40]}"


class Invitation(models.Model):
    """A single-use link emailed to one person; reminders go to those who have not answered."""

    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="invitations"
    )
    collector = models.ForeignKey(
        "surveys.Collector", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_email")
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("surveys:invitation", args=[self.token])


class ResultCount(models.Model):
    """Answers counted so far, by collector: kept up to date by folding in new responses.

    The results page adds these up (a few thousand rows) instead of counting millions of
    Answer rows on every view. For text and number questions `code` is empty and the row
    holds how many answered (and the numbers' sum, smallest and largest).
    """

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    collector_id = models.IntegerField()
    question_id = models.IntegerField()
    row = models.SmallIntegerField(default=0)
    code = models.CharField(max_length=60, blank=True)
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "collector_id", "question_id", "row", "code"],
                name="survey_result_count_unique",
            )
        ]

    def __str__(self):
        return f"{self.question_id}/{self.row}/{self.code}: {self.n}"
