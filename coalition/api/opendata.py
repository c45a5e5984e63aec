"""Open data: the public directory, events and the research library, as CSV.

Each dataset says its columns and yields its rows; the view streams them (with cells
that would start a spreadsheet formula made safe). Another app adds its own with
`DATASETS[name] = Dataset(...)` from its AppConfig.ready.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    header: list[str]
    rows: Callable[[], Iterable[list]]

    @property
    def filename(self) -> str:
        return f"{self.name}-{timezone.localdate():%Y-%m-%d}.csv"


def _url(path: str) -> str:
    return settings.SITE_URL + path


def organisation_rows():
    from coalition.members.models import Organisation

    queryset = Organisation.objects.listed().prefetch_related("themes", "regions").order_by("name")
    for organisation in queryset.iterator(chunk_size=500):
        yield [
            organisation.name,
            organisation.short_name,
            organisation.website,
            organisation.description,
            "; ".join(t.name for t in organisation.themes.all()),
            "; ".join(r.name for r in organisation.regions.all()),
            organisation.charity_number,
            organisation.company_number,
            _url(organisation.get_absolute_url()),
        ]


def event_rows():
    from coalition.events.models import Occurrence

    queryset = (
        Occurrence.objects.public().filter(event__status="published").order_by("starts_at", "pk")
    )
    for occurrence in queryset.iterator(chunk_size=500):
        event = occurrence.event
        yield [
            event.title,
            timezone.localtime(occurrence.starts_at).isoformat(),
            timezone.localtime(occurrence.ends_at).isoformat(),
            event.get_event_type_display(),
            event.organiser.name if event.organiser else "",
            event.get_attendance_display(),
            event.venue,
            event.postcode,
            event.region.name if event.region else "",
            "yes" if occurrence.is_cancelled else "no",
            _url(occurrence.get_absolute_url()),
        ]


def research_rows():
    from coalition.research.models import ResearchItem

    queryset = (
        ResearchItem.objects.published()
        .select_related("organisation")
        .prefetch_related("themes", "authorships__author")
    )
    for item in queryset.iterator(chunk_size=500):
        yield [
            item.title,
            "; ".join(item.author_names),
            item.year or "",
            item.get_item_type_display(),
            item.publisher,
            item.organisation.name if item.organisation else "",
            "; ".join(t.name for t in item.themes.all()),
            item.summary,
            item.doi,
            item.url,
            "yes" if item.open_access else "no",
            item.get_licence_display() if item.licence else "",
            _url(item.get_absolute_url()),
        ]


DATASETS: dict[str, Dataset] = {
    "organisations": Dataset(
        "organisations",
        "Member organisations",
        "The public directory: every current member, with its themes and regions.",
        [
            "name",
            "short name",
            "website",
            "description",
            "themes",
            "regions",
            "charity number",
            "company number",
            "page",
        ],
        organisation_rows,
    ),
    "events": Dataset(
        "events",
        "Events",
        "Every date of every published event, past and to come.",
        [
            "title",
            "starts",
            "ends",
            "type",
            "organiser",
            "attendance",
            "venue",
            "postcode",
            "region",
            "cancelled",
            "page",
        ],
        event_rows,
    ),
    "research": Dataset(
        "research",
        "Research library",
        "Every published item of the research library, with its authors and where to find it.",
        [
            "title",
            "authors",
            "year",
            "type",
            "publisher",
            "organisation",
            "themes",
            "summary",
            "DOI",
            "link",
            "open access",
            "licence",
            "page",
        ],
        research_rows,
    ),
}
