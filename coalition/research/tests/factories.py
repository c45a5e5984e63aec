from datetime import timedelta

import factory
from django.utils import timezone

from coalition.research.models import (
    EvidenceRequest,
    Institution,
    LearningOpportunity,
    Researcher,
    ResearchGap,
    ResearchItem,
)


class ResearchItemFactory(factory.django.DjangoModelFactory):
    """A published report, an hour old."""

    class Meta:
        model = ResearchItem

    title = factory.Sequence(lambda n: f"Commissioning and the community sector {n}")
    slug = factory.Sequence(lambda n: f"commissioning-study-{n}")
    item_type = ResearchItem.Type.REPORT
    year = 2009
    summary = "How commissioning changed small community groups."
    abstract = "We asked community groups in West Sussex about commissioning."
    key_findings = "Grants fell by a third\nSmall groups lost out"
    url = factory.Sequence(lambda n: f"https://research.example.org/{n}/")
    status = ResearchItem.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University {n}")
    slug = factory.Sequence(lambda n: f"university-{n}")
    expertise = "voluntary action, community development"


class ResearcherFactory(factory.django.DjangoModelFactory):
    """An active researcher in the network, with an account and a public profile."""

    class Meta:
        model = Researcher

    user = factory.SubFactory("coalition.members.tests.factories.UserFactory")
    name = factory.Sequence(lambda n: f"Dr Researcher {n}")
    slug = factory.Sequence(lambda n: f"researcher-{n}")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "r@example.org")
    institution = factory.SubFactory(InstitutionFactory)
    expertise = "commissioning, funding regimes, voluntary action"
    public_profile = True
    status = Researcher.Status.ACTIVE


class ResearchGapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResearchGap

    title = factory.Sequence(lambda n: f"What does commissioning do to advocacy? ({n})")
    description = "Groups under contract say they campaign less. Is it so?"


class EvidenceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceRequest

    asker = factory.SubFactory("coalition.members.tests.factories.UserFactory")
    asker_name = "Pat Activist"
    title = "Evidence on the effects of commissioning"
    description = "For a council meeting on funding small groups: what does commissioning do?"


class LearningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningOpportunity

    title = factory.Sequence(lambda n: f"Seminar on research findings {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    summary = "Members and researchers reflect on the latest findings."
    status = LearningOpportunity.Status.PUBLISHED
