"""Checks on research items' fields: DOI, year and uploaded PDF.

normalise_doi("https://doi.org/10.1000/ABC")  -> "10.1000/abc"
validate_doi("10.1000/abc")                    # raises ValidationError when malformed
validate_year(2009)
validate_pdf(uploaded_file)                    # by content, never by name
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from coalition.lib.uploads import validate_document

# A DOI is "10." + a registrant code of 4-9 digits (optionally dotted) + "/" + a suffix.
DOI_RE = re.compile(r"^10\.\d{4,9}(\.\d+)*/[^\s]+$")
DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
    "doi ",
)
EARLIEST_YEAR = 1800


def normalise_doi(value: str) -> str:
    """The DOI without a resolver prefix, lower-cased (DOIs are case-insensitive)."""
    doi = (value or "").strip()
    lowered = doi.lower()
    for prefix in DOI_PREFIXES:
        if lowered.startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    return doi.lower()


def validate_doi(value: str) -> None:
    if value and not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(
            "This is not a DOI. A DOI looks like 10.1234/abcd.5678 "
            "(you may paste it as https://doi.org/10.1234/abcd.5678).",
            code="invalid_doi",
        )


def latest_year() -> int:
    return timezone.now().year + 1


def validate_year(value) -> None:
    if value is None:
        return
    if not EARLIEST_YEAR <= int(value) <= latest_year():
        raise ValidationError(
            f"Enter the year of publication, between {EARLIEST_YEAR} and {latest_year()}.",
            code="invalid_year",
        )


def validate_pdf(file) -> None:
    """An uploaded research document must be a PDF, by its content."""
    validate_document(
        file,
        kinds=("pdf",),
        max_bytes=getattr(settings, "RESEARCH_FILE_MAX_BYTES", None) or settings.UPLOAD_MAX_BYTES,
    )
