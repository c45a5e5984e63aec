import pytest
from django.core.exceptions import ValidationError

from coalition.lib.postcodes import (
    normalise_postcode,
    postcode_area,
    postcode_district,
    validate_uk_postcode,
)


@pytest.mark.parametrize(
    "typed, written",
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" NG1  5FS ", "NG1 5FS"),
        ("m1 1ae", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_well_formed_postcodes_are_written_the_standard_way(typed, written):
    assert normalise_postcode(typed) == written


@pytest.mark.parametrize(
    "typed",
    ["", "SW1A", "12345", "SW1A 1A", "QW1 1AA", "SW1A 1CA", "NG1 5FSX", "=cmd|' /C calc'!A0"],
)
def test_malformed_postcodes_are_refused(typed):
    with pytest.raises(ValueError):
        normalise_postcode(typed)
    with pytest.raises(ValidationError) as error:
        validate_uk_postcode(typed)
    assert error.value.messages == ["Enter a UK postcode, like SW1A 1AA."]


def test_district_and_area():
    assert postcode_district("ng7 2rd") == "NG7"
    assert postcode_area("ng7 2rd") == "NG"
    assert postcode_district("EC1A 1BB") == "EC1A"
    assert postcode_area("M1 1AE") == "M"
