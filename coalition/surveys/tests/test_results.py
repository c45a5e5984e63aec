"""The numbers of filtered results and cross-tabs, against answers counted by hand."""

import pytest
from django.urls import reverse

from coalition.surveys.models import Collector
from coalition.surveys.services import answering, results
from coalition.surveys.services.results import Filters
from coalition.surveys.tests.factories import GOOD, make_survey

pytestmark = pytest.mark.django_db


def _answer(client, url, **changes):
    assert client.post(url, {**GOOD, **changes}).status_code == 303


@pytest.fixture
def answered(client, organisation):
    survey = make_survey()
    member = Collector.objects.create(survey=survey, name="Adur", organisation=organisation)
    own = reverse("surveys:survey", args=[survey.slug])
    _answer(client, member.get_absolute_url())  # contracts, impact 2, cuts + paperwork, 12
    _answer(client, member.get_absolute_url(), impact="5", worries=["cuts"], staff="30")
    _answer(client, own, funding="grants", impact="5", staff="4")
    return survey, member


def _summary(survey, **filters):
    struct = answering.structure(survey)
    by_name = struct.by_name
    data = results.summary(survey, struct.questions, Filters(**filters))
    return data, {name: q.pk for name, q in by_name.items()}


def test_filter_by_an_answer_counts_only_the_responses_that_gave_it(answered):
    survey, member = answered
    data, q = _summary(survey, question="impact", code="5")
    assert data["total"] == 1
    assert data["counts"][q["worries"]] == {(0, "cuts"): {None: 1}}
    assert data["counts"][q["ratings"]] == {(1, "2"): {None: 1}, (2, "3"): {None: 1}}
    assert data["numbers"][q["staff"]] == {"n": 1, "mean": 30.0, "low": 30.0, "high": 30.0}
    data, q = _summary(survey, question="funding", code="contracts")
    assert data["total"] == 2
    assert data["counts"][q["worries"]] == {(0, "cuts"): {None: 2}, (0, "paperwork"): {None: 1}}
    assert data["numbers"][q["staff"]] == {"n": 2, "mean": 21.0, "low": 12.0, "high": 30.0}
    assert data["by_collector"] == [("Adur", 2)]
    assert (
        _summary(survey, question="funding", code="contracts", collector=member.pk)[0]["total"] == 2
    )
    public = survey.collectors.exclude(pk=member.pk).get()
    assert (
        _summary(survey, question="funding", code="contracts", collector=public.pk)[0]["total"] == 0
    )


def test_crosstab_splits_every_answer_by_the_chosen_question(answered):
    survey, member = answered
    data, q = _summary(survey, by="funding")
    assert data["total"] == 3
    assert data["counts"][q["consent"]] == {(0, "yes"): {"contracts": 2, "grants": 1}}
    assert data["counts"][q["worries"]] == {
        (0, "cuts"): {"contracts": 2},
        (0, "paperwork"): {"contracts": 1},
    }
    data, q = _summary(survey, by="funding", collector=member.pk)
    assert data["total"] == 2
    assert data["counts"][q["impact"]] == {(0, "2"): {"contracts": 1}, (0, "5"): {"contracts": 1}}
    data, q = _summary(survey, by="worries", question="impact", code="5")
    assert data["total"] == 1
    assert data["counts"][q["funding"]] == {(0, "contracts"): {"cuts": 1}}
