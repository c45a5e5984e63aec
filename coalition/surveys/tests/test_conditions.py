import pytest

from coalition.surveys import conditions


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("${funding} = 'contracts'", {"funding": "contracts"}, True),
        ("${funding} = 'contracts'", {"funding": "grants"}, False),
        ("${funding} = 'contracts'", {}, False),
        ("${staff} >= 5", {"staff": 12}, True),
        ("${staff} >= 5", {"staff": "3"}, False),
        ("${staff} > 5 and not(${funding} = 'grants')", {"staff": 9, "funding": "x"}, True),
        ("${a} = 'x' or ${b} = 'y'", {"b": "y"}, True),
        ("selected(${worries}, 'cuts')", {"worries": ["cuts", "paperwork"]}, True),
        ("selected(${worries}, 'cuts')", {"worries": ["paperwork"]}, False),
        ("answered(${postcode})", {"postcode": "BN43 5FA"}, True),
        ("answered(${postcode})", {}, False),
        ("${name} != ''", {"name": "Adur"}, True),
        ("(${a} = 1 or ${a} = 2) and ${b} < 3", {"a": 2, "b": 1}, True),
        ("", {}, True),
    ],
)
def test_conditions_evaluate(text, answers, expected):
    assert conditions.evaluate(conditions.parse(text), answers) is expected


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('ls')",
        "${a} = ",
        "${a} == 'x'",
        "open(${a})",
        "${a} = 'x' and",
        "(${a} = 'x'",
        "${a} = 'x' ; drop",
    ],
)
def test_anything_outside_the_language_is_refused(text):
    with pytest.raises(conditions.ConditionError):
        conditions.parse(text)


def test_a_condition_may_only_use_known_questions():
    conditions.check("${funding} = 'x'", {"funding"})
    with pytest.raises(conditions.ConditionError, match="later"):
        conditions.check("${later} = 'x'", {"funding"})
