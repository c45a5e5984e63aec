"""The demo data of governance, programme and enquiries loads from the seeds, twice."""

from datetime import date

import pytest
from django.core.management import call_command

from coalition.enquiries.models import Enquiry
from coalition.governance.models import Ballot, Meeting, PriorityRound
from coalition.programme.models import FundingApplication, Income, Project

pytestmark = pytest.mark.django_db


def test_the_demo_loads_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
    counts = (
        Meeting.objects.count(),
        Ballot.objects.count(),
        Income.objects.count(),
        Enquiry.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert (
        Meeting.objects.count(),
        Ballot.objects.count(),
        Income.objects.count(),
        Enquiry.objects.count(),
    ) == counts

    planning = Meeting.objects.get(body__slug="planning-group", starts_at__date=date(2010, 2, 25))
    assert (
        planning.minutes_published and planning.actions.count() >= 3 and planning.decisions.exists()
    )
    page = client.get("/decisions/").content.decode()
    assert "Add personalisation and self-directed support" in page
    assert "West Sussex" in client.get(planning.get_absolute_url()).content.decode()

    done = PriorityRound.objects.get(slug="priorities-2010")
    assert done.results_published and done.count["ballots"] == done.ballots.count() > 0
    assert "Round 1" in client.get(done.get_absolute_url()).content.decode()

    assert Project.objects.count() == 10
    grant = FundingApplication.objects.get(funder__name="Network for Social Change")
    assert grant.amount_granted == 3300 and grant.payments.get().amount == 3300
    assert FundingApplication.objects.filter(funder__name="City Parochial Foundation").exists()
    assert Income.objects.filter(source="subscription", subscription__isnull=False).exists()
    assert Income.objects.filter(source="tender_fee").exists()
    assert Enquiry.objects.filter(status="new").exists()
