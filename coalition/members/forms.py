from django import forms

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.core.models import Region, Theme
from coalition.members.models import Application, MembershipType, Organisation


class ApplicationForm(CoalitionModelForm):
    membership_type = forms.ModelChoiceField(
        queryset=MembershipType.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Type of membership",
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Where you work",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Areas of work",
    )

    class Meta:
        model = Application
        fields = [
            "organisation_name",
            "website",
            "description",
            "charity_number",
            "company_number",
            "regions",
            "themes",
            "contact_email_public",
            "contact_name",
            "contact_email",
            "contact_role",
            "membership_type",
            "is_voluntary_or_charitable",
            "works_england_wide",
            "works_mainly_for_community_sector",
            "supports_community_sector",
            "declaration",
        ]
        labels = {"organisation_name": "Organisation name"}
        help_texts = {
            "website": "For example https://www.example.org.uk",
            "charity_number": "If you are a registered charity.",
            "company_number": "If you are a registered company.",
            "contact_email_public": "Shown on your directory page for people to get in touch.",
            "contact_email": "We will send our decision here.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("organisation_name", "contact_name", "contact_email"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "organisation_name": "organization",
                "contact_name": "name",
                "contact_email": "email",
            }[name]

    def clean_organisation_name(self) -> str:
        name = " ".join(self.cleaned_data["organisation_name"].split())
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                "An organisation with this name is already a member. If you work there, "
                "ask its representative to add you, or contact us."
            )
        if Application.objects.filter(
            organisation_name__iexact=name, status=Application.Status.PENDING
        ).exists():
            raise forms.ValidationError(
                "We already have an application from this organisation and will reply soon."
            )
        return name

    def clean(self):
        data = super().clean()
        membership_type = data.get("membership_type")
        if not data.get("is_voluntary_or_charitable"):
            self.add_error(
                "is_voluntary_or_charitable",
                "Membership is open to voluntary or charitable organisations only.",
            )
        if not data.get("works_england_wide"):
            self.add_error(
                "works_england_wide", "Membership is open to organisations working across England."
            )
        if membership_type and membership_type.slug == "full":
            if not data.get("works_mainly_for_community_sector"):
                self.add_error(
                    "works_mainly_for_community_sector",
                    "Full membership needs the major part of your work to be on behalf of the "
                    "community sector. Associate membership may suit you.",
                )
        elif not (
            data.get("supports_community_sector") or data.get("works_mainly_for_community_sector")
        ):
            self.add_error(
                "supports_community_sector",
                "Associates support the community sector in some part of their work.",
            )
        if not data.get("declaration"):
            self.add_error("declaration", "Confirm the declaration to send your application.")
        return data


class OrganisationProfileForm(CoalitionModelForm):
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Where you work",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Areas of work",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "website",
            "description",
            "logo",
            "charity_number",
            "company_number",
            "regions",
            "themes",
            "contact_email",
            "feed_url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "logo": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
            ),
        }


class RejectionForm(CoalitionForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the applicant. Be kind and say what they could do instead.",
        max_length=2000,
    )


class DirectoryFilterForm(forms.Form):
    """Reads the directory's query parameters; never shows errors, just ignores bad values."""

    q = forms.CharField(required=False, label="Search by name", max_length=100)
    type = forms.ModelChoiceField(
        queryset=MembershipType.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any type",
        label="Membership type",
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any region",
        label="Region",
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        label="Area of work",
    )
