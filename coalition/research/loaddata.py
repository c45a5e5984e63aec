"""Generated research for load testing (`manage.py generate_load_data`, `make bench`).

Five published items per generated organisation (10,000 at scale M) spread over 30 years and
the ten types, each with two themes and two of 2,000 generated authors; bench/research.py
uses `make_items` for its 100,000. Slugs start with `load-` so they can be found and removed.
"""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from coalition.core.models import Theme
from coalition.research.models import Author, Authorship, ResearchItem

SLUG_PREFIX = "load-"
ITEMS_PER_ORGANISATION = 5
AUTHORS = 2000
BATCH_SIZE = 2000
FIRST_YEAR = 1996
YEARS = 30

TOPICS = [
    "Commissioning and small community groups",
    "The impact of management styles on voluntary action",
    "Advocacy under contract",
    "Personalisation and self-directed support",
    "Funding regimes and independence",
    "Community anchors in rural England",
    "Tenants and local democracy",
    "Volunteering after the recession",
    "Joint working with the statutory sector",
    "Independence audits in practice",
]


def expected_count(ctx) -> int:
    return ctx.scale.organisations * ITEMS_PER_ORGANISATION


def is_loaded(ctx) -> bool:
    return ResearchItem.objects.filter(slug__startswith=SLUG_PREFIX).count() == expected_count(ctx)


def _authors(rng) -> list[int]:
    names = [f"Load, Author {n}" for n in range(AUTHORS)]
    keys = [Author.make_key(name, "person") for name in names]
    have = set(Author.objects.filter(key__in=keys[:1]).values_list("key", flat=True))
    if not have:
        Author.objects.bulk_create(
            [Author(name=n, kind="person", key=k) for n, k in zip(names, keys, strict=True)],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
    return list(
        Author.objects.filter(name__startswith="Load, Author ").values_list("pk", flat=True)
    )


def make_items(count: int, rng, today, prefix: str = SLUG_PREFIX, organisations=()) -> int:
    """`count` published items with themes and authors, in bulk; returns how many."""
    themes = list(Theme.objects.values_list("pk", flat=True))
    authors = _authors(rng)
    types = [value for value, _label in ResearchItem.Type.choices]
    organisations = list(organisations) or [None]
    ThemeLink = ResearchItem.themes.through
    made_total = 0
    for offset in range(0, count, BATCH_SIZE):
        items = []
        for index in range(offset, min(count, offset + BATCH_SIZE)):
            topic = rng.choice(TOPICS)
            year = FIRST_YEAR + rng.randrange(YEARS)
            day = today - timedelta(days=rng.randint(0, 3650))
            items.append(
                ResearchItem(
                    title=f"{topic} ({index})",
                    slug=f"{prefix}research-{index}",
                    item_type=rng.choice(types),
                    year=year,
                    publisher="Load University Press",
                    summary=f"{topic}: findings for community groups across England.",
                    abstract=f"{topic}. A study of community groups.",
                    key_findings="Small groups lose out\nIndependence matters",
                    url=f"https://research.example.org/{prefix}{index}",
                    open_access=rng.random() < 0.6,
                    organisation_id=rng.choice(organisations) if rng.random() < 0.3 else None,
                    status=ResearchItem.Status.PUBLISHED,
                    published_at=timezone.make_aware(datetime.combine(day, time(10))),
                )
            )
        made = ResearchItem.objects.bulk_create(items)
        if connection.vendor == "sqlite" and made and made[0].pk is None:  # older SQLite
            made = list(
                ResearchItem.objects.filter(slug__in=[i.slug for i in items]).order_by("pk")
            )
        links, credits = [], []
        for item in made:
            if len(themes) >= 2:
                links += [
                    ThemeLink(researchitem_id=item.pk, theme_id=t) for t in rng.sample(themes, 2)
                ]
            for position, author in enumerate(rng.sample(authors, 2)):
                credits.append(Authorship(item_id=item.pk, author_id=author, position=position))
        ThemeLink.objects.bulk_create(links, batch_size=BATCH_SIZE)
        Authorship.objects.bulk_create(credits, batch_size=BATCH_SIZE)
        made_total += len(made)
    return made_total


def generate(ctx) -> dict[str, int]:
    made = make_items(
        expected_count(ctx), ctx.rng, ctx.today, organisations=ctx.active_organisation_ids
    )
    return {"research items": made}


def clear(ctx, prefix: str = SLUG_PREFIX) -> None:
    generated = ResearchItem.objects.filter(slug__startswith=prefix)
    for through in (ResearchItem.themes.through, ResearchItem.campaigns.through):
        through.objects.filter(researchitem__in=generated)._raw_delete(connection.alias)
    Authorship.objects.filter(item__in=generated)._raw_delete(connection.alias)
    generated._raw_delete(connection.alias)
