"""What the API sends and accepts (pydantic models through django-ninja)."""

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, field_validator

from coalition.api.pagination import Page

NUMBER = re.compile(r"^\s*[-+]?\d+(\.\d+)?\s*$")


def _iso_only(value):
    """Dates and times as ISO 8601 text, not numbers (pydantic would read 0.5 as 1970)."""
    if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.match(value)):
        raise ValueError("Give a date and time like 2027-03-01T10:00:00Z.")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]

NUL_MESSAGE = "Text must not contain the NUL character (U+0000)."


def _refuse_nul(value):
    """PostgreSQL refuses NUL in text, so it is a field error here, not a 500 there."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    if isinstance(value, list | tuple):
        for item in value:
            _refuse_nul(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    return value


# A slug in a path: `def event(request, slug: Slug)`.
Slug = Annotated[str, AfterValidator(_refuse_nul)]


class Input(Schema):
    """What every schema read from a request (a body, a query's filters) is built on."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        return _refuse_nul(value)


class Named(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    website: str
    description: str
    themes: list[Named]
    regions: list[Named]
    url: str
    logo: str | None


class OrganisationPage(Page):
    results: list[OrganisationOut]


class Ref(Schema):
    slug: str
    name: str
    url: str


class OccurrenceOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    cancelled: bool
    full: bool
    note: str


class EventOut(Schema):
    slug: str
    title: str
    summary: str
    description: str
    event_type: str
    status: str
    organiser: Ref | None
    themes: list[Named]
    region: Named | None
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    attendance: str
    venue: str
    postcode: str
    online: bool
    registration_enabled: bool
    url: str
    ical: str
    dates: list[OccurrenceOut]


class EventPage(Page):
    results: list[EventOut]


class NewsOut(Schema):
    slug: str
    title: str
    summary: str
    body_html: str
    organisation: Ref | None
    themes: list[Named]
    published_at: datetime
    image: str | None
    url: str


class NewsPage(Page):
    results: list[NewsOut]


class ActionOut(Schema):
    slug: str
    kind: str
    title: str
    status: str
    is_open: bool
    closes_at: datetime | None
    goal: int | None
    count: int
    url: str


class CampaignOut(Schema):
    slug: str
    title: str
    status: str
    policy_area: str
    goal: str
    summary: str
    themes: list[Named]
    lead_organisation: Ref | None
    starts_on: date
    ends_on: date | None
    url: str
    actions: list[ActionOut]


class CampaignPage(Page):
    results: list[CampaignOut]


class ResearchOut(Schema):
    slug: str
    title: str
    item_type: str
    authors: list[str]
    publisher: str
    year: int | None
    summary: str
    abstract: str
    key_findings: list[str]
    themes: list[Named]
    organisation: Ref | None
    doi: str | None
    link: str | None
    file: str | None
    licence: str
    open_access: bool
    published_at: datetime
    url: str


class ResearchPage(Page):
    results: list[ResearchOut]


class SurveyOut(Schema):
    slug: str
    title: str
    status: str
    opens_at: datetime | None
    closes_at: datetime | None
    url: str
    results_url: str


class SurveyPage(Page):
    results: list[SurveyOut]


class OptionCount(Schema):
    code: str | None = Field(description="The answer's code (null for ranked items).")
    label: str
    n: int | None = Field(description="How many chose it (for a ranking: how many ranked it).")
    percent: float | None = Field(description="Of all responses (null where not meaningful).")


class RowResult(Schema):
    label: str
    answered: int
    mean: float | None = Field(description="Mean scale point, or mean rank (1 = first).")
    counts: list[int] = Field(description="For a matrix: how many chose each scale point.")


class QuestionResult(Schema):
    name: str
    label: str
    type: str
    kind: str = Field(description="counts, matrix or ranking.")
    options: list[OptionCount]
    rows: list[RowResult] = Field(description="Matrix rows, or ranked items best first.")


class SurveyResultsOut(SurveyOut):
    responses: int
    suppressed: bool
    smallest_group_shown: int
    region: str | None
    questions: list[QuestionResult]


class Me(Schema):
    organisation: Ref
    token: str = Field(description="The token's name and its first characters.")


# --- Writing ------------------------------------------------------------------------------


class NewsIn(Input):
    title: str = Field(max_length=200)
    summary: str = Field(max_length=300)
    body: str = Field("", max_length=50000, description="Markdown; sanitised on the site.")
    themes: list[str] = Field([], max_length=20, description="Theme slugs (see /api/themes).")


class EventIn(Input):
    title: str = Field(max_length=200)
    summary: str = Field(max_length=300)
    description: str = Field("", max_length=50000, description="Markdown.")
    event_type: str = Field("member-event", max_length=30)
    themes: list[str] = Field([], max_length=20)
    region: str | None = Field(None, max_length=60, description="A region slug.")
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    all_day: bool = False
    attendance: str = Field("in-person", max_length=20)
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=1000)
    postcode: str = Field("", max_length=10)
    online_url: str = Field("", max_length=500)
    contact_email: str = Field(max_length=254)


class Submitted(Schema):
    id: int
    status: str = Field(description="“submitted”: waiting for the coalition's staff.")
    title: str
    message: str


class ThemeOut(Schema):
    slug: str
    name: str
