"""Letters to decision-makers: who they go to, and each letter sent."""

from django.db import models


class DecisionMaker(models.Model):
    """Someone a letter action writes to: a minister, a council leader, a commissioner."""

    action = models.ForeignKey(
        "campaigns.Action", on_delete=models.CASCADE, related_name="decision_makers"
    )
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=200, help_text="For example: Leader of the Council.")
    body = models.CharField(
        max_length=200, help_text="The council, department or body, e.g. Nottingham City Council."
    )
    email = models.EmailField()
    postcode_districts = models.TextField(
        blank=True,
        help_text="The postcode districts this person covers, e.g. NG1 NG2 NG7, separated by "
        "spaces or commas. Leave empty to write to them whatever the supporter's postcode.",
    )
    daily_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Most letters to send them a day. Empty: the site's default "
        "(LETTER_DAILY_LIMIT_PER_TARGET).",
    )

    class Meta:
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"

    @property
    def districts(self) -> set[str]:
        return {d.upper() for d in self.postcode_districts.replace(",", " ").split()}

    def covers(self, district: str) -> bool:
        return not self.districts or district.upper() in self.districts


class Letter(models.Model):
    """One letter from one supporter to one decision-maker, sent once confirmed."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the supporter to confirm"
        QUEUED = "queued", "Queued"
        HELD = "held", "Held (the day's limit for this recipient was reached)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    participation = models.ForeignKey(
        "campaigns.Participation", on_delete=models.CASCADE, related_name="letters"
    )
    decision_maker = models.ForeignKey(
        DecisionMaker, on_delete=models.PROTECT, related_name="letters"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "decision_maker"], name="one_letter_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["decision_maker", "sent_at"], name="letter_sent")]

    def __str__(self) -> str:
        return f"{self.subject} to {self.decision_maker}"
