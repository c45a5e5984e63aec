"""The work programme: projects, funding applications and payments, income, tenders,
the earned-income dashboard, exports, reminders, and bad input refused."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coalition.members.tests.factories import SubscriptionFactory
from coalition.programme.models import (
    FundingApplication,
    Income,
    Project,
    Tender,
    financial_year_of,
)
from coalition.programme.services.income import (
    import_paid_subscriptions,
    yearly_figures,
)
from coalition.programme.services.reminders import send_reminders
from coalition.programme.tests.factories import (
    ApplicationFactory,
    GrantReportFactory,
    IncomeFactory,
)

pytestmark = pytest.mark.django_db


def test_the_financial_year_starts_in_april(settings):
    assert financial_year_of(date(2010, 3, 31)) == 2009
    assert financial_year_of(date(2010, 4, 1)) == 2010
    income = IncomeFactory(received_on=date(2010, 2, 1))
    assert income.financial_year == 2009 and income.year_label == "2009/10"


def test_staff_add_a_project_with_partners_milestones_and_outputs(client, staff, organisation):
    client.force_login(staff)
    response = client.post(
        reverse("programme:project_new"),
        {
            "title": "Work on funding regimes",
            "summary": "With Adur Voluntary Action.",
            "status": "active",
            "partners": [organisation.pk],
        },
    )
    project = Project.objects.get()
    assert response.url == project.get_staff_url()
    assert list(project.partners.all()) == [organisation]
    client.post(
        project.get_staff_url(),
        {"form": "milestone", "milestone-title": "Report published", "milestone-due": "2010-06-30"},
    )
    client.post(
        project.get_staff_url(),
        {"form": "output", "output-kind": "report", "output-title": "Adur report"},
    )
    assert project.milestones.count() == 1 and project.outputs.count() == 1


def test_project_dates_out_of_order_are_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("programme:project_new"),
        {
            "title": "Backwards",
            "summary": "x",
            "status": "idea",
            "starts_on": "2010-05-01",
            "ends_on": "2010-01-01",
        },
    )
    assert response.status_code == 400
    assert "must end on or after its start" in response.content.decode()
    assert not Project.objects.exists()


def test_negative_amounts_are_refused_with_clear_messages(client, staff):
    client.force_login(staff)
    funder = ApplicationFactory().funder
    response = client.post(
        reverse("programme:application_new"),
        {"funder": funder.pk, "title": "Bid", "amount_asked": "-100", "status": "drafting"},
    )
    assert response.status_code == 400
    assert "Enter an amount of more than £0." in response.content.decode()
    response = client.post(
        reverse("programme:income"),
        {"source": "donation", "amount": "-5", "received_on": "2010-05-01"},
    )
    assert response.status_code == 400
    assert "Enter an amount of more than £0." in response.content.decode()
    response = client.post(
        reverse("programme:tender_new"),
        {
            "title": "T",
            "client": "C",
            "status": "preparing",
            "contract_value": "-1",
            "management_fee": "0",
        },
    )
    assert response.status_code == 400
    assert "Enter an amount of £0 or more." in response.content.decode()
    response = client.post(
        reverse("programme:tender_new"),
        {
            "title": "T",
            "client": "C",
            "status": "preparing",
            "contract_value": "1000",
            "management_fee": "2000",
        },
    )
    assert response.status_code == 400
    assert "cannot be more than the contract" in response.content.decode()
    response = client.post(
        reverse("programme:income"),
        {"source": "donation", "amount": "lots", "received_on": "2010-05-01"},
    )
    assert "Enter an amount in pounds" in response.content.decode()
    assert not Income.objects.exists() and not Tender.objects.exists()
    assert FundingApplication.objects.count() == 1


def test_a_granted_application_takes_payments_up_to_the_grant(client, staff):
    application = ApplicationFactory(amount_asked=Decimal("5000"))
    client.force_login(staff)
    url = application.get_staff_url()
    # Granted without an amount: refused.
    data = {
        "funder": application.funder_id,
        "title": application.title,
        "amount_asked": "5000",
        "status": "granted",
        "submitted_on": "2010-01-10",
        "decided_on": "2010-03-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Enter the amount granted." in response.content.decode()
    response = client.post(url, {**data, "decided_on": "2009-12-01", "amount_granted": "3300"})
    assert "cannot come before the application was sent" in response.content.decode()
    client.post(url, {**data, "amount_granted": "3300"})
    application.refresh_from_db()
    assert application.status == "granted"
    client.post(
        url, {"form": "payment", "payment-amount": "3000", "payment-received_on": "2010-04-15"}
    )
    response = client.post(
        url, {"form": "payment", "payment-amount": "500", "payment-received_on": "2010-05-15"}
    )
    assert response.status_code == 400
    assert "more than the £3,300.00 granted" in response.content.decode()
    payment = Income.objects.get()
    assert payment.source == "grant" and payment.financial_year == 2010


def test_paid_subscriptions_become_income_once(organisation):
    membership = organisation.memberships.get()
    membership.subscriptions.all().delete()
    SubscriptionFactory(
        membership=membership, amount=Decimal("75"), paid_on=date(2010, 5, 3), method="bacs"
    )
    SubscriptionFactory(
        membership=membership,
        period_start=date(2011, 4, 1),
        period_end=date(2012, 3, 31),
        amount=Decimal("75"),
        paid_on=None,
    )
    assert import_paid_subscriptions() == 1
    assert import_paid_subscriptions() == 0
    income = Income.objects.get()
    assert income.source == "subscription" and income.amount == Decimal("75")


def test_earned_income_against_the_target(client, staff, settings):
    today = timezone.localdate()
    this_year = financial_year_of(today)
    day = today
    IncomeFactory(source="grant", amount=Decimal("6000"), received_on=day)
    IncomeFactory(source="subscription", amount=Decimal("1500"), received_on=day)
    IncomeFactory(source="tender_fee", amount=Decimal("500"), received_on=day)
    figures = yearly_figures(10)
    assert len(figures) == 10 and figures[-1].year == this_year
    current = figures[-1]
    assert current.total == Decimal("8000") and current.earned == Decimal("2000")
    assert current.percent == 25.0 and current.meets_target
    settings.EARNED_INCOME_TARGET_PERCENT = 30
    assert not yearly_figures(1)[-1].meets_target
    client.force_login(staff)
    page = client.get(reverse("programme:dashboard")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "25.0%" in page and "against a target of 30%" in page


def test_exports_csv_and_xlsx_with_formulas_neutralised(client, staff):
    IncomeFactory(
        description='=HYPERLINK("http://evil")',
        amount=Decimal("12.50"),
        received_on=date(2010, 5, 1),
    )
    client.force_login(staff)
    response = client.get(reverse("programme:export", args=["income", "csv"]) + "?year=2010")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Received"
    assert rows[1][4] == "12.50" and rows[1][5].startswith("'=")
    response = client.get(reverse("programme:export", args=["income", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][5].startswith("'=")
    assert client.get(reverse("programme:export", args=["secrets", "csv"])).status_code == 404
    for what in ("applications", "tenders", "projects"):
        assert client.get(reverse("programme:export", args=[what, "xlsx"])).status_code == 200


def test_tender_fees_count_as_earned_income(client, staff, organisation):
    client.force_login(staff)
    client.post(
        reverse("programme:tender_new"),
        {
            "title": "Advice services in West Sussex",
            "client": "West Sussex CC",
            "status": "won",
            "contract_value": "40000",
            "management_fee": "4000",
            "cluster": [organisation.pk],
        },
    )
    tender = Tender.objects.get()
    assert tender.fee_percent == "10.0%"
    response = client.post(
        reverse("programme:income"),
        {"source": "tender_fee", "amount": "2000", "received_on": "2010-06-01"},
    )
    assert response.status_code == 400
    assert "Choose the tender" in response.content.decode()
    client.post(
        reverse("programme:income"),
        {
            "source": "tender_fee",
            "amount": "2000",
            "received_on": "2010-06-01",
            "tender": tender.pk,
        },
    )
    assert Income.objects.get().tender == tender


def test_reminders_for_reports_and_deadlines_once(settings, commit, staff):
    settings.PROGRAMME_REMINDER_EMAIL = "treasurer@example.org"
    today = timezone.localdate()
    GrantReportFactory(due=today + timedelta(days=5), title="Interim report")
    GrantReportFactory(due=today + timedelta(days=100))
    ApplicationFactory(deadline=today + timedelta(days=3), title="City Parochial bid")
    with commit():
        assert send_reminders() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("Interim report" in s for s in subjects)
    assert any("City Parochial bid" in s for s in subjects)
    with commit():
        assert send_reminders() == 0


def test_the_treasurer_pages_are_for_staff_only(client, representative):
    client.force_login(representative)
    assert client.get(reverse("programme:dashboard")).status_code == 403


def test_closed_years_are_cached_until_income_changes(commit, django_assert_max_num_queries):
    today = timezone.localdate()
    last_year = date(financial_year_of(today) - 1, 6, 1)
    IncomeFactory(source="grant", amount=Decimal("1000"), received_on=last_year)
    assert yearly_figures(10)[-2].total == Decimal("1000")
    with django_assert_max_num_queries(1):  # only the current year is summed live
        yearly_figures(10)
    with commit():
        IncomeFactory(source="subscription", amount=Decimal("500"), received_on=last_year)
    figures = yearly_figures(10)
    assert figures[-2].total == Decimal("1500") and figures[-2].earned == Decimal("500")
