"""Generated news for load testing (`manage.py generate_load_data`, `make bench`).

Two published news items per generated organisation (4,000 at scale M) over the last two
years, a fifth from the coalition itself, each with two themes; and a website feed for one
organisation in ten with 20 entries each (200 feeds, 4,000 entries at scale M). Slugs start
with `load-` (feeds: organisations whose slug does) so they can be found and removed again.
"""

from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from coalition.core.models import Theme
from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem
from coalition.news.models.feeds import entry_key

SLUG_PREFIX = "load-"
ITEMS_PER_ORGANISATION = 2
FEED_EVERY = 10
ENTRIES_PER_FEED = 20
BATCH_SIZE = 2000

TOPICS = [
    "Commissioning and small groups",
    "Our annual report is out",
    "Volunteers' week",
    "A new community hub opens",
    "Funding cuts: what our members tell us",
    "Neighbourhood planning explained",
    "Tenants win a say in regeneration",
    "Youth work in rural areas",
    "Social enterprise awards",
    "Advice services under pressure",
]


def expected_count(ctx) -> int:
    return ctx.scale.organisations * ITEMS_PER_ORGANISATION


def is_loaded(ctx) -> bool:
    return NewsItem.objects.filter(slug__startswith=SLUG_PREFIX).count() == expected_count(ctx)


def _moment(ctx, days_ago: int, hour: int):
    day = ctx.today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def generate(ctx) -> dict[str, int]:
    rng = ctx.rng
    themes = list(Theme.objects.values_list("pk", flat=True))
    organisations = list(ctx.active_organisation_ids) or [None]
    items = []
    for index in range(expected_count(ctx)):
        topic = rng.choice(TOPICS)
        items.append(
            NewsItem(
                title=f"{topic} ({index})",
                slug=f"{SLUG_PREFIX}news-{index}",
                summary=f"{topic}: news for community groups from across the network.",
                body=f"{topic}.\n\nRead more on our website, and **tell us what you think**.",
                organisation_id=rng.choice(organisations) if rng.random() < 0.8 else None,
                status=NewsItem.Status.PUBLISHED,
                published_at=_moment(ctx, rng.randint(0, 730), rng.randint(8, 18)),
            )
        )
    made = []
    for offset in range(0, len(items), BATCH_SIZE):
        made += NewsItem.objects.bulk_create(items[offset : offset + BATCH_SIZE])
    if connection.vendor == "sqlite" and made and made[0].pk is None:  # older SQLite
        made = list(NewsItem.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
    links = []
    if len(themes) >= 2:
        Link = NewsItem.themes.through
        for item in made:
            links += [Link(newsitem_id=item.pk, theme_id=t) for t in rng.sample(themes, 2)]
        Link.objects.bulk_create(links, batch_size=BATCH_SIZE)
    feeds = MemberFeed.objects.bulk_create(
        [
            MemberFeed(
                organisation_id=pk,
                url=f"https://member{pk}.example.org/feed/",
                title=f"Member {pk} news",
                last_success_at=timezone.now(),
                next_fetch_at=timezone.now() + timedelta(days=365),
            )
            for pk in list(ctx.active_organisation_ids)[::FEED_EVERY]
        ]
    )
    if connection.vendor == "sqlite" and feeds and feeds[0].pk is None:
        feeds = list(MemberFeed.objects.filter(organisation__slug__startswith=SLUG_PREFIX))
    entries = []
    for feed in feeds:
        for number in range(ENTRIES_PER_FEED):
            link = f"https://member{feed.organisation_id}.example.org/news/{number}/"
            entries.append(
                MemberFeedEntry(
                    feed_id=feed.pk,
                    key=entry_key(link, link),
                    guid=link,
                    link=link,
                    title=f"{rng.choice(TOPICS)} ({number})",
                    summary="What we have been doing this month.",
                    published_at=_moment(ctx, rng.randint(0, 365), rng.randint(8, 18)),
                )
            )
    MemberFeedEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return {
        "news items": len(made),
        "news themes": len(links),
        "member feeds": len(feeds),
        "member feed entries": len(entries),
    }


def clear(ctx) -> None:
    generated = NewsItem.objects.filter(slug__startswith=SLUG_PREFIX)
    NewsItem.themes.through.objects.filter(newsitem__in=generated)._raw_delete(connection.alias)
    generated._raw_delete(connection.alias)
    feeds = MemberFeed.objects.filter(organisation__slug__startswith=SLUG_PREFIX)
    MemberFeedEntry.objects.filter(feed__in=feeds)._raw_delete(connection.alias)
    feeds._raw_delete(connection.alias)
