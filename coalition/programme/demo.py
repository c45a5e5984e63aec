"""Demo work programme from seed 000: the shopping list of projects, the £3,300 grant
from the Network for Social Change, a City Parochial Foundation application, a tender
delivered by a cluster of members, and income by year (subscriptions brought in from the
members app) for the earned-income dashboard."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from coalition.members.models import Organisation, Person
from coalition.programme.models import (
    Funder,
    FundingApplication,
    GrantReport,
    Income,
    Milestone,
    Output,
    Project,
    Tender,
    financial_year_of,
)
from coalition.programme.services.income import import_paid_subscriptions

STAFF_EMAIL = "naomi.alexander@example.org"

# The "shopping list of projects" (Campaign priorities and work programme 2010-on).
PROJECTS = [
    (
        "work-on-funding-regimes",
        "Work on funding regimes",
        "active",
        "With Adur Voluntary Action: the survey shows serious problems from commissioning "
        "strategies in West Sussex. Feeds our critique of funding regimes, linked with Jan "
        "Crawley's work in the S.W. Foundation on what positive approaches we want from funders.",
        "Identify funding and resourcing that supports rather than undermines independent action.",
    ),
    (
        "impact-of-the-recession",
        "The role and function of voluntary action and the impact of the recession",
        "active",
        "Frame the issues as expenditure cuts begin, link with those already active (e.g. the "
        "unions) and encourage VCS groups to review their involvement in the privatisation of "
        "public services. Granted £3,300 by the Network for Social Change.",
        "Create opportunities to influence the scene, with a focus on the community sector.",
    ),
    (
        "management-styles",
        "The impact of management styles on voluntary action",
        "active",
        "Already in hand: the workshop in Nottingham on 27 February, a policy paper, and a "
        "campaign plan: sparking debate in workplaces, working with unions, pay differentials "
        "and 'independence audits'.",
        "Introduce our perspective on participative management to the sector.",
    ),
    (
        "local-action-on-advice",
        "Continued involvement with local action on advice issues",
        "planned",
        "Finish the existing work with AUK and review future possibilities, perhaps extending "
        "the work to other areas.",
        "",
    ),
    (
        "local-second-tier-roles",
        "Action on local second tier roles and functions",
        "planned",
        "Generic (like CVSs) and specialist second tier agencies are key to mobilising at "
        "local level. A possible application to City Parochial (with relevance to London).",
        "Link into progressive work among local second tier agencies and influence the rest.",
    ),
    (
        "supporting-the-community-sector",
        "Supporting and promoting the community sector",
        "idea",
        "We are at the beginning here and need advice from others better placed (e.g. Matt "
        "Scott at the Community Sector Coalition); NAVCA and FCDL are surveying community action.",
        "Shape our approach to supporting the community sector.",
    ),
    (
        "personalisation",
        "Personalisation or self-directed support",
        "idea",
        "Added at the Planning Group of 25 February 2010: the changes start in April and are "
        "likely to wreak havoc in the care landscape.",
        "A Coalition position, and action.",
    ),
    (
        "loss-of-advocacy-and-campaigning",
        "The loss of advocacy and campaigning",
        "planned",
        "Agencies running erstwhile public services lose the potential and inclination to "
        "campaign. Spotlight this and support re-creating the work where it has disappeared.",
        "",
    ),
    (
        "critical-research-facility",
        "Building a critical research facility",
        "parked",
        "Link activists with academics (Birkbeck, Roehampton, Nottingham Trent, Essex) in a "
        "critical research network on Coalition issues.",
        "Evidence activists can use in their own areas.",
    ),
    (
        "communications",
        "Communications and reaching out to our constituency",
        "idea",
        "A strategy for getting policy papers and lessons out, using social networking more "
        "effectively, building the database; perhaps a national conference (end 2010/early 2011).",
        "",
    ),
]


def _income(source, amount, received_on, description, today=None, **links) -> None:
    if today is not None and received_on > today:
        return  # nothing is received in the future
    Income.objects.update_or_create(
        source=source,
        received_on=received_on,
        description=description,
        defaults={"amount": Decimal(amount), **links},
    )


@transaction.atomic
def load(today: date) -> str:
    lead = Person.objects.filter(email=STAFF_EMAIL).first()
    members = list(Organisation.objects.listed().order_by("name"))
    projects = {}
    for index, (slug, title, status, summary, aim) in enumerate(PROJECTS):
        project, _ = Project.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "status": status,
                "summary": summary,
                "aim": aim,
                "lead": lead,
            },
        )
        if members:
            project.partners.set(members[index % len(members) : index % len(members) + 2])
        projects[slug] = project
    styles = projects["management-styles"]
    Milestone.objects.update_or_create(
        project=styles,
        title="Nottingham workshop",
        defaults={"due": date(2010, 2, 27), "done_on": date(2010, 2, 27)},
    )
    Milestone.objects.update_or_create(
        project=styles, title="Policy paper published", defaults={"due": date(2010, 6, 30)}
    )
    event = None
    try:
        from coalition.events.models import Event

        event = Event.objects.filter(slug="impact-of-management-styles-nottingham-2010").first()
    except Exception:
        event = None
    Output.objects.update_or_create(
        project=styles,
        title="Workshop: the impact of management styles (Nottingham)",
        defaults={"kind": Output.Kind.WORKSHOP, "event": event, "date": date(2010, 2, 27)},
    )
    Output.objects.update_or_create(
        project=styles,
        title="Policy paper: management styles and voluntary action",
        defaults={"kind": Output.Kind.POLICY_PAPER},
    )
    Output.objects.update_or_create(
        project=projects["work-on-funding-regimes"],
        title="Report of the work with Adur Voluntary Action",
        defaults={"kind": Output.Kind.REPORT},
    )

    nfsc, _ = Funder.objects.update_or_create(
        name="Network for Social Change",
        defaults={"notes": "Contribution to the work on the impact of the recession."},
    )
    cpf, _ = Funder.objects.update_or_create(
        name="City Parochial Foundation",
        defaults={"notes": "London-relevant work; Chris offered to draft the application."},
    )
    grant, _ = FundingApplication.objects.update_or_create(
        funder=nfsc,
        title="Voluntary action and the impact of the recession",
        defaults={
            "project": projects["impact-of-the-recession"],
            "amount_asked": Decimal("3300"),
            "submitted_on": date(2009, 10, 1),
            "status": FundingApplication.Status.GRANTED,
            "amount_granted": Decimal("3300"),
            "decided_on": date(2009, 12, 10),
        },
    )
    _income(
        Income.Source.GRANT,
        "3300",
        date(2010, 1, 15),
        "Network for Social Change: Voluntary action and the impact of the recession",
        application=grant,
    )
    GrantReport.objects.update_or_create(
        application=grant,
        title="Report on the use of the grant",
        defaults={"due": today + timedelta(days=10)},
    )
    FundingApplication.objects.update_or_create(
        funder=cpf,
        title="Advocacy, campaigning and local second tier roles in London",
        defaults={
            "project": projects["local-second-tier-roles"],
            "amount_asked": Decimal("45000"),
            "deadline": today + timedelta(days=12),
            "status": FundingApplication.Status.DRAFTING,
        },
    )

    cluster = members[:3]
    tender, _ = Tender.objects.update_or_create(
        title="Community engagement in commissioning: West Sussex",
        defaults={
            "client": "West Sussex County Council",
            "bid_due": today - timedelta(days=200),
            "status": Tender.Status.WON,
            "contract_value": Decimal("48000"),
            "management_fee": Decimal("4800"),
            "starts_on": today - timedelta(days=150),
            "ends_on": today + timedelta(days=215),
            "notes": "Delivered by a cluster of members; the coalition retains a 10% fee.",
        },
    )
    tender.cluster.set(cluster)
    Tender.objects.update_or_create(
        title="Advice services review: Adur and Worthing",
        defaults={
            "client": "Adur and Worthing Councils",
            "bid_due": today + timedelta(days=30),
            "status": Tender.Status.PREPARING,
            "contract_value": Decimal("25000"),
            "management_fee": Decimal("2500"),
        },
    )

    # Income by year, for the dashboard's ten years: grants, donations and tender fees.
    # Subscriptions come from the members' own paid subscriptions.
    current = financial_year_of(today)
    for offset in range(6):
        year = current - offset
        start = date(year, settings.FINANCIAL_YEAR_START_MONTH, 1)
        _income(
            Income.Source.GRANT,
            str(18000 + 1500 * (offset % 3)),
            start + timedelta(days=40),
            f"Core grant {year}",
            today=today,
        )
        _income(
            Income.Source.DONATION,
            str(600 + 100 * offset),
            start + timedelta(days=250),
            f"Donations {year}",
            today=today,
        )
        if offset < 3:
            day = min(start + timedelta(days=120), today)
            _income(
                Income.Source.TENDER_FEE,
                str(1600 - 300 * offset),
                day,
                f"Tender fee {year}",
                today=today,
                tender=tender,
            )
        if offset == 0:
            continue  # this year's subscriptions come from the members' records below
        _income(
            Income.Source.SUBSCRIPTION,
            str(2400 + 250 * (5 - offset)),
            start + timedelta(days=30),
            f"Subscriptions (earlier records) {year}",
            today=today,
        )
    created = import_paid_subscriptions()
    return (
        f"Work programme loaded: {Project.objects.count()} projects, "
        f"{FundingApplication.objects.count()} funding applications, {Tender.objects.count()} "
        f"tenders, {Income.objects.count()} income records ({created} subscriptions brought in)."
    )
