from django import forms

from coalition.core.forms import CoalitionForm

MAX_ACTIVE = 10


class TokenForm(CoalitionForm):
    name = forms.CharField(
        label="What will use it",
        max_length=100,
        help_text="For example “Our website” or “Events plugin”, so you know which to revoke.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        active = self.organisation.api_tokens.active()
        if active.filter(name__iexact=name).exists():
            raise forms.ValidationError("A token in use already has this name: choose another.")
        if active.count() >= MAX_ACTIVE:
            raise forms.ValidationError(
                f"Your organisation has {MAX_ACTIVE} tokens in use: revoke one first."
            )
        return name
