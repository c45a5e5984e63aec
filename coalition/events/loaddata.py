"""Generated events for load testing (`manage.py generate_load_data`, `make bench events`).

Five events per generated organisation (10,000 at scale M), spread from a year ago to two
years ahead: member events, workshops and training, in person, online or both, each with
its date. Slugs start with `load-` so they can be found and removed again.
"""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from coalition.core.models import Region, Theme
from coalition.events.models import Event, Occurrence, Registration

SLUG_PREFIX = "load-"
EVENTS_PER_ORGANISATION = 5
BATCH_SIZE = 2000

TOPICS = [
    "Funding our independence",
    "Community assets and buildings",
    "Volunteer managers' network",
    "Campaigning on a shoestring",
    "Commissioning and the community sector",
    "Tenants' and residents' forum",
    "Youth work in rural areas",
    "Social enterprise surgery",
    "Community development learning circle",
    "Advice services round table",
    "Faith and neighbourhood action",
    "Trustee induction",
]
PLACES = [
    ("Leeds", "LS1 1UR"),
    ("Bristol", "BS1 5TR"),
    ("Nottingham", "NG1 3FB"),
    ("Manchester", "M1 1AD"),
    ("Newcastle", "NE1 7RU"),
    ("Norwich", "NR2 1NH"),
    ("Plymouth", "PL1 2AA"),
    ("Birmingham", "B3 3BS"),
    ("Sheffield", "S1 2EW"),
    ("London", "N1 6DR"),
]


def expected_count(ctx) -> int:
    return ctx.scale.organisations * EVENTS_PER_ORGANISATION


def is_loaded(ctx) -> bool:
    return Event.objects.filter(slug__startswith=SLUG_PREFIX).count() == expected_count(ctx)


def generate(ctx) -> dict[str, int]:
    rng = ctx.rng
    regions = list(Region.objects.values_list("pk", flat=True)) or [None]
    themes = list(Theme.objects.values_list("pk", flat=True))
    organisers = list(ctx.active_organisation_ids) or [None]
    types = [t for t in Event.Type.values if t != Event.Type.EXECUTIVE_GROUP]
    zone = timezone.get_current_timezone()
    first_day = ctx.today - timedelta(days=365)
    events = []
    for index in range(expected_count(ctx)):
        day = first_day + timedelta(days=rng.randint(0, 3 * 365))
        start = timezone.make_aware(datetime.combine(day, time(rng.choice((9, 10, 13, 18)))), zone)
        town, postcode = rng.choice(PLACES)
        attendance = rng.choice(Event.Attendance.values)
        topic = rng.choice(TOPICS)
        events.append(
            Event(
                title=f"{topic} ({town})",
                slug=f"{SLUG_PREFIX}event-{index}",
                summary=f"{topic}: an event for community groups in and around {town}.",
                description=f"{topic}. Open to everyone working in the community sector.",
                event_type=rng.choice(types),
                organiser_id=rng.choice(organisers) if rng.random() < 0.8 else None,
                region_id=rng.choice(regions),
                starts_at=start,
                ends_at=start + timedelta(hours=rng.choice((1, 2, 3, 6))),
                attendance=attendance,
                venue="" if attendance == "online" else f"{town} Community Centre",
                postcode="" if attendance == "online" else postcode,
                online_url="https://meet.example.org/load" if attendance != "in-person" else "",
                capacity=rng.choice((None, 20, 40, 100)),
                status=Event.Status.PUBLISHED,
            )
        )
    made = []
    for offset in range(0, len(events), BATCH_SIZE):
        made += Event.objects.bulk_create(events[offset : offset + BATCH_SIZE])
    if connection.vendor == "sqlite" and made and made[0].pk is None:  # older SQLite
        made = list(Event.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    occurrences = [
        Occurrence(
            event_id=event.pk,
            original_start=event.starts_at,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
        )
        for event in made
    ]
    Occurrence.objects.bulk_create(occurrences, batch_size=BATCH_SIZE)
    links = []
    if themes:
        Link = Event.themes.through
        for event in made:
            links += [Link(event_id=event.pk, theme_id=t) for t in rng.sample(themes, 2)]
        Link.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return {"events": len(made), "event dates": len(occurrences), "event themes": len(links)}


def clear(ctx) -> None:
    generated = Event.objects.filter(slug__startswith=SLUG_PREFIX)
    Registration.objects.filter(event__in=generated)._raw_delete(connection.alias)
    Event.themes.through.objects.filter(event__in=generated)._raw_delete(connection.alias)
    Occurrence.objects.filter(event__in=generated)._raw_delete(connection.alias)
    generated._raw_delete(connection.alias)
