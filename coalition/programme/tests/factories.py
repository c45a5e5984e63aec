from datetime import date
from decimal import Decimal

import factory

from coalition.programme.models import (
    Funder,
    FundingApplication,
    GrantReport,
    Income,
    Project,
    Tender,
)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    summary = "What it is about."


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Trust {n}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingApplication

    funder = factory.SubFactory(FunderFactory)
    title = factory.Sequence(lambda n: f"Application {n}")
    amount_asked = Decimal("5000")


class GrantReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantReport

    application = factory.SubFactory(ApplicationFactory)
    title = "Final report"
    due = date(2030, 1, 1)


class TenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tender

    title = factory.Sequence(lambda n: f"Tender {n}")
    client = "West Sussex County Council"
    contract_value = Decimal("40000")
    management_fee = Decimal("4000")


class IncomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Income

    source = Income.Source.DONATION
    amount = Decimal("100")
    received_on = date(2010, 5, 1)
