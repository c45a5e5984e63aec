"""A person who has done a bit of everything, among others, for the export and erasure tests."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from coalition.campaigns import services as campaigns
from coalition.campaigns.models import Action, Participation
from coalition.campaigns.tests.factories import ActionFactory
from coalition.enquiries.models import Enquiry, Message
from coalition.events.models import Registration
from coalition.events.services.registrations import register
from coalition.events.tests.factories import EventFactory
from coalition.mailings.models import Delivery, Subscriber, Subscription
from coalition.mailings.tests.factories import BulletinFactory, MailingListFactory
from coalition.members.models import Affiliation, Application, Person
from coalition.members.tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    UserFactory,
)
from coalition.surveys.models import Survey
from coalition.surveys.tests.factories import GOOD, make_survey

EMAIL = "rosa.ferreira@example.net"


@dataclass
class World:
    user: object
    action: Action
    survey: Survey
    occurrence: object
    bulletin: object
    organisation: object


def sign(action, name, email, confirm=True):
    outcome = campaigns.take_part(
        action, {"name": name, "email": email, "postcode": "NG1 5FS"}, consent_wording=""
    )
    if confirm:
        campaigns.confirm(outcome.participation)
    return outcome.participation


def build(client) -> World:
    user = UserFactory(email=EMAIL, first_name="Rosa", last_name="Ferreira")
    organisation = OrganisationFactory()
    person = Person.objects.create(name="Rosa Ferreira", email=EMAIL, user=user, phone="0115 000")
    Affiliation.objects.create(person=person, organisation=organisation, role="Chief Officer")
    ApplicationFactory(contact_name="Rosa Ferreira", contact_email=EMAIL)

    action = ActionFactory(status=Action.Status.OPEN)
    sign(action, "Rosa Ferreira", EMAIL)
    for n in range(3):
        sign(action, f"Signer {n}", f"signer{n}@example.org")
    sign(action, "Not yet", "later@example.org", confirm=False)
    campaigns.reconcile_counts(now=timezone.now() + timezone.timedelta(minutes=5))

    survey = make_survey(mode=Survey.Mode.IDENTIFIED)
    url = reverse("surveys:survey", args=[survey.slug])
    client.force_login(user)
    assert client.post(url, {**GOOD, "email": EMAIL, "story": "Rosa here."}).status_code == 303
    client.logout()
    assert client.post(url, {**GOOD, "impact": "5"}).status_code == 303

    event = EventFactory(capacity=10)
    occurrence = event.occurrences.get()
    mine = register(
        occurrence.pk, name="Rosa Ferreira", email=EMAIL, user=user, access_needs="Hearing loop"
    )
    register(occurrence.pk, name="Sam Other", email="sam@example.org")
    Registration.objects.filter(pk=mine.pk).update(attended=True)

    mailing_list = MailingListFactory()
    subscriber = Subscriber.objects.create(email=EMAIL, name="Rosa", user=user)
    Subscription.objects.create(
        subscriber=subscriber, mailing_list=mailing_list, status="subscribed"
    )
    other = Subscriber.objects.create(email="other@example.org")
    bulletin = BulletinFactory(mailing_list=mailing_list)
    Delivery.objects.create(bulletin=bulletin, subscriber=subscriber, email=EMAIL, status="sent")
    Delivery.objects.create(bulletin=bulletin, subscriber=other, email=other.email, status="sent")

    enquiry = Enquiry.objects.create(
        topic="other",
        subject="Funding question",
        message=f"Please reply to {EMAIL.upper()}, thanks, Rosa",
        name="Rosa Ferreira",
        email=EMAIL,
    )
    Message.objects.create(enquiry=enquiry, kind="inbound", sender=EMAIL, body="More from me")
    return World(user, action, survey, occurrence, bulletin, organisation)


def totals(world: World) -> dict:
    from coalition.surveys.services import answering, results
    from coalition.surveys.services.results import Filters

    world.action.refresh_from_db()
    struct = answering.structure(world.survey, cached=False)
    summary = results.summary(world.survey, struct.questions, Filters())
    return {
        "petition (public count)": campaigns.public_count(world.action),
        "petition (confirmed_count)": world.action.confirmed_count,
        "petition rows confirmed": Participation.objects.filter(
            action=world.action, status="confirmed"
        ).count(),
        "survey responses": summary["total"],
        "survey counts": repr(sorted(summary["counts"].items())),
        "survey numbers": repr(sorted(summary["numbers"].items())),
        "attendance confirmed": Registration.objects.filter(
            occurrence=world.occurrence, status="confirmed"
        ).count(),
        "attended": Registration.objects.filter(occurrence=world.occurrence, attended=True).count(),
        "deliveries sent": Delivery.objects.filter(bulletin=world.bulletin, status="sent").count(),
        "applications": Application.objects.count(),
    }


def where_address_appears(email: str) -> list[str]:
    """Every (table.column) of the registry's tables holding the address in its text."""
    from coalition.privacy.registry import covered_models, text_columns

    hits = []
    for model in covered_models():
        for f in text_columns(model):
            if model.objects.filter(**{f"{f.name}__icontains": email}).exists():
                hits.append(f"{model._meta.label}.{f.name}")
    return hits
