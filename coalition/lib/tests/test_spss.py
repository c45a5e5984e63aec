"""The SPSS writer's child process, read back with pyreadstat."""

import math

import pyreadstat
import pytest

from coalition.lib import spss

DICTIONARY = {
    "file_label": "Groups and contracts",
    "notes": ["A note"],
    "variables": [
        {"name": "id", "label": "Response", "kind": "numeric", "measure": "scale"},
        {
            "name": "funding",
            "label": "Main source of money",
            "kind": "numeric",
            "value_labels": {"1": "Grants", "2": "Contracts"},
            "measure": "nominal",
            "format": "F8.0",
        },
        {"name": "story", "label": "Tell us more", "kind": "text", "measure": "nominal"},
        {"name": "founded", "label": "Founded", "kind": "date", "measure": "scale"},
    ],
}


def test_the_child_writes_every_case_with_its_labels(tmp_path):
    path = tmp_path / "out.sav"
    with spss.Writer(path, DICTIONARY) as writer:
        writer.write([1, 2, "We lost our grant – and café", "1998-04-01"])
        for n in range(2, 1202):  # more than one batch
            writer.write([n, None, "", None])
    assert writer.count == 1201

    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 1201
    assert meta.file_label == "Groups and contracts"
    assert meta.notes == ["A note"]
    assert meta.variable_value_labels == {"funding": {1: "Grants", 2: "Contracts"}}
    assert meta.column_names_to_labels["story"] == "Tell us more"
    first = frame.iloc[0]
    assert first["funding"] == 2 and first["story"] == "We lost our grant – and café"
    assert str(first["founded"]) == "1998-04-01"
    assert math.isnan(frame.iloc[1]["funding"])


def test_a_failed_write_is_an_error_not_a_file(tmp_path):
    path = tmp_path / "missing-folder" / "out.sav"
    with pytest.raises(spss.SpssError), spss.Writer(path, DICTIONARY) as writer:
        writer.write([1, 1, "x", None])
    assert not path.exists()


def test_a_case_of_the_wrong_shape_is_an_error(tmp_path):
    with pytest.raises(spss.SpssError), spss.Writer(tmp_path / "out.sav", DICTIONARY) as writer:
        writer.write([1, 1])
