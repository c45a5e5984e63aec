from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.governance.models import (
    ActionItem,
    AgendaItem,
    Body,
    BodyMember,
    Comment,
    Decision,
    Meeting,
    Paper,
    PriorityRound,
    Proposal,
)
from coalition.lib.uploads import validate_document
from coalition.members.models import Person

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(CoalitionModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def save(self, commit=True):
        body = super().save(commit=False)
        if not body.slug:
            base = slugify(body.name)[:100] or "body"
            slug, n = base, 2
            while Body.objects.filter(slug=slug).exclude(pk=body.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            body.slug = slug
        if commit:
            body.save()
        return body


class BodyMemberForm(CoalitionModelForm):
    class Meta:
        model = BodyMember
        fields = ["person", "role"]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["person"].queryset = Person.objects.order_by("name")

    def clean_person(self):
        person = self.cleaned_data["person"]
        if self.body and BodyMember.objects.filter(body=self.body, person=person).exists():
            raise ValidationError(f"{person.name} is already a member of this body.")
        return person


class MeetingForm(CoalitionModelForm):
    class Meta:
        model = Meeting
        fields = ["body", "title", "starts_at", "location", "event", "visibility"]
        widgets = {"starts_at": datetime_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT]
        self.fields["event"].queryset = self.fields["event"].queryset.order_by("-starts_at")


class AgendaItemForm(CoalitionModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "description", "owner", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.order_by("name")


class PaperForm(CoalitionModelForm):
    class Meta:
        model = Paper
        fields = ["title", "file"]
        labels = {"title": "Paper title"}
        help_texts = {"file": "PDF, Word, PowerPoint, OpenDocument or an image."}

    def clean_file(self):
        file = self.cleaned_data["file"]
        self.kind = validate_document(file)
        return file


class AttendanceForm(CoalitionForm):
    """One radio group per member of the body: present, apologies or absent."""

    def __init__(self, *args, people=(), initial_status=None, **kwargs):
        super().__init__(*args, **kwargs)
        from coalition.governance.models import Attendance

        self.people = list(people)
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=[("", "Not recorded"), *Attendance.Status.choices],
                required=False,
                initial=(initial_status or {}).get(person.pk, ""),
                widget=forms.Select,
            )


class MinutesForm(CoalitionModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 14})}
        labels = {"minutes": "Draft minutes"}

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if self.instance.minutes_status == Meeting.MinutesStatus.APPROVED:
            raise ValidationError("These minutes are approved and can no longer be changed.")
        if not minutes.strip():
            raise ValidationError("Write the minutes.")
        return minutes


class ActionForm(CoalitionModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due", "agenda_item", "status", "visibility"]
        widgets = {"due": date_input(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting or self.instance.meeting
        self.fields["owner"].queryset = Person.objects.order_by("name")
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=self.meeting)

    def clean_due(self):
        due = self.cleaned_data["due"]
        if self.meeting and not self.instance.pk and due < self.meeting.starts_at.date():
            raise ValidationError("An action cannot be due before the meeting that set it.")
        return due


class DecisionForm(CoalitionModelForm):
    class Meta:
        model = Decision
        fields = ["title", "text", "rationale", "agenda_item", "visibility"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)


class ActionStatusForm(CoalitionForm):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class RoundForm(CoalitionModelForm):
    class Meta:
        model = PriorityRound
        fields = [
            "title",
            "slug",
            "description",
            "proposals_close_at",
            "voting_opens_at",
            "voting_closes_at",
            "allow_ballot_change",
        ]
        widgets = {
            "proposals_close_at": datetime_input(),
            "voting_opens_at": datetime_input(),
            "voting_closes_at": datetime_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("proposals_close_at", "voting_opens_at", "voting_closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT]


class ProposalForm(CoalitionModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "case", "evidence"]
        widgets = {
            "case": forms.Textarea(attrs={"rows": 5}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, round=None, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=None, label="Proposed for"
            )
            self.fields["organisation"].queryset = self.organisations[0].__class__.objects.filter(
                pk__in=[o.pk for o in self.organisations]
            )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if self.round and Proposal.objects.filter(round=self.round, title__iexact=title).exists():
            raise ValidationError("A priority with this title is already proposed.")
        return title


class CommentForm(CoalitionModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Your comment"}


class AdoptForm(CoalitionModelForm):
    class Meta:
        model = Proposal
        fields = ["is_adopted", "campaign", "project"]
        labels = {"is_adopted": "Adopted as a priority for collective action"}


class BallotForm(CoalitionForm):
    """A rank (1 = first choice) for each proposal; leave out the ones you do not support."""

    def __init__(self, *args, proposals=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["organisation"] = forms.TypedChoiceField(
                label="Voting for",
                choices=[(o.pk, o.name) for o in self.organisations],
                coerce=int,
            )
        choices = [("", "Not ranked")] + [(n, str(n)) for n in range(1, len(self.proposals) + 1)]
        for proposal in self.proposals:
            self.fields[f"rank_{proposal.pk}"] = forms.TypedChoiceField(
                label=proposal.title,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def rank_fields(self):
        return [self[f"rank_{proposal.pk}"] for proposal in self.proposals]

    def clean(self):
        cleaned = super().clean()
        ranks = {}
        for proposal in self.proposals:
            rank = cleaned.get(f"rank_{proposal.pk}")
            if rank is None:
                continue
            if rank in ranks:
                self.add_error(
                    f"rank_{proposal.pk}",
                    f"You gave rank {rank} to another priority too. Give each a different rank.",
                )
            ranks[rank] = proposal.pk
        if not ranks and not self.errors:
            raise ValidationError("Rank at least one priority: give your first choice rank 1.")
        cleaned["ranked_ids"] = [ranks[rank] for rank in sorted(ranks)]
        return cleaned

    def organisation(self):
        if len(self.organisations) == 1:
            return self.organisations[0]
        chosen = self.cleaned_data["organisation"]
        return next(o for o in self.organisations if o.pk == chosen)
