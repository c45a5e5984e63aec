"""Surveys for tests: `make_survey()` builds one with a question of every type."""

import factory

from coalition.surveys.models import Choice, Collector, Question, Section, Survey
from coalition.surveys.services.building import public_collector

T = Question.Type


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Commissioning and community groups {n}")
    slug = factory.Sequence(lambda n: f"commissioning-{n}")
    intro = "How has **commissioning** changed your work?"
    status = Survey.Status.OPEN
    layout = Survey.Layout.ONE_PAGE


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


def question(section, kind, name, label=None, choices=(), order=None, **extra) -> Question:
    q = Question.objects.create(
        survey=section.survey,
        section=section,
        type=kind,
        name=name,
        label=label or name.replace("_", " ").capitalize(),
        order=order if order is not None else section.questions.count() + 1,
        **extra,
    )
    for n, (code, text) in enumerate(choices):
        Choice.objects.create(question=q, value=code, label=text, order=n)
    return q


FUNDING = [("grants", "Grants"), ("contracts", "Contracts"), ("donations", "Donations")]
WORRIES = [("cuts", "Cuts"), ("paperwork", "Paperwork"), ("competition", "Competition")]


def make_survey(layout=Survey.Layout.ONE_PAGE, **kwargs) -> Survey:
    """Two sections and a question of every type; the second section shows only for
    organisations funded by contracts."""
    survey = SurveyFactory(layout=layout, **kwargs)
    about = Section.objects.create(survey=survey, title="About your group", order=1)
    question(
        about,
        T.SINGLE,
        "funding",
        "Where does most of your money come from?",
        FUNDING,
        required=True,
    )
    question(
        about,
        T.NUMBER,
        "staff",
        "How many paid staff?",
        min_value=0,
        max_value=500,
        error_message="Enter a number from 0 to 500.",
    )
    question(about, T.SHORT_TEXT, "name", "Your group's name", max_length=40)
    question(about, T.POSTCODE, "postcode", "Postcode")
    question(about, T.EMAIL, "email", "Email")
    question(about, T.DATE, "founded", "When was it founded?")
    question(about, T.CONSENT, "consent", "I agree to take part", required=True)
    contracts = Section.objects.create(
        survey=survey, title="Contracts", order=2, show_if="${funding} = 'contracts'"
    )
    question(contracts, T.MULTIPLE, "worries", "What worries you?", WORRIES)
    question(
        contracts,
        T.SCALE,
        "impact",
        "Impact of commissioning",
        scale_min=1,
        scale_max=5,
        scale_min_label="Very bad",
        scale_max_label="Very good",
    )
    question(
        contracts, T.MATRIX, "ratings", "Rate these", rows="voice|Our voice\naction|Our action"
    )
    question(contracts, T.RANKING, "priorities", "Rank these", FUNDING)
    question(contracts, T.LONG_TEXT, "story", "Tell us more", show_if="${impact} <= 2")
    public_collector(survey)
    return survey


class CollectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collector

    survey = factory.SubFactory(SurveyFactory)
    name = factory.Sequence(lambda n: f"Collector {n}")


GOOD = {
    "funding": "contracts",
    "staff": "12",
    "name": "Adur Voluntary Action",
    "postcode": "bn43 5fa",
    "email": "info@example.org",
    "founded": "1998-04-01",
    "consent": "on",
    "worries": ["cuts", "paperwork"],
    "impact": "2",
    "ratings__voice": "2",
    "ratings__action": "3",
    "priorities__grants": "1",
    "priorities__contracts": "3",
    "priorities__donations": "2",
    "story": "We lost our grant to a national provider.",
}
