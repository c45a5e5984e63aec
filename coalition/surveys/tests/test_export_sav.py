"""The SPSS export, read back with ReadStat (pyreadstat), the reader R's haven uses."""

import math

import pyreadstat
import pytest
from django.urls import reverse

from coalition.surveys.models import Collector
from coalition.surveys.services.exports import spss_names
from coalition.surveys.tests.factories import make_survey
from coalition.surveys.tests.test_staff import _answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


def _read(response, tmp_path):
    path = tmp_path / "export.sav"
    path.write_bytes(b"".join(response.streaming_content))
    return pyreadstat.read_sav(str(path))


def test_sav_export_has_every_response_with_variable_and_value_labels(
    admin, client, organisation, tmp_path
):
    survey = make_survey(title="Commissioning in West Sussex")
    adur = Collector.objects.create(survey=survey, name="Adur", organisation=organisation)
    _answer(client, survey, adur, worries=["cuts"], impact="5")
    _answer(client, survey, funding="grants", founded="")  # the contracts section is hidden

    response = admin.get(reverse("surveys:staff_export_sav", args=[survey.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-spss-sav"
    assert 'filename="commissioning' in response["Content-Disposition"]
    frame, meta = _read(response, tmp_path)
    assert len(frame) == 2
    assert meta.file_label == "Commissioning in West Sussex"
    assert meta.column_names[:4] == ["response", "collector", "organisation", "submitted"]
    labels = meta.column_names_to_labels
    assert labels["funding"] == "Where does most of your money come from?"
    assert labels["worries_cuts"] == "What worries you?: Cuts"
    assert labels["ratings_voice"] == "Rate these: Our voice"
    # Single choice: positions with the choices as value labels; scales keep their points.
    assert meta.variable_value_labels["funding"] == {1: "Grants", 2: "Contracts", 3: "Donations"}
    assert meta.variable_value_labels["impact"][5] == "5 – Very good"
    assert meta.variable_value_labels["consent"] == {0: "Not agreed", 1: "Agreed"}
    assert meta.variable_measure["impact"] == "ordinal"
    assert meta.variable_measure["staff"] == "scale"

    first, second = frame.to_dict("records")
    assert first["collector"] == "Adur" and first["organisation"] == organisation.name
    assert first["funding"] == 2 and first["staff"] == 12 and first["consent"] == 1
    assert (first["worries_cuts"], first["worries_paperwork"]) == (1, 0)
    assert first["impact"] == 5 and first["ratings_action"] == 3
    assert first["priorities_contracts"] == 3
    assert str(first["founded"]) == "1998-04-01"
    assert first["name"] == "Adur Voluntary Action"
    assert second["funding"] == 1
    # Hidden questions are missing (SYSMIS), not zero.
    assert math.isnan(second["worries_cuts"]) and math.isnan(second["impact"])
    assert second["story"] == ""


def test_sav_export_of_a_survey_with_no_responses(admin, tmp_path):
    survey = make_survey()
    response = admin.get(reverse("surveys:staff_export_sav", args=[survey.pk]))
    frame, meta = _read(response, tmp_path)
    assert len(frame) == 0 and "funding" in meta.column_names


def test_spss_names_follow_the_rules():
    assert spss_names(["q-1", "1st", "by", "Q_1", "q_1", "é", "a" * 80]) == [
        "q_1",
        "v1st",
        "by_",
        "Q_1_2",
        "q_1_3",
        "v_",
        "a" * 60,
    ]
