"""Fill the database with realistic volumes of data for load testing (`make bench`).

    manage.py generate_load_data --scale M

Scales (organisations / people / memberships):
    S   200 /   5,000 /    500   quick runs
    M 2,000 /  50,000 /  5,000   the benchmark's reference scale
    L 20,000 / 500,000 / 50,000

It loads the demo coalition first (membership types, regions, themes, the
coalition's profile). Generated rows are marked so they can be found again:
organisations' slugs start with `load-` and people's emails end with
`@load.example.org`. Run again at the same scale and it does nothing (unless
--force); at another scale it deletes the generated rows and recreates them.

Each app's data comes from one pair of functions: `generate(ctx)` creates the
rows with bulk_create and returns counts; `clear(ctx)` deletes them. Core and
members are defined here; every other app that has a `loaddata` module with
`generate` and `clear` follows, in INSTALLED_APPS order, and can use what
earlier generators left in `ctx` (e.g. `ctx.organisation_ids`, or anything an
app put in `ctx.extra`). An app's module may also define `is_loaded(ctx)`: when
it returns False the data is regenerated even if the scale is unchanged.

bulk_create sends no signals, so nothing is written to the audit log and the
page-cache generation is bumped once at the end instead of per row.
"""

import importlib
import io
import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coalition.core.cache import bump_generation
from coalition.core.models import Region, Theme
from coalition.members.loadwords import (
    ACTIVITIES,
    AREAS,
    AUDIENCES,
    CLOSINGS,
    FIRST_NAMES,
    KINDS,
    PLACES,
    QUALIFIERS,
    ROLES,
    SURNAMES,
)
from coalition.members.models import (
    Affiliation,
    Application,
    ExecutiveSeat,
    Invitation,
    Membership,
    MembershipType,
    Organisation,
    Person,
    RenewalReminder,
    StaffRole,
    Subscription,
)

SLUG_PREFIX = "load-"
EMAIL_DOMAIN = "load.example.org"
BATCH_SIZE = 2000
SEED = 20070401


@dataclass(frozen=True)
class Scale:
    organisations: int
    people: int
    memberships: int


SCALES = {
    "S": Scale(organisations=200, people=5_000, memberships=500),
    "M": Scale(organisations=2_000, people=50_000, memberships=5_000),
    "L": Scale(organisations=20_000, people=500_000, memberships=50_000),
}

# Share of generated organisations that are current members (listed in the directory).
ACTIVE_SHARE = 0.85


@dataclass
class Context:
    """What one run knows: the scale, a seeded random source, and what earlier steps made."""

    scale: Scale
    rng: random.Random
    today: date
    organisation_ids: list[int] = field(default_factory=list)
    active_organisation_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    membership_ids: list[int] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


# --- helpers ---------------------------------------------------------------------------------


def bulk_create(model, objs):
    """Insert in batches; returns the objects (with primary keys where the database gives them)."""
    return model.objects.bulk_create(objs, batch_size=BATCH_SIZE)


def pick_some(rng, items, low, high):
    return rng.sample(items, rng.randint(low, min(high, len(items))))


def organisation_name(rng, taken: set[str]) -> tuple[str, str]:
    """A new name (unique ignoring case) and the place it is named after."""
    while True:
        place = rng.choice(PLACES).replace("-", " ")
        pattern = rng.random()
        if pattern < 0.55:
            name = f"{place} {rng.choice(QUALIFIERS)} {rng.choice(KINDS)}"
        elif pattern < 0.8:
            name = f"{rng.choice(QUALIFIERS)} {rng.choice(KINDS)} {place}"
        else:
            place = rng.choice(AREAS).replace("-", " ")
            name = f"{place} {rng.choice(QUALIFIERS)} {rng.choice(KINDS)}"
        if name.lower() not in taken:
            break
        # Common combinations repeat at large scales: number the branch instead.
        numbered = f"{name} ({rng.randint(2, 999)})"
        if numbered.lower() not in taken:
            name = numbered
            break
    taken.add(name.lower())
    return name, place


def short_name(rng, name: str) -> str:
    if rng.random() > 0.4:
        return ""
    letters = "".join(word[0] for word in name.split() if word[0].isupper())
    return letters[:8]


def description(rng, name: str, place: str) -> str:
    audience = rng.choice(AUDIENCES).format(place=place)
    first = f"{name} {rng.choice(ACTIVITIES)} {audience}."
    second = f"It also {rng.choice(ACTIVITIES)}."
    closing = rng.choice(CLOSINGS).format(year=rng.randint(1965, 2015), n=rng.randint(12, 400))
    return " ".join([first, second, closing] if rng.random() < 0.7 else [first, closing])


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- core: regions and themes come from load_demo -------------------------------------------


def generate_core(ctx: Context) -> dict:
    """Reference data (types, regions, themes, the coalition itself) from the demo."""
    call_command("load_demo", stdout=io.StringIO())
    return {"regions": Region.objects.count(), "themes": Theme.objects.count()}


def clear_core(ctx: Context) -> None:
    """The demo's reference data stays: other data refers to it."""


# --- members ---------------------------------------------------------------------------------


def generate_members(ctx: Context) -> dict:
    rng, scale = ctx.rng, ctx.scale
    regions = list(Region.objects.order_by("order"))
    england_wide, local_regions = regions[0], regions[1:]
    themes = list(Theme.objects.all())
    types = {t.slug: t for t in MembershipType.objects.all()}
    full, associate = types["full"], types["associate"]

    # Organisations: names unique ignoring case, also against the demo's own members.
    taken = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    active_count = min(round(scale.organisations * ACTIVE_SHARE), scale.memberships)
    slugs = set()
    organisations = []
    for index in range(scale.organisations):
        name, place = organisation_name(rng, taken)
        slug = f"{SLUG_PREFIX}{slugify(name)}"[:190]
        if slug in slugs:
            slug = f"{slug}-{index}"
        slugs.add(slug)
        organisations.append(
            Organisation(
                name=name,
                slug=slug,
                short_name=short_name(rng, name),
                description=description(rng, name, place),
                website=f"https://www.{slugify(name)[:60]}.example.org.uk",
                contact_email=f"info@{slugify(name)[:40]}.{EMAIL_DOMAIN}",
                charity_number=str(rng.randint(1_000_000, 1_199_999)) if rng.random() < 0.7 else "",
                status=Organisation.Status.ACTIVE
                if index < active_count
                else Organisation.Status.FORMER,
            )
        )
    organisations = bulk_create(Organisation, organisations)
    ctx.organisation_ids = [o.pk for o in organisations]
    ctx.active_organisation_ids = ctx.organisation_ids[:active_count]

    region_links, theme_links = [], []
    RegionLink = Organisation.regions.through
    ThemeLink = Organisation.themes.through
    for organisation in organisations:
        chosen = pick_some(rng, local_regions, 1, 2)
        if rng.random() < 0.25:
            chosen.append(england_wide)
        region_links += [RegionLink(organisation=organisation, region=r) for r in chosen]
        theme_links += [
            ThemeLink(organisation=organisation, theme=t) for t in pick_some(rng, themes, 1, 4)
        ]
    bulk_create(RegionLink, region_links)
    bulk_create(ThemeLink, theme_links)

    memberships, subscriptions = _memberships(ctx, organisations, active_count, full, associate)
    people, affiliations = _people(ctx, organisations)
    return {
        "organisations": len(organisations),
        "organisation regions": len(region_links),
        "organisation themes": len(theme_links),
        "memberships": memberships,
        "subscriptions": subscriptions,
        "people": people,
        "affiliations": affiliations,
    }


def _memberships(ctx, organisations, active_count, full, associate) -> tuple[int, int]:
    """One active membership per current member; earlier, ended ones spread over everyone."""
    rng, today = ctx.rng, ctx.today
    history = {o.pk: 0 for o in organisations}
    former = organisations[active_count:]
    for organisation in former:  # a former member was a member once at least
        history[organisation.pk] = 1
    for _ in range(max(0, ctx.scale.memberships - active_count - len(former))):
        history[rng.choice(organisations).pk] += 1

    memberships = []
    for index, organisation in enumerate(organisations):
        if index < active_count:
            # Renewal dates spread over the coming year; a few are a little overdue.
            renewal = today + timedelta(days=rng.randint(-25, 364))
            years = rng.choice((1, 1, 2, 3, 4, 6, 10, 15))
            started = shift_years(renewal, -years)
            memberships.append(
                Membership(
                    organisation=organisation,
                    type=full if rng.random() < 0.6 else associate,
                    status=Membership.Status.ACTIVE,
                    started_on=started,
                    renewal_date=renewal,
                )
            )
            cursor = started
        else:
            cursor = today - timedelta(days=rng.randint(30, 4 * 365))
        for _ in range(history[organisation.pk]):
            ended = cursor - timedelta(days=rng.randint(1, 400))
            started = shift_years(ended, -rng.randint(1, 4))
            memberships.append(
                Membership(
                    organisation=organisation,
                    type=associate if rng.random() < 0.6 else full,
                    status=rng.choice(
                        (Membership.Status.LAPSED, Membership.Status.LAPSED, "resigned")
                    ),
                    started_on=started,
                    renewal_date=ended,
                    ended_on=ended,
                )
            )
            cursor = started
    memberships = bulk_create(Membership, memberships)
    ctx.membership_ids = [m.pk for m in memberships]

    subscriptions = []
    methods = [m for m in Subscription.Method.values if m != Subscription.Method.WAIVED]
    for membership in memberships:
        fee = membership.type.annual_fee
        active = membership.status == Membership.Status.ACTIVE
        # The last three membership years at most: older ones are archived elsewhere.
        end = membership.renewal_date
        for _ in range(3):
            start = shift_years(end, -1)
            if start < membership.started_on - timedelta(days=1):
                break
            due = start + timedelta(days=30)
            current = active and end == membership.renewal_date
            if current:
                paid = rng.random() < (0.9 if due < today else 0.35)
            else:
                paid = rng.random() < 0.97
            waived = not paid and not current
            subscriptions.append(
                Subscription(
                    membership=membership,
                    period_start=start,
                    period_end=end - timedelta(days=1),
                    amount=Decimal(0) if waived else fee,
                    due_date=due,
                    paid_on=min(due + timedelta(days=rng.randint(-25, 40)), today)
                    if paid
                    else (due if waived else None),
                    method=rng.choice(methods)
                    if paid
                    else (Subscription.Method.WAIVED if waived else ""),
                    reference=f"CSC-{membership.pk}-{start:%Y}" if paid else "",
                )
            )
            end = start
    bulk_create(Subscription, subscriptions)
    return len(memberships), len(subscriptions)


def _people(ctx, organisations) -> tuple[int, int]:
    """People at member organisations: one representative each, the rest staff and trustees."""
    rng = ctx.rng
    people = []
    for index in range(ctx.scale.people):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        people.append(
            Person(
                name=f"{first} {last}",
                email=f"{first}.{last}.{index}@{EMAIL_DOMAIN}".lower(),
                phone=f"0{rng.randint(1200, 2099)} {rng.randint(100000, 999999)}"
                if rng.random() < 0.5
                else "",
                listed_publicly=rng.random() < 0.2,
            )
        )
    people = bulk_create(Person, people)
    ctx.person_ids = [p.pk for p in people]

    affiliations = []
    since_floor = ctx.today - timedelta(days=20 * 365)
    for index, person in enumerate(people):
        if index < len(organisations):  # everyone's first person is its representative
            homes, representative = [organisations[index]], True
        else:
            homes = [rng.choice(organisations)]
            if rng.random() < 0.1:
                other = rng.choice(organisations)
                if other.pk != homes[0].pk:
                    homes.append(other)
            representative = False
        for organisation in homes:
            affiliations.append(
                Affiliation(
                    person=person,
                    organisation=organisation,
                    role="Chief Officer" if representative else rng.choice(ROLES),
                    is_representative=representative,
                    since=since_floor + timedelta(days=rng.randint(0, 20 * 365))
                    if rng.random() < 0.6
                    else None,
                )
            )
    bulk_create(Affiliation, affiliations)
    return len(people), len(affiliations)


def clear_members(ctx: Context) -> None:
    """Delete generated rows in SQL (no per-row signals, so no audit entries for 50,000 rows)."""
    organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    people = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    memberships = Membership.objects.filter(organisation__in=organisations)
    Application.objects.filter(organisation__in=organisations).update(organisation=None)
    for queryset in (
        RenewalReminder.objects.filter(membership__in=memberships),
        Subscription.objects.filter(membership__in=memberships),
        memberships,
        Invitation.objects.filter(organisation__in=organisations),
        Invitation.objects.filter(person__in=people),
        ExecutiveSeat.objects.filter(organisation__in=organisations),
        StaffRole.objects.filter(person__in=people),
        Affiliation.objects.filter(organisation__in=organisations),
        Affiliation.objects.filter(person__in=people),
        Organisation.regions.through.objects.filter(organisation__in=organisations),
        Organisation.themes.through.objects.filter(organisation__in=organisations),
        organisations,
        people,
    ):
        # _raw_delete: one DELETE statement, no cascade collection or signals. Every table that
        # refers to these rows is emptied above first, so the database's constraints hold.
        queryset._raw_delete(queryset.db)


def app_loaddata_modules():
    """The `loaddata` module of every Coalition app after members that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith("coalition.") or config.label in {"core", "members"}:
            continue
        name = f"{config.name}.loaddata"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        yield config.label, module


def generators():
    """(name, generate, clear, is_loaded) in dependency order."""
    found = [
        ("core", generate_core, clear_core, None),
        ("members", generate_members, clear_members, None),
    ]
    for label, module in app_loaddata_modules():
        found.append((label, module.generate, module.clear, getattr(module, "is_loaded", None)))
    return found


class Command(BaseCommand):
    help = "Generate realistic volumes of data for load testing (S, M or L). See the module doc."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="M")
        parser.add_argument(
            "--force", action="store_true", help="Recreate even if this scale is already loaded."
        )
        parser.add_argument(
            "--clear", action="store_true", help="Only delete generated data, then stop."
        )
        parser.add_argument("--seed", type=int, default=SEED)

    def handle(self, *args, scale, force, clear, seed, **options):
        target = SCALES[scale]
        ctx = Context(scale=target, rng=random.Random(seed), today=timezone.localdate())
        existing = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count()
        steps = generators()
        complete = all(is_loaded(ctx) for *_, is_loaded in steps if is_loaded)
        if existing == target.organisations and complete and not (force or clear):
            self.stdout.write(f"Load data at scale {scale} is already there; nothing to do.")
            return
        started = time.monotonic()
        with transaction.atomic():
            if existing or clear:
                for _name, _generate, clear_app, _loaded in reversed(steps):
                    clear_app(ctx)
                self.stdout.write(f"Deleted the earlier load data ({existing} organisations).")
            if clear:
                bump_generation()
                return
            for name, generate, _clear, _loaded in steps:
                step = time.monotonic()
                counts = generate(ctx)
                summary = ", ".join(f"{n:,} {what}" for what, n in counts.items())
                self.stdout.write(f"  {name}: {summary} ({time.monotonic() - step:.1f}s)")
            # bulk_create sent no signals: make every cached public page stale now.
            bump_generation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Load data at scale {scale} generated in {time.monotonic() - started:.1f}s."
            )
        )
