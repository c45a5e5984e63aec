"""Forms for taking part in actions, and the staff's forms for managing them."""

import re

from django import forms

from coalition.campaigns.models import Action, Participation
from coalition.core.forms import CoalitionForm
from coalition.lib.postcodes import MESSAGE as POSTCODE_MESSAGE
from coalition.lib.postcodes import normalise_postcode

# A name or organisation with a web address in it is spam, and one starting with a
# formula character is an attack on whoever opens the export in a spreadsheet.
LINK = re.compile(
    r"(://|www\.|https?:|\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|co|uk|ru|xyz|top|site|online)"
    r"\b)",
    re.IGNORECASE,
)
FORMULA_START = ("=", "+", "-", "@")
HONEYPOT = "leave_empty"


def clean_person_text(value: str, what: str) -> str:
    value = " ".join((value or "").split())
    if value.startswith(FORMULA_START):
        raise forms.ValidationError(f"{what} cannot start with =, +, - or @.")
    if LINK.search(value):
        raise forms.ValidationError(f"{what} cannot contain a web address.")
    return value


class ActionForm(CoalitionForm):
    """Taking part in any action: who you are, where you live, and what we may send you."""

    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link to confirm. It counts once you do.",
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="A UK postcode, like SW1A 1AA.",
        error_messages={"required": "Enter your postcode."},
    )
    organisation_name = forms.CharField(
        label="Organisation", max_length=200, required=False, help_text="If you are part of one."
    )
    on_behalf_of_organisation = forms.BooleanField(
        label="I pledge on behalf of my organisation", required=False
    )
    list_publicly = forms.BooleanField(
        label="List my organisation publicly as having pledged", required=False
    )
    contact_by_coalition = forms.BooleanField(required=False)
    contact_by_partner = forms.BooleanField(required=False)
    via = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    leave_empty = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, action: Action, *args, partner=None, coalition_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.partner = partner
        who = coalition_name or "The coalition"
        self.fields["contact_by_coalition"].label = (
            f"{who} may email me about this campaign and its other campaigns. "
            "I can unsubscribe at any time."
        )
        if partner is not None:
            self.fields["contact_by_partner"].label = (
                f"{partner.organisation.name} may email me about its work. "
                "I can unsubscribe at any time."
            )
            self.fields["via"].initial = partner.code
        else:
            del self.fields["contact_by_partner"]
        if action.kind != Action.Kind.PLEDGE:
            del self.fields["on_behalf_of_organisation"]
            del self.fields["list_publicly"]
        else:
            self.fields[
                "organisation_name"
            ].help_text = "Needed to pledge on behalf of your organisation or to be listed."
        for name, autocomplete in (
            ("name", "name"),
            ("email", "email"),
            ("postcode", "postal-code"),
            ("organisation_name", "organization"),
        ):
            self.fields[name].widget.attrs["autocomplete"] = autocomplete
        self.fields["postcode"].widget.attrs.update({"class": "input--short"})

    def clean_name(self) -> str:
        return clean_person_text(self.cleaned_data["name"], "Your name")

    def clean_organisation_name(self) -> str:
        return clean_person_text(self.cleaned_data["organisation_name"], "The organisation")

    def clean_postcode(self) -> str:
        try:
            return normalise_postcode(self.cleaned_data["postcode"])
        except ValueError:
            raise forms.ValidationError(POSTCODE_MESSAGE) from None

    def clean(self):
        data = super().clean()
        if self.action.kind == Action.Kind.PLEDGE and not data.get("organisation_name"):
            for field in ("on_behalf_of_organisation", "list_publicly"):
                if data.get(field):
                    self.add_error(
                        "organisation_name",
                        "Enter your organisation's name to pledge for it or to list it.",
                    )
                    break
        return data

    @property
    def is_bot(self) -> bool:
        """The hidden field was filled in: a person never sees it."""
        return bool(self.data.get(HONEYPOT, "").strip())

    @property
    def consent_fields(self) -> list[str]:
        return [
            name for name in ("contact_by_coalition", "contact_by_partner") if name in self.fields
        ]

    def consent_wording(self) -> str:
        """The words beside the boxes that were ticked, as the supporter saw them."""
        return "\n".join(
            str(self.fields[name].label)
            for name in self.consent_fields
            if self.cleaned_data.get(name)
        )

    @property
    def visible_person_fields(self):
        names = ["name", "email", "postcode", "organisation_name"]
        return [self[name] for name in names]

    @property
    def pledge_fields(self):
        return [
            self[name]
            for name in ("on_behalf_of_organisation", "list_publicly")
            if name in self.fields
        ]

    @property
    def consent_bound_fields(self):
        return [self[name] for name in self.consent_fields]


class ResendForm(CoalitionForm):
    email = forms.EmailField(label="Email address", max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class ParticipationSearchForm(CoalitionForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A name, an email address, a postcode or an organisation.",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Participation.Status.choices],
    )


class InvalidateForm(CoalitionForm):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="Why it should not count, for the record (for example: a made-up name).",
    )


class CloseForm(CoalitionForm):
    handed_in_on = forms.DateField(
        label="Handed in on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if it has not been handed in yet.",
    )
    hand_in_note = forms.CharField(
        label="About the hand-in",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who received it, where, and what happens next. Shown on the public page.",
    )
