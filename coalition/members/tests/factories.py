from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.models import Region, Theme
from coalition.members.models import (
    Affiliation,
    Application,
    ExecutiveSeat,
    Membership,
    MembershipType,
    Organisation,
    Person,
    Subscription,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipType
        django_get_or_create = ["slug"]

    name = "Full"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    annual_fee = Decimal("250.00")
    eligibility = "National organisations working mainly on behalf of the community sector."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community Network {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "A national network of community groups."
    website = "https://www.example.org/"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    type = factory.SubFactory(MembershipTypeFactory)
    status = Membership.Status.ACTIVE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))
    renewal_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=165))


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    membership = factory.SubFactory(MembershipFactory)
    period_start = factory.LazyAttribute(lambda o: o.membership.started_on)
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=364))
    amount = Decimal("250.00")
    due_date = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=30))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Chief Officer"
    is_representative = True


class ExecutiveSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutiveSeat

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory)
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    organisation_name = factory.Sequence(lambda n: f"Applicant Trust {n}")
    description = "We support community groups across England."
    contact_name = "Jan Crawley"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    contact_role = "Chief Officer"
    membership_type = factory.SubFactory(MembershipTypeFactory)
    is_voluntary_or_charitable = True
    works_england_wide = True
    works_mainly_for_community_sector = True
    supports_community_sector = True
    declaration = True


def application_form_data(membership_type: MembershipType, **overrides) -> dict:
    """What a person types into the join form for an eligible organisation."""
    data = {
        "organisation_name": "Neighbourhood Action Network",
        "description": "We support neighbourhood groups.",
        "contact_name": "Sam Patel",
        "contact_email": "sam.patel@example.org",
        "contact_role": "Chief Officer",
        "membership_type": membership_type.pk,
        "is_voluntary_or_charitable": "on",
        "works_england_wide": "on",
        "works_mainly_for_community_sector": "on",
        "supports_community_sector": "on",
        "declaration": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
