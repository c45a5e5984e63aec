"""UK postcodes: checking the format, writing them the standard way, and their parts.

    normalise_postcode(" sw1a1aa ") -> "SW1A 1AA"   (ValueError if not a UK postcode)
    postcode_district("SW1A 1AA") -> "SW1A"        (the outward code)
    postcode_area("SW1A 1AA") -> "SW"              (the letters at the start)

The format check follows the Royal Mail's rules for the outward and inward
codes (it does not look the postcode up, so a well-formed postcode that does
not exist passes). GIR 0AA, the one historic exception, is accepted.
"""

import re

from django.core.exceptions import ValidationError

POSTCODE = re.compile(
    r"^(?P<outward>GIR|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?))"
    r"\s*(?P<inward>\d[ABD-HJLNP-UW-Z]{2})$"
)
MESSAGE = "Enter a UK postcode, like SW1A 1AA."


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = POSTCODE.match(compact)
    if not match:
        raise ValueError(MESSAGE)
    return f"{match['outward']} {match['inward']}"


def postcode_district(postcode: str) -> str:
    return normalise_postcode(postcode).split(" ")[0]


def postcode_area(postcode: str) -> str:
    return re.match(r"[A-Z]+", postcode_district(postcode))[0]


def validate_uk_postcode(value: str) -> None:
    try:
        normalise_postcode(value)
    except ValueError:
        raise ValidationError(MESSAGE, code="invalid_postcode") from None
