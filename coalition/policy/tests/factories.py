from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from coalition.policy.models import (
    Comment,
    Development,
    MonitoredStatement,
    OtherBody,
    Position,
    Publication,
    Response,
    Section,
    SectionRevision,
)


class DevelopmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Development

    title = factory.Sequence(lambda n: f"Consultation on local governance {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Development.Kind.CONSULTATION
    issuer_kind = Development.IssuerKind.GOVERNMENT
    issuer = "Department for Communities and Local Government"
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    summary = "Proposals to devolve decisions to neighbourhoods."


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    development = factory.SubFactory(DevelopmentFactory)
    title = factory.Sequence(lambda n: f"Our joint response {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    introduction = "The coalition's members respond together."
    sign_until = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        skip_postgeneration_save = True

    response = factory.SubFactory(ResponseFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Question {n}")
    body = "Community groups need resources to take part."

    @factory.post_generation
    def first_revision(obj, create, extracted, **kwargs):
        if create:
            SectionRevision.objects.create(
                section=obj, version=1, heading=obj.heading, body=obj.body
            )


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    section = factory.SubFactory(SectionFactory)
    body = "We would add a sentence on small groups."


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Position {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    statement = "Grants, not contracts, for small community groups."
    rationale = "Contracts crowd out independent action."
    adopted_on = factory.LazyFunction(timezone.localdate)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Policy paper {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Publication.Kind.POLICY_PAPER
    summary = "What we found."
    external_url = "https://www.example.org/paper"
    published_on = factory.LazyFunction(timezone.localdate)


class OtherBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherBody
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"National body {n}")
    kind = OtherBody.Kind.NATIONAL


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoredStatement
        skip_postgeneration_save = True

    body = factory.SubFactory(OtherBodyFactory)
    text = "Commissioning brings choice."
    source_url = "https://www.example.org/speech"
    said_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
