from django import forms


class ExportForm(forms.Form):
    email = forms.EmailField(
        label="Email address of the person",
        help_text="Everything held about this address, in every part of the site.",
    )


class OwnExportForm(forms.Form):
    email = forms.ChoiceField(label="Your email address", help_text="A verified address of yours.")

    def __init__(self, *args, addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].choices = [(a, a) for a in addresses]


class EraseForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to erase")


class ConfirmEraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: erasure request by email on 2 December. Kept in the audit log.",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the erasure.")
        return reason
