from datetime import timedelta

import factory
from django.utils import timezone

from coalition.governance.models import (
    ActionItem,
    AgendaItem,
    Body,
    Decision,
    Meeting,
    PriorityRound,
    Proposal,
)
from coalition.members.tests.factories import PersonFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Working Group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    kind = Body.Kind.OTHER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    visibility = "public"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Item {n}")
    visibility = "public"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Do thing {n}")
    owner = factory.SubFactory(PersonFactory)
    due = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=2))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    text = "We agreed."
    rationale = "Because."
    visibility = "public"


class RoundFactory(factory.django.DjangoModelFactory):
    """A round in its voting stage unless told otherwise."""

    class Meta:
        model = PriorityRound

    title = factory.Sequence(lambda n: f"Priorities {n}")
    slug = factory.Sequence(lambda n: f"priorities-{n}")
    proposals_close_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    voting_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    voting_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    case = "It matters."
