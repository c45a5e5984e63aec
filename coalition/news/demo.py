"""The demo's news, from the seeds: the coalition's own news (the Adur Voluntary Action report
on commissioning in West Sussex, the £3,300 grant from the Network for Social Change, the
Planning Group's priorities, personalisation from April, the Local Government White Paper),
news from member organisations, two items waiting for review and one not accepted, and a few
members' own website feeds with entries already read (one feed failing, as real ones do).

`load(today)` is idempotent: items are found by slug, feeds by organisation, entries by GUID.
The demo runs offline: entries are stored directly, and when the scheduler later tries the
feeds' (plausible but unreachable) addresses, the failure is recorded on the feed, not raised.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.core.models import Theme
from coalition.members.models import Organisation
from coalition.news.models import MemberFeed, MemberFeedEntry, NewsItem
from coalition.news.models.feeds import entry_key

REPRESENTATIVE_EMAIL = "david.tyler@example.org"
STAFF_EMAIL = "naomi.alexander@example.org"

# slug, organisation name (None: the coalition), days before today, themes, title, summary, body
PUBLISHED = [
    (
        "commissioning-in-west-sussex-report",
        None,
        5,
        ["Funding and finance", "Community development"],
        "Commissioning in West Sussex: the report of our work with Adur Voluntary Action",
        "46 community groups in Adur and Worthing told us how commissioning has changed their "
        "work. The material is very strong: serious problems, and some clear ideas for funders.",
        "Our report with **Adur Voluntary Action** is out. Over the winter we spoke to 46 "
        "community groups and voluntary organisations in Adur and Worthing about how the "
        "county’s commissioning strategy has affected them.\n\n"
        "## What they told us\n\n"
        "- Small, volunteer-run groups are shut out: contracts are too large, and tendering "
        "takes skills they do not have.\n"
        "- Groups that won contracts have less time for the advocacy and community "
        "development they were set up for.\n"
        "- Monitoring asks volunteers for the same information several times over.\n\n"
        "## What next\n\n"
        "The Planning Group would like the work in West Sussex to continue, perhaps as a "
        "two-year study following the story there, or by supporting local organising around "
        "the alternatives. We will also connect with the Local Grants Forum so that our work "
        "complements theirs.",
    ),
    (
        "grant-from-the-network-for-social-change",
        None,
        19,
        ["Funding and finance"],
        "£3,300 from the Network for Social Change for our work on public services",
        "The Network for Social Change has granted the coalition £3,300 towards our work on "
        "the role of voluntary action and the impact of the recession.",
        "We are delighted to have been granted **£3,300 by the Network for Social Change** as a "
        "contribution to our work on the role and function of voluntary action and the impact "
        "of the recession.\n\n"
        "2010 will see the beginnings of expenditure cuts, and many agencies working under "
        "contract to statutory bodies are likely to get caught up in them. The grant helps us "
        "frame the issues, make links with those already active (the unions among them) and "
        "encourage groups to review their involvement in the privatisation of public services "
        "— with a focus on the community sector too.",
    ),
    (
        "planning-group-agrees-priorities",
        None,
        44,
        ["Community development", "Local democracy"],
        "The Planning Group agrees our campaign priorities for the next 18 months",
        "Challenging privatisation of public services, defending participative ways of "
        "working, and safeguarding local action by local people.",
        "After the Planning Group met on 25 February we agreed the main priorities for our "
        "campaign work over the coming 12–18 months:\n\n"
        "1. challenging current policy on the voluntary sector’s role in providing public "
        "services, and the damage privatisation does;\n"
        "2. reasserting inclusive, participative, non-bureaucratic ways of organising, against "
        "a management orthodoxy imported from the private sector;\n"
        "3. promoting and safeguarding the community sector, especially local action by local "
        "people.\n\n"
        "Alongside them, a shopping list of projects: funding regimes, management styles, "
        "advice, second-tier agencies, a critical research network and communications.",
    ),
    (
        "personalisation-from-april",
        None,
        30,
        ["Community development", "Advice services"],
        "Personalisation and self-directed support: the changes start in April",
        "People controlling how their support needs are met is a good idea. The market it "
        "brings could wreak havoc in the care landscape. We need a position.",
        "The move to **personalisation**, or self-directed support, begins in April. The "
        "issues are complex. That people should be able to control directly the way their "
        "support needs are met is very good. But the changes are likely to bring fierce "
        "competition, sales and marketing, quality left to the market, and statutory bodies "
        "let off the hook for what happens.\n\n"
        "The Planning Group agreed that the coalition should have a position and probably be "
        "active in this area, connecting with our thinking on health and social care. Tell us "
        "what you are seeing locally.",
    ),
    (
        "local-government-white-paper",
        None,
        80,
        ["Local democracy", "Neighbourhood renewal"],
        "The Local Government White Paper: what neighbourhood governance means for small groups",
        "Devolving decisions, and possibly budgets, to neighbourhood and parish level will "
        "change how local communities are governed. Community groups need a voice in it.",
        "The Local Government White Paper and Bill outline a radical change in the way local "
        "communities will be governed. The change that matters most to smaller community "
        "groups is the **devolution of local governance, decision making and possibly budgets "
        "to neighbourhood or parish level**.\n\n"
        "Our briefing sets out what this could mean, and how groups can take part in Local "
        "Area Agreements and neighbourhood arrangements rather than be consulted after the "
        "event.",
    ),
    (
        "management-styles-policy-paper",
        None,
        58,
        ["Community development", "Learning and skills"],
        "After Nottingham: a policy paper on management styles and voluntary action",
        "The workshop on 27 February started a campaign plan: debate in workplaces, pay "
        "differentials, and independence audits.",
        "Thank you to everyone who came to the Nottingham workshop on **the impact of "
        "management styles on voluntary action**. A policy paper will follow, and elements of "
        "a campaign plan are emerging:\n\n"
        "- sparking debate within workplaces, and working with the unions;\n"
        "- pay differentials, as a critical factor in the move to managerialism;\n"
        "- *independence audits*, helping agencies see how independent they really are.",
    ),
    (
        "towards-a-national-conference",
        None,
        11,
        ["Community development"],
        "Towards a national conference",
        "A conference to raise the coalition’s profile, build solidarity and consult on our "
        "direction, perhaps at the end of this year or early next.",
        "There has been support for a **national conference**: a way of raising the "
        "coalition’s profile, building solidarity among supporters and consulting on the "
        "focus of our work. Judging the moment will be vital, and it needs a long lead-in. "
        "Our present reckoning is the end of this year or early next. Tell us what you would "
        "want from it.",
    ),
    (
        "critical-research-network",
        None,
        96,
        ["Learning and skills"],
        "Building a critical research network",
        "Activists keep asking us for evidence. We are working with Birkbeck, Roehampton, "
        "Nottingham Trent and Essex universities to get research out of the academy.",
        "We are constantly asked for evidence people can use in their own areas — on the "
        "effects of commissioning, or on joint working with the statutory sector that works. "
        "We are in touch with academics at **Birkbeck College, Roehampton, Nottingham Trent and "
        "Essex** universities and want to help them build a critical research network that "
        "serves action on the coalition’s issues.",
    ),
    (
        "community-centres-and-the-recession",
        "Community Matters",
        14,
        ["Community assets", "Community development"],
        "Community centres and the recession: a survey of our members",
        "Community associations are seeing more people through their doors and less money "
        "to run them. Our survey asks how you are coping.",
        "Community Matters is surveying its member community associations about the "
        "recession: demand, income, volunteers and buildings. The results will go to the "
        "coalition’s work on funding regimes. **The survey closes at the end of the month.**",
    ),
    (
        "navca-fcdl-survey-of-community-action",
        "National Association for Voluntary and Community Action",
        49,
        ["Community development", "Local democracy"],
        "NAVCA and FCDL to survey community action",
        "NAVCA and the Federation for Community Development Learning have funding to survey "
        "community action across England.",
        "NAVCA and the **Federation for Community Development Learning** will survey "
        "community action across England this year, looking at what local groups do and the "
        "support they get. Local development agencies will be asked to help reach groups.",
    ),
    (
        "advice-in-the-community",
        "Advice UK",
        34,
        ["Advice services"],
        "Local advice: what we learnt working with the coalition",
        "Our joint work on local action on advice issues is finishing. Here is what we learnt, "
        "and where it could go next.",
        "Advice UK and the coalition have worked together on local action on advice issues. "
        "As the project finishes, we look at what we learnt and whether the work could be "
        "extended to other areas.",
    ),
    (
        "rural-community-councils-and-commissioning",
        "Action with Communities in Rural England",
        24,
        ["Rural communities", "Funding and finance"],
        "Rural community councils and the new commissioning rules",
        "Village groups are too small for the contracts on offer. Rural community councils "
        "share what is working.",
        "Across England, rural community councils report that contracts are packaged too "
        "large for village groups. ACRE has gathered examples of commissioners who get it "
        "right — small grants alongside contracts, and simple forms.",
    ),
    (
        "neighbourhood-budgets-guide",
        "Urban Forum",
        39,
        ["Neighbourhood renewal", "Local democracy"],
        "Neighbourhood budgets: a guide for community groups",
        "What neighbourhood and participatory budgeting mean for your group, and the questions "
        "to ask your council.",
        "Urban Forum’s new guide explains neighbourhood and participatory budgeting, with the "
        "questions community groups should ask their council before taking part.",
    ),
    (
        "green-spaces-local-hands",
        "British Trust for Conservation Volunteers",
        7,
        ["Environment and conservation", "Volunteering"],
        "Green spaces, local hands: volunteering in the spring",
        "Hundreds of local conservation projects need volunteers this spring. Here is how "
        "community groups can get involved.",
        "BTCV is looking for community groups to adopt a local green space this spring: "
        "tools, training and insurance provided.",
    ),
]

# Waiting for review: (slug, organisation, days ago, themes, title, summary, body)
SUBMITTED = [
    (
        "independence-audits-pilot",
        "Community Matters",
        1,
        ["Community development"],
        "Independence audits: a pilot with three community associations",
        "Three community associations will test the coalition’s idea of an independence "
        "audit: how independent is your group, really?",
        "Following the Nottingham workshop, three of our member associations will pilot "
        "**independence audits** this summer. We will share what we learn.",
    ),
    (
        "faith-groups-and-advocacy",
        "Churches' Community Work Alliance",
        2,
        ["Faith communities"],
        "Faith groups and the loss of advocacy",
        "Churches running contracted services say they no longer speak out. We want to "
        "spotlight this and help re-create campaigning where it has gone.",
        "An important casualty of taking contracts is the loss of advocacy and campaigning. "
        "We are collecting stories from churches and faith groups.",
    ),
]

REJECTED = (
    "tender-writing-masterclass",
    "Community Development Exchange",
    9,
    ["Learning and skills"],
    "Tender-writing masterclass: 20% off for members",
    "Win more contracts with our one-day course.",
    "Book now for our one-day masterclass on tender writing.",
    "Thank you for sending this. It is an advertisement for a paid course, which we don’t "
    "publish as news. Please add it to the events calendar instead (Your organisation → "
    "Events), where members can register.",
)

# Members' own feeds: organisation, feed URL, site URL, feed title, entries (days ago, title,
# summary); or an error recorded on the last try.
FEEDS = [
    (
        "Community Matters",
        "https://www.communitymatters.example.org/feed/",
        "https://www.communitymatters.example.org/",
        "Community Matters news",
        [
            (
                2,
                "Community buildings: our new guide to asset transfer",
                "Taking over a building from the council? Our guide walks through the questions.",
            ),
            (
                9,
                "Annual conference: bookings open",
                "Our annual conference for community associations takes place in Birmingham.",
            ),
            (
                23,
                "Insurance for community centres explained",
                "What cover your centre needs, and what it doesn’t.",
            ),
            (
                41,
                "Volunteers’ week: thank you",
                "Community associations run on volunteers. This week we say thank you.",
            ),
        ],
        None,
    ),
    (
        "National Association for Voluntary and Community Action",
        "https://www.navca.example.org/news/rss",
        "https://www.navca.example.org/",
        "NAVCA: latest news",
        [
            (
                1,
                "Local infrastructure: the case for core funding",
                "Councils for voluntary service make the case for funding the support they give.",
            ),
            (
                6,
                "Compact week: what local compacts achieve",
                "Stories from local compacts that changed how councils fund groups.",
            ),
            (
                18,
                "New members’ briefing on commissioning",
                "A briefing for member CVSs on working with commissioners.",
            ),
        ],
        None,
    ),
    (
        "Urban Forum",
        "https://www.urbanforum.example.org/feed/",
        "https://www.urbanforum.example.org/",
        "Urban Forum",
        [
            (
                4,
                "Regeneration after the recession",
                "What next for neighbourhood renewal when budgets fall?",
            ),
            (
                15,
                "Community voice in local area agreements",
                "How groups can shape the targets their area signs up to.",
            ),
        ],
        None,
    ),
    (
        "British Trust for Conservation Volunteers",
        "https://www.btcv.example.org/news",
        "",
        "",
        [],
        (
            MemberFeed.ErrorKind.NOT_A_FEED,
            "This address gives text/html, not an RSS or Atom feed. Check the address of your "
            "website’s feed (it often ends in /feed/ or /rss).",
            3,
        ),
    ),
]


def _at(today: date, days_ago: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour, 0)))


def _organisation(name):
    if name is None:
        return None
    return Organisation.objects.filter(name=name).first()


def _upsert(slug, organisation_name, days, themes, title, summary, body, today, **fields):
    organisation = _organisation(organisation_name)
    if organisation_name and organisation is None:
        return None  # the members demo did not make this organisation: leave its news out
    item = NewsItem.objects.filter(slug=slug).first() or NewsItem(slug=slug)
    item.title, item.summary, item.body, item.organisation = title, summary, body, organisation
    for name, value in fields.items():
        setattr(item, name, value)
    if item.pk is None or item.created is None:
        item.save()
        NewsItem.objects.filter(pk=item.pk).update(created=_at(today, days + 1))
    else:
        item.save()
    item.themes.set(Theme.objects.filter(name__in=themes))
    return item


def load(today: date) -> str:
    users = get_user_model().objects
    representative = users.filter(email=REPRESENTATIVE_EMAIL).first()
    staff = users.filter(email=STAFF_EMAIL).first()
    published = 0
    for slug, org, days, themes, title, summary, body in PUBLISHED:
        member = org is not None
        made = _upsert(
            slug, org, days, themes, title, summary, body, today,
            status=NewsItem.Status.PUBLISHED,
            published_at=_at(today, days, 9 + days % 7),
            submitted_at=_at(today, days + 1) if member else None,
            moderated_by=staff,
            moderated_at=_at(today, days, 9 + days % 7),
        )  # fmt: skip
        published += made is not None
    waiting = 0
    for slug, org, days, themes, title, summary, body in SUBMITTED:
        made = _upsert(
            slug, org, days, themes, title, summary, body, today,
            status=NewsItem.Status.SUBMITTED,
            published_at=None,
            submitted_by=representative if org == "Community Matters" else None,
            submitted_at=_at(today, days, 15),
        )  # fmt: skip
        waiting += made is not None
    slug, org, days, themes, title, summary, body, reason = REJECTED
    _upsert(
        slug, org, days, themes, title, summary, body, today,
        status=NewsItem.Status.REJECTED,
        published_at=None,
        rejection_reason=reason,
        submitted_at=_at(today, days + 1, 11),
        moderated_by=staff,
        moderated_at=_at(today, days, 14),
    )  # fmt: skip
    feeds = entries = 0
    now = timezone.now()
    for org, url, site, title, items, error in FEEDS:
        organisation = _organisation(org)
        if organisation is None:
            continue
        feed, _ = MemberFeed.objects.update_or_create(
            organisation=organisation,
            defaults={"url": url, "is_active": True, "title": title, "site_url": site},
        )
        if error:
            kind, message, failures = error
            MemberFeed.objects.filter(pk=feed.pk).update(
                error_kind=kind,
                error_message=message,
                error_at=now - timedelta(hours=2),
                failure_count=failures,
                last_fetched_at=now - timedelta(hours=2),
                next_fetch_at=now + timedelta(hours=2),
            )
        else:
            MemberFeed.objects.filter(pk=feed.pk).update(
                last_fetched_at=now - timedelta(minutes=20),
                last_success_at=now - timedelta(minutes=20),
                next_fetch_at=now + timedelta(minutes=40),
                failure_count=0,
                error_kind="",
                error_message="",
            )
        for days, entry_title, entry_summary in items:
            link = f"{site}news/{_slugish(entry_title)}/"
            guid = link
            MemberFeedEntry.objects.update_or_create(
                feed=feed,
                key=entry_key(guid, link),
                defaults={
                    "guid": guid,
                    "link": link,
                    "title": entry_title,
                    "summary": entry_summary,
                    "published_at": _at(today, days, 8 + days % 9),
                },
            )
            entries += 1
        feeds += 1
    return (
        f"{published} news items published, {waiting} waiting for review, 1 not accepted; "
        f"{feeds} members' feeds with {entries} entries"
    )


def _slugish(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:80]
