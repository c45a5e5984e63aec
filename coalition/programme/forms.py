from decimal import Decimal

from django import forms
from django.utils.text import slugify

from coalition.core.forms import CoalitionForm, CoalitionModelForm
from coalition.members.models import Organisation, Person
from coalition.programme.models import (
    Funder,
    FundingApplication,
    GrantReport,
    Income,
    Milestone,
    Output,
    Project,
    Tender,
)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money(form, *names):
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs.update(
                {"min": "0", "step": "0.01", "inputmode": "decimal"}
            )
            form.fields[name].error_messages["invalid"] = (
                "Enter an amount in pounds, like 3300 or 3300.50."
            )


class ProjectForm(CoalitionModelForm):
    class Meta:
        model = Project
        fields = ["title", "summary", "aim", "status", "lead", "partners", "starts_on", "ends_on"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "aim": forms.Textarea(attrs={"rows": 2}),
            "starts_on": date_input(),
            "ends_on": date_input(),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Person.objects.order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")

    def save(self, commit=True):
        project = super().save(commit=False)
        if not project.slug:
            base = slugify(project.title)[:180] or "project"
            slug, n = base, 2
            while Project.objects.filter(slug=slug).exclude(pk=project.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            project.slug = slug
        if commit:
            project.save()
            self.save_m2m()
        return project


class MilestoneForm(CoalitionModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due", "done_on"]
        widgets = {"due": date_input(), "done_on": date_input()}


class OutputForm(CoalitionModelForm):
    class Meta:
        model = Output
        fields = ["kind", "title", "url", "event", "date"]
        widgets = {"date": date_input()}


class FunderForm(CoalitionModelForm):
    class Meta:
        model = Funder
        fields = ["name", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ApplicationForm(CoalitionModelForm):
    class Meta:
        model = FundingApplication
        fields = [
            "funder",
            "project",
            "title",
            "amount_asked",
            "deadline",
            "submitted_on",
            "status",
            "amount_granted",
            "decided_on",
            "notes",
        ]
        widgets = {
            "deadline": date_input(),
            "submitted_on": date_input(),
            "decided_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"amount_asked": "Amount asked (£)", "amount_granted": "Amount granted (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        money(self, "amount_asked", "amount_granted")


class PaymentForm(CoalitionForm):
    amount = forms.DecimalField(
        label="Amount received (£)", max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    received_on = forms.DateField(widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        money(self, "amount")
        self.fields["amount"].error_messages["min_value"] = "Enter an amount of more than £0."


class ReportForm(CoalitionModelForm):
    class Meta:
        model = GrantReport
        fields = ["title", "due"]
        widgets = {"due": date_input()}


class IncomeForm(CoalitionModelForm):
    class Meta:
        model = Income
        fields = ["source", "amount", "received_on", "description", "tender"]
        widgets = {"received_on": date_input()}
        labels = {"amount": "Amount (£)"}
        help_texts = {
            "source": "Grant payments are recorded on their funding application; "
            "paid subscriptions are brought in from the members' records."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        money(self, "amount")
        self.fields["source"].choices = [
            c for c in self.fields["source"].choices if c[0] != Income.Source.GRANT
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == Income.Source.TENDER_FEE and not cleaned.get("tender"):
            self.add_error("tender", "Choose the tender this fee comes from.")
        return cleaned


class TenderForm(CoalitionModelForm):
    class Meta:
        model = Tender
        fields = [
            "title",
            "client",
            "bid_due",
            "status",
            "cluster",
            "contract_value",
            "management_fee",
            "starts_on",
            "ends_on",
            "notes",
        ]
        widgets = {
            "bid_due": date_input(),
            "starts_on": date_input(),
            "ends_on": date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "cluster": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {
            "contract_value": "Contract value (£)",
            "management_fee": "Management fee retained (£)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        money(self, "contract_value", "management_fee")
        self.fields["cluster"].queryset = Organisation.objects.order_by("name")


class YearFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    source = forms.ChoiceField(
        required=False, choices=[("", "All sources"), *Income.Source.choices]
    )
