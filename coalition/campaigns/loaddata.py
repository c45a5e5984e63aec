"""Load data for the benchmark: a petition with a million confirmed signatures at scale M.

Called by `manage.py generate_load_data` (see its docstring) after members. Makes one
campaign (slug `load-…`) with a petition signed SIGNATURES_PER_PERSON times the
scale's number of people (S 100,000; M 1,000,000; L 10,000,000), some of them
through partners' links, and a pledge with a few thousand organisations.

On PostgreSQL the signatures go in with COPY (psycopg 3's `cursor.copy()`), about
ten times faster than INSERTs; elsewhere with bulk_create in batches.
"""

import secrets
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from coalition.campaigns.models import Action, Campaign, Participation, PartnerLink
from coalition.campaigns.services import recount
from coalition.lib.postcodes import postcode_area, postcode_district

SLUG = "load-funding-the-community-sector"
PETITION_SLUG = "load-petition"
PLEDGE_SLUG = "load-pledge"
SIGNATURES_PER_PERSON = 20
PARTNER_SHARE = 0.15
BATCH_SIZE = 1500
DAYS = 90

FIRST = (
    "Asha Ben Chloe Dev Ella Femi Grace Hamza Isla Jack Kemi Liam Maya Noah Olu Priya Quinn "
    "Rosa Sam Tariq Uma Vik Wendy Yusuf Zara Aled Bronwen Callum Dawn Eamon"
).split()
LAST = (
    "Patel Okafor Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Roberts Khan "
    "Lewis Walker Hughes Edwards Green Hall Wood Clarke Jackson Ahmed Begum Murphy Nowak"
).split()
# A spread of real postcode districts across England's regions (and a few beyond).
POSTCODES = (
    "NE1 4ST SR1 3SD DH1 3HP TS1 2AA M1 1AE L1 8JQ PR1 2HE CA1 1RQ LS1 4AP S1 2HE HU1 3DZ "
    "BD1 1HY NG1 5FS LE1 6ZG DE1 2FS LN1 1YL B1 1BB CV1 5FB ST1 1HP WV1 1SH CB2 1TN NR2 1NH "
    "IP1 1DH LU1 2LJ E1 6AN SE1 7PB N1 9GU SW2 1AA BN1 1GE OX1 1DP SO14 7DU ME14 1XX "
    "BS1 5TR EX1 1JA PL1 2AA TR1 2SR CF10 1EP EH1 1YZ BT1 5GS"
).split()
POSTCODES = [
    (
        f"{outward} {inward}",
        postcode_district(f"{outward} {inward}"),
        postcode_area(outward + inward),
    )
    for outward, inward in zip(POSTCODES[::2], POSTCODES[1::2], strict=True)
]

COLUMNS = [
    "action_id",
    "partner_id",
    "name",
    "email",
    "email_normalised",
    "postcode",
    "postcode_district",
    "postcode_area",
    "organisation_name",
    "on_behalf_of_organisation",
    "list_publicly",
    "contact_by_coalition",
    "contact_by_partner",
    "consent_wording",
    "status",
    "token",
    "created",
    "confirmed_at",
    "invalidated_reason",
]
CONSENT = "The coalition may email me about this campaign and its other campaigns."


def signatures_for(ctx) -> int:
    return ctx.scale.people * SIGNATURES_PER_PERSON


def _campaign(ctx) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "Funding the Community Sector (load data)",
            "policy_area": "Funding of the community sector",
            "goal": "Fair, long-term funding for community organisations across England.",
            "summary": "Generated for the benchmark: a petition with many signatures.",
            "status": Campaign.Status.ACTIVE,
            "starts_on": ctx.today - timedelta(days=DAYS),
        },
    )
    return campaign


def _action(campaign, slug, kind, **fields) -> Action:
    action, _ = Action.objects.update_or_create(
        campaign=campaign,
        slug=slug,
        defaults={"kind": kind, "status": Action.Status.OPEN, **fields},
    )
    return action


def _rows(ctx, action, count, partner_ids, start_day):
    """Tuples in COLUMNS order, confirmed, spread over DAYS days with more at the start."""
    rng = ctx.rng
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}.{index}@load.example.org"
        postcode, district, area = rng.choice(POSTCODES)
        day = min(DAYS - 1, int(rng.expovariate(1 / 12)))
        created = start_day + timedelta(days=day, seconds=rng.randrange(86400))
        partner = rng.choice(partner_ids) if partner_ids and rng.random() < PARTNER_SHARE else None
        ticked = rng.random() < 0.4
        yield (
            action.pk,
            partner,
            f"{first} {last}",
            email,
            email,
            postcode,
            district,
            area,
            "",
            False,
            False,
            ticked,
            False,
            CONSENT if ticked else "",
            Participation.Status.CONFIRMED,
            f"ld{index}-{secrets.token_hex(8)}",
            created,
            created + timedelta(minutes=rng.randrange(1, 600)),
            "",
        )


def _copy(rows) -> None:
    """PostgreSQL: COPY, streamed row by row (memory stays flat)."""
    table = Participation._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_create(rows) -> None:
    batch = []
    for row in rows:
        batch.append(Participation(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) >= BATCH_SIZE:
            Participation.objects.bulk_create(batch)
            batch = []
    if batch:
        Participation.objects.bulk_create(batch)


def insert_participations(rows) -> None:
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        _bulk_create(rows)


def generate(ctx) -> dict[str, int]:
    campaign = _campaign(ctx)
    petition = _action(
        campaign,
        PETITION_SLUG,
        Action.Kind.PETITION,
        title="Guarantee three-year funding for community groups",
        target="The Secretary of State for Housing, Communities and Local Government",
        text="We call on the Government to guarantee three-year funding settlements for "
        "community and voluntary organisations, so they can plan, keep staff and serve "
        "their neighbourhoods.",
        goal=signatures_for(ctx) + 250_000,
    )
    pledge = _action(
        campaign,
        PLEDGE_SLUG,
        Action.Kind.PLEDGE,
        title="Pledge to raise the loss of advocacy",
        text="We will raise the loss of advocacy at our next board meeting.",
        goal=5000,
    )
    organisation_ids = ctx.active_organisation_ids or ctx.organisation_ids
    partners = [PartnerLink(action=petition, organisation_id=pk) for pk in organisation_ids[:50]]
    PartnerLink.objects.bulk_create(partners, ignore_conflicts=True)
    partner_ids = list(PartnerLink.objects.filter(action=petition).values_list("pk", flat=True))
    start_day = timezone.make_aware(
        # Two days more than DAYS back: every generated confirmation is in the past.
        datetime.combine(ctx.today - timedelta(days=DAYS + 2), time(0, 0))
    )
    count = signatures_for(ctx)
    insert_participations(_rows(ctx, petition, count, partner_ids, start_day))
    pledgers = min(len(organisation_ids), 2000)
    Participation.objects.bulk_create(
        [
            Participation(
                action=pledge,
                name=f"Representative {n}",
                email=f"pledge{n}@load.example.org",
                email_normalised=f"pledge{n}@load.example.org",
                postcode="NG1 5FS",
                postcode_district="NG1",
                postcode_area="NG",
                organisation_name=f"Load Organisation {n:05d}",
                on_behalf_of_organisation=True,
                list_publicly=n % 3 != 0,
                status=Participation.Status.CONFIRMED,
                created=start_day + timedelta(hours=n),
                confirmed_at=start_day + timedelta(hours=n, minutes=5),
            )
            for n in range(pledgers)
        ],
        batch_size=BATCH_SIZE,
    )
    recount(petition)
    recount(pledge)
    ctx.extra["campaigns_petition_id"] = petition.pk
    return {"signatures": count, "pledges": pledgers, "partner links": len(partner_ids)}


def clear(ctx) -> None:
    """Raw deletes, children first (participations protect their action)."""
    actions = Action.objects.filter(campaign__slug=SLUG)
    participations = Participation.objects.filter(action__in=actions)
    participations._raw_delete(participations.db)
    links = PartnerLink.objects.filter(action__in=actions)
    links._raw_delete(links.db)
    actions.delete()
    Campaign.objects.filter(slug=SLUG).delete()


def is_loaded(ctx) -> bool:
    petition = Action.objects.filter(campaign__slug=SLUG, slug=PETITION_SLUG).first()
    return petition is not None and petition.confirmed_count == signatures_for(ctx)
