"""Campaign actions (petitions, letters, pledges), partners' links, and who took part.

One table holds every supporter's participation in every action, whatever its
kind, so totals, partners' numbers, charts and exports work the same for all.
A participation counts once confirmed from the email it was made with.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from coalition.lib.markup import render_markdown


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Action(models.Model):
    class Kind(models.TextChoices):
        PETITION = "petition", "Petition"
        LETTER = "letter", "Letter to a decision-maker"
        PLEDGE = "pledge", "Pledge"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120)
    intro = models.TextField(blank=True, help_text="Why to take part. Markdown is allowed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="After this, no one can take part."
    )
    goal = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many to aim for (signatures, letters, pledges)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    # Petition
    target = models.CharField(
        "addressed to", max_length=200, blank=True, help_text="Who the petition is addressed to."
    )
    text = models.TextField(
        blank=True,
        help_text="Petition: what signers ask for. Pledge: the statement they commit to.",
    )
    handed_in_on = models.DateField(null=True, blank=True)
    hand_in_note = models.TextField(blank=True, help_text="Who received it, where, and what next.")

    # Letter to a decision-maker
    letter_subject = models.CharField(max_length=200, blank=True)
    letter_body = models.TextField(
        blank=True, help_text="The template letter supporters start from."
    )
    letter_editable = models.BooleanField(
        default=True, help_text="Supporters may edit the letter (within the length limit)."
    )
    letter_max_length = models.PositiveIntegerField(default=5000)

    # The public count of confirmed participations. Counting rows on every page view
    # would be slow at a million signatures, and adding one to this row at each
    # confirmation would make it the hottest row in the database under load, so
    # confirmations are added in batches by a periodic job (services.reconcile_counts):
    # `confirmed_count` holds every confirmation up to `counted_up_to`; the few since
    # are counted on the index (action, confirmed_at).
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    counted_up_to = models.DateTimeField(null=True, blank=True, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "slug"],
                name="action_slug_unique_in_campaign",
                violation_error_message="Another action of this campaign uses this web address.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:action", args=[self.campaign.slug, self.slug])

    def clean(self) -> None:
        if self.kind == self.Kind.PETITION and not (self.target and self.text):
            raise ValidationError("A petition needs who it is addressed to and its text.")
        if self.kind == self.Kind.PLEDGE and not self.text:
            raise ValidationError({"text": "A pledge needs the statement people commit to."})
        if self.kind == self.Kind.LETTER and not (self.letter_subject and self.letter_body):
            raise ValidationError("A letter needs a subject and a template letter.")

    @property
    def intro_html(self):
        return render_markdown(self.intro)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.campaign.status == self.campaign.Status.ACTIVE
            and (self.closes_at is None or self.closes_at > now)
        )


class PartnerLink(models.Model):
    """A member organisation's own link to an action; what comes through it is theirs."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="partner_links"
    )
    code = models.SlugField(max_length=40, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"], name="one_partner_link_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.action}"


class Participation(models.Model):
    """A supporter taking an action: signing, writing, pledging. No account needed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        INVALIDATED = "invalidated", "Invalidated"

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="participations")
    partner = models.ForeignKey(
        PartnerLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    # Lower case, and for Gmail without dots or +tags: one person, one signature.
    email_normalised = models.CharField(max_length=254, editable=False)
    postcode = models.CharField(max_length=10)
    # "SW1A" and "SW" of "SW1A 1AA": letters are matched and regions counted by these.
    postcode_district = models.CharField(max_length=4, editable=False)
    postcode_area = models.CharField(max_length=2, editable=False)
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    on_behalf_of_organisation = models.BooleanField(
        default=False, help_text="Pledges: the organisation itself commits, not only the person."
    )
    list_publicly = models.BooleanField(
        default=False, help_text="Pledges: the organisation agreed to be listed publicly."
    )
    # Consent to further contact: separate choices, never ticked in advance. The words
    # the supporter saw beside the boxes they ticked are kept with the answer.
    contact_by_coalition = models.BooleanField(default=False)
    contact_by_partner = models.BooleanField(default=False)
    consent_wording = models.TextField(blank=True, editable=False)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    invalidated_at = models.DateTimeField(null=True, blank=True, editable=False)
    invalidated_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "email_normalised"], name="one_participation_per_email"
            )
        ]
        indexes = [
            models.Index(fields=["action", "confirmed_at"], name="participation_confirmed"),
            models.Index(fields=["action", "created"], name="participation_created"),
            models.Index(
                fields=["action", "organisation_name"],
                name="participation_listed",
                condition=Q(list_publicly=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.action})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
