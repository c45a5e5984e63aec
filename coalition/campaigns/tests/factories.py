"""Factories for every campaigns model (shared by the pages' and the actions' tests)."""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from coalition.campaigns.models import (
    Action,
    Campaign,
    CampaignTip,
    DecisionMaker,
    EvidenceItem,
    Letter,
    Material,
    Participation,
    PartnerLink,
)
from coalition.campaigns.services import normalise_email
from coalition.lib.postcodes import postcode_area, postcode_district
from coalition.members.tests.factories import OrganisationFactory

# A tiny valid PDF, enough for the upload checks (detected by content).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Funding the Community Sector {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    policy_area = "Funding of the community sector"
    goal = "Secure fair, long-term funding for community organisations across England."
    summary = "Community groups are losing the funding that keeps their doors open."
    body = "Local groups do work nobody else does. **They need funding that lasts.**"
    status = Campaign.Status.ACTIVE
    lead_organisation = factory.SubFactory(OrganisationFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceItem

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"The state of local funding {n}")
    source = "Community Sector Coalition, 2009"
    url = "https://www.example.org/reports/funding"
    summary = "Two in five community groups lost a funder in the last year."


class CampaignTipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTip

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Meet your councillor {n}")
    body = "Ask for fifteen minutes at their surgery and bring one local story."


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Campaign briefing {n}")
    description = "A two-page briefing for trustees."
    file = factory.django.FileField(filename="briefing.pdf", data=PDF_BYTES)


class ActionFactory(factory.django.DjangoModelFactory):
    """An open petition by default; use PledgeFactory or LetterActionFactory for the others."""

    class Meta:
        model = Action

    campaign = factory.SubFactory(CampaignFactory)
    kind = Action.Kind.PETITION
    title = factory.Sequence(lambda n: f"Protect local funding {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    intro = "Councils are cutting grants to the groups that hold communities together."
    status = Action.Status.OPEN
    goal = 1000
    target = "The Secretary of State for Communities"
    text = "We call on the Government to guarantee three-year funding for community groups."


PetitionFactory = ActionFactory


class PledgeFactory(ActionFactory):
    kind = Action.Kind.PLEDGE
    title = factory.Sequence(lambda n: f"Pledge to speak up {n}")
    target = ""
    text = "We will raise the loss of advocacy at our next board meeting."


class LetterActionFactory(ActionFactory):
    kind = Action.Kind.LETTER
    title = factory.Sequence(lambda n: f"Write to your council leader {n}")
    target = ""
    text = ""
    letter_subject = "Keep funding our community groups"
    letter_body = (
        "Dear Councillor,\n\nCommunity groups in our area depend on your council's "
        "grants. Please protect them in this year's budget.\n\nYours sincerely,"
    )


class PartnerLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerLink

    action = factory.SubFactory(ActionFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A pending participation; pass status=CONFIRMED (confirmed_at is then set) to count it."""

    class Meta:
        model = Participation

    action = factory.SubFactory(ActionFactory)
    name = factory.Sequence(lambda n: f"Supporter {n}")
    email = factory.Sequence(lambda n: f"supporter{n}@example.net")
    email_normalised = factory.LazyAttribute(lambda o: normalise_email(o.email))
    postcode = "NG1 5FS"
    postcode_district = factory.LazyAttribute(lambda o: postcode_district(o.postcode))
    postcode_area = factory.LazyAttribute(lambda o: postcode_area(o.postcode))
    status = Participation.Status.PENDING
    confirmed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Participation.Status.CONFIRMED else None
    )


class DecisionMakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionMaker

    action = factory.SubFactory(LetterActionFactory)
    name = factory.Sequence(lambda n: f"Councillor Alex Morgan {n}")
    role = "Leader of the Council"
    body = "Nottingham City Council"
    email = factory.Sequence(lambda n: f"leader{n}@council.example.gov.uk")
    postcode_districts = ""


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    participation = factory.SubFactory(
        ParticipationFactory, action=factory.SelfAttribute("..decision_maker.action")
    )
    decision_maker = factory.SubFactory(DecisionMakerFactory)
    subject = "Keep funding our community groups"
    body = "Dear Councillor,\n\nPlease protect community grants.\n\nYours sincerely,"
