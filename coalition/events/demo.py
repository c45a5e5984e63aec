"""The demo calendar, from the seeds: the Nottingham workshop on management styles
(27 February 2010), the quarterly coalition meetings and the Executive Group's four
meetings a year as series, a research learning event, member events (one waiting
for review), and the national conference with its waitlist in use.

`load(today)` is idempotent: events are found by slug, dates by their place in the
series, registrations by email; nothing is ever duplicated.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.core.models import Region, Theme
from coalition.events.models import Event, Registration
from coalition.events.services.registrations import _refresh_full_flag
from coalition.events.services.series import sync_occurrences
from coalition.members.models import Organisation

REPRESENTATIVE_EMAIL = "david.tyler@example.org"

FIRST_NAMES = (
    "Amina Ben Carys Dev Eleanor Farid Grace Harpreet Imogen Jamal Kezia Liam Maya Niall "
    "Olu Priya Rhys Sana Tomasz Uma Violet Wes Yusuf Zara Alys Bilal Chloe Dafydd Esme Femi"
).split()
SURNAMES = (
    "Adeyemi Brennan Chowdhury Davies Evans Fletcher Gill Hussain Iqbal Jones Kaur Lewis "
    "Mensah Nowak O'Brien Patel Quinn Rahman Smith Taylor Usman Varga Walker Yates"
).split()
ACCESS_NEEDS = [
    "",
    "",
    "",
    "Step-free access please; I use a wheelchair.",
    "A BSL interpreter for the plenary sessions.",
    "",
    "Papers in large print (18 point).",
    "",
    "A quiet space to take breaks.",
    "",
]
DIETARY = ["", "Vegetarian", "", "Vegan", "", "Halal", "", "No nuts (allergy)", "", ""]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _upsert(slug: str, themes=(), **fields) -> Event:
    event = Event.objects.filter(slug=slug).first() or Event(slug=slug)
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    event.themes.set(Theme.objects.filter(name__in=themes))
    sync_occurrences(event)
    return event


def _people(count: int, offset: int = 0):
    for index in range(offset, offset + count):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = SURNAMES[(index * 7) % len(SURNAMES)]
        email = f"{first}.{last}.{index}@example.org".lower().replace("'", "")
        yield index, f"{first} {last}", email


def _register(occurrence, count: int, status: str, *, offset: int = 0, created=None, **extra):
    made = 0
    for index, name, email in _people(count, offset):
        Registration.objects.update_or_create(
            occurrence=occurrence,
            email=email,
            defaults={
                "event": occurrence.event,
                "name": name,
                "status": status,
                "access_needs": ACCESS_NEEDS[index % len(ACCESS_NEEDS)],
                "dietary_needs": DIETARY[index % len(DIETARY)],
                "created": (created or timezone.now()) + timedelta(minutes=index),
                "confirmed_at": created if status == Registration.Status.CONFIRMED else None,
                **extra,
            },
        )
        made += 1
    _refresh_full_flag(occurrence)
    return made


def load(today: date) -> str:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    representative = get_user_model().objects.filter(email=REPRESENTATIVE_EMAIL).first()
    coalition_email = "events@communitysectorcoalition.example.org"

    nottingham = _upsert(
        "impact-of-management-styles-nottingham-2010",
        themes=["Community development", "Learning and skills"],
        title="The impact of management styles on voluntary action",
        summary="A workshop in Nottingham on how managerialism is changing voluntary and "
        "community organisations, and what we can do about it.",
        description=(
            "Many community organisations now work under contract to statutory bodies, and "
            "the way they are managed is changing with it. This workshop looks at **the impact "
            "of management styles on voluntary action**.\n\n"
            "We will discuss:\n\n"
            "- sparking debate within workplaces, and working with the unions;\n"
            "- pay differentials, as a critical factor in the move to managerialism;\n"
            "- *independence audits*: helping agencies and groups see how independent they "
            "really are.\n\n"
            "One output will be a policy paper on the issues; elements of a campaign plan are "
            "already emerging."
        ),
        event_type=Event.Type.WORKSHOP,
        organiser=None,
        region=regions.get("east-midlands"),
        starts_at=_local(date(2010, 2, 27), 10, 30),
        ends_at=_local(date(2010, 2, 27), 16, 0),
        attendance=Event.Attendance.IN_PERSON,
        venue="Nottingham Voluntary Action Centre",
        address="7 Mansfield Road\nNottingham",
        postcode="NG1 3FB",
        step_free_access=True,
        accessible_toilets=True,
        hearing_loop=True,
        registration_enabled=True,
        capacity=40,
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )
    past = nottingham.occurrences.first()
    _register(
        past, 31, Registration.Status.CONFIRMED, created=_local(date(2010, 1, 20), 9), attended=True
    )

    # Quarterly coalition meetings: first Tuesday of every third month, from last spring on.
    first_meeting = _weekday_on_or_after((today - timedelta(days=200)).replace(day=1), 1)
    meetings = _upsert(
        "coalition-members-meeting",
        themes=["Community development", "Local democracy"],
        title="Coalition members’ meeting",
        summary="Our quarterly meeting: members exchange information, discuss the issues facing "
        "the sector and set priorities for the coalition’s work.",
        description=(
            "Coalition meetings take place quarterly. They are for members to:\n\n"
            "- meet and exchange information;\n"
            "- discuss issues affecting the sector and establish priorities for the "
            "coalition’s work;\n"
            "- hear from members with specialist expertise about developments in their area;\n"
            "- build trust and effective working relationships between member organisations.\n\n"
            "Each member organisation may send two people. Papers are circulated a week before."
        ),
        event_type=Event.Type.COALITION_MEETING,
        organiser=None,
        region=regions.get("london"),
        starts_at=_local(first_meeting, 10, 30),
        ends_at=_local(first_meeting, 15, 30),
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU;COUNT=8",
        attendance=Event.Attendance.HYBRID,
        venue="bassac",
        address="33 Corsham Street\nLondon",
        postcode="N1 6DR",
        online_url="https://meet.example.org/coalition-members",
        online_details="Meeting ID 814 2207 5531, passcode 1994.",
        step_free_access=True,
        accessible_toilets=True,
        hearing_loop=True,
        quiet_room=True,
        access_notes="Old Street station (Northern line) is five minutes' walk; there is "
        "level access from the street. Lunch is provided.",
        access_contact_name="Naomi Alexander",
        access_contact_email=coalition_email,
        registration_enabled=True,
        capacity=45,
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )
    dates = list(meetings.occurrences.order_by("starts_at"))
    upcoming = [o for o in dates if o.starts_at.date() > today]
    if len(upcoming) >= 2:
        moved = upcoming[1]
        if not moved.is_changed:
            moved.starts_at = moved.original_start + timedelta(days=7)
            moved.ends_at = moved.starts_at + timedelta(hours=5)
            moved.is_changed = True
            moved.note = "Moved a week later, because of the school holidays."
            moved.save()
    if upcoming:
        _register(upcoming[0], 18, Registration.Status.CONFIRMED, offset=40)

    first_executive = _weekday_on_or_after((today - timedelta(days=170)).replace(day=1), 3)
    _upsert(
        "executive-group",
        themes=["Local democracy"],
        title="Executive Group meeting",
        summary="The elected Executive Group, which governs the coalition, meets four times "
        "a year.",
        description=(
            "The coalition is a network of organisations governed by an elected Executive "
            "Group, which meets four times a year. Members of the group receive the agenda "
            "and papers a week before each meeting; minutes are published afterwards."
        ),
        event_type=Event.Type.EXECUTIVE_GROUP,
        organiser=None,
        region=regions.get("london"),
        starts_at=_local(first_executive, 14, 0),
        ends_at=_local(first_executive, 16, 30),
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH;COUNT=8",
        attendance=Event.Attendance.HYBRID,
        venue="bassac",
        address="33 Corsham Street\nLondon",
        postcode="N1 6DR",
        online_url="https://meet.example.org/executive-group",
        step_free_access=True,
        accessible_toilets=True,
        registration_enabled=False,
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )

    research_day = _weekday_on_or_after(today + timedelta(days=38), 2)
    _upsert(
        "learning-from-research-evidence-for-campaigners",
        themes=["Learning and skills", "Community development"],
        title="Learning from research: evidence for local campaigners",
        summary="Researchers from the coalition’s critical research network share findings on "
        "commissioning and joint working, and hear what evidence activists need.",
        description=(
            "Coalition activists constantly ask us for evidence they can use in their own "
            "areas, for example on the effects of commissioning, or effective models of joint "
            "working with the statutory sector.\n\n"
            "This learning event brings together academics from Birkbeck College, Roehampton, "
            "Nottingham Trent and Essex universities with members and activists, to reflect "
            "on the latest research findings and agree where new research is most needed."
        ),
        event_type=Event.Type.LEARNING,
        organiser=None,
        region=regions.get("london"),
        starts_at=_local(research_day, 13, 30),
        ends_at=_local(research_day, 17, 0),
        attendance=Event.Attendance.IN_PERSON,
        venue="Birkbeck, University of London",
        address="Malet Street\nBloomsbury\nLondon",
        postcode="WC1E 7HX",
        step_free_access=True,
        accessible_toilets=True,
        hearing_loop=True,
        bsl_interpretation=True,
        registration_enabled=True,
        capacity=60,
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )

    audits_day = today + timedelta(days=2)
    audits = _upsert(
        "independence-audits-online-introduction",
        themes=["Funding and finance", "Community development"],
        title="Independence audits: an online introduction",
        summary="A one-hour online session on how a group can find out how independent it "
        "really is, and what to do about it.",
        description=(
            "An introduction to *independence audits*: working with agencies and groups to "
            "help them identify how independent they really are, especially those now working "
            "under contract to statutory bodies.\n\nCaptions are on throughout."
        ),
        event_type=Event.Type.TRAINING,
        organiser=None,
        region=regions.get("england-wide"),
        starts_at=_local(audits_day, 12, 30),
        ends_at=_local(audits_day, 13, 30),
        attendance=Event.Attendance.ONLINE,
        online_url="https://meet.example.org/independence-audits",
        online_details="Captions on. The recording is sent to everyone registered.",
        registration_enabled=True,
        capacity=30,
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )
    _register(audits.occurrences.first(), 12, Registration.Status.CONFIRMED, offset=80)

    conference_day = _weekday_on_or_after(today + timedelta(days=150), 4)
    conference = _upsert(
        "national-conference",
        themes=["Community development", "Local democracy", "Funding and finance"],
        title="Independent and heard: the coalition’s national conference",
        summary="A day to raise the coalition’s profile, build solidarity among supporters and "
        "consult on the focus and direction of our work.",
        description=(
            "Our first national conference, planned with a substantial lead-in time so that "
            "members’ networks can take part.\n\n"
            "## The day\n\n"
            "- **Morning:** the state of the community sector, and the threat to advocacy and "
            "campaigning as contracts replace grants.\n"
            "- **Workshops:** independence audits; personalisation and self-directed support; "
            "local second tier agencies; building a critical research network.\n"
            "- **Afternoon:** consultation on the coalition’s priorities for the next three "
            "years.\n\n"
            "Places are free for member organisations and limited to two per organisation. "
            "When the conference is full you can join the waitlist."
        ),
        event_type=Event.Type.CONFERENCE,
        organiser=None,
        region=regions.get("west-midlands"),
        starts_at=_local(conference_day, 9, 30),
        ends_at=_local(conference_day, 16, 30),
        attendance=Event.Attendance.IN_PERSON,
        venue="Birmingham and Midland Institute",
        address="9 Margaret Street\nBirmingham",
        postcode="B3 3BS",
        step_free_access=True,
        accessible_toilets=True,
        hearing_loop=True,
        bsl_interpretation=True,
        quiet_room=True,
        access_notes="Birmingham New Street station is ten minutes' walk. Lunch and "
        "refreshments are provided; tell us about dietary needs when you register.",
        access_contact_name="Naomi Alexander",
        access_contact_email=coalition_email,
        registration_enabled=True,
        capacity=60,
        waitlist_enabled=True,
        registration_opens=_local(today - timedelta(days=30), 9),
        registration_closes=_local(conference_day - timedelta(days=7), 17),
        contact_email=coalition_email,
        status=Event.Status.PUBLISHED,
    )
    day = conference.occurrences.first()
    opened = _local(today - timedelta(days=30), 10)
    _register(day, 60, Registration.Status.CONFIRMED, offset=100, created=opened)
    _register(
        day, 6, Registration.Status.WAITLISTED, offset=160, created=opened + timedelta(days=20)
    )

    member_events = [
        (
            "community-matters",
            "community-anchors-running-a-multi-purpose-centre",
            "Community anchors: running a multi-purpose centre",
            "A practical day for community associations on running a centre that is owned "
            "and led by its community.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=19),
            (10, 0, 16, 0),
            ("Community Matters", "12-20 Baron Street\nLondon", "N1 9LL"),
            "london",
            ["Community assets", "Community development"],
            Event.Status.PUBLISHED,
        ),
        (
            "acre",
            "rural-community-buildings-network-day",
            "Rural community buildings network day",
            "Village halls and community buildings share what keeps them open and busy.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=26),
            (10, 30, 15, 30),
            ("Somerleyton Village Hall", "The Street\nSomerleyton\nLowestoft", "NR32 5PY"),
            "east-of-england",
            ["Rural communities", "Community assets"],
            Event.Status.PUBLISHED,
        ),
        (
            "fcfcg",
            "city-farms-open-day-for-commissioners",
            "City farms open day for commissioners",
            "Local authority commissioners see how city farms and community gardens deliver "
            "for health, learning and wellbeing.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=12),
            (11, 0, 15, 0),
            ("Mudchute Park and Farm", "Pier Street\nIsle of Dogs\nLondon", "E14 3HP"),
            "london",
            ["Environment and conservation"],
            Event.Status.PUBLISHED,
        ),
        (
            "navca",
            "commissioning-and-the-compact-briefing",
            "Commissioning and the Compact: a briefing for local infrastructure",
            "How local councils for voluntary service can hold commissioners to the Compact "
            "when grants turn into contracts.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=4),
            (10, 0, 13, 0),
            ("The Priory Rooms", "40 Bull Street\nBirmingham", "B4 6AF"),
            "west-midlands",
            ["Funding and finance", "Local democracy"],
            Event.Status.PUBLISHED,
        ),
        (
            "tpas",
            "tenants-voices-in-neighbourhood-plans",
            "Tenants’ voices in neighbourhood plans",
            "Tenants’ and residents’ associations share how they got a say in their area’s "
            "plans, and what the new local governance arrangements could change.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=8),
            (18, 0, 20, 0),
            ("Zion Community Resource Centre", "339 Stretford Road\nHulme\nManchester", "M15 4ZY"),
            "north-west",
            ["Housing and tenants", "Local democracy"],
            Event.Status.PUBLISHED,
        ),
        (
            "ncvys",
            "youth-groups-and-small-grants",
            "Youth groups and small grants: what’s left?",
            "Small youth groups compare notes on the grants that still exist and the ones that "
            "have gone, for the coalition’s funding campaign.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=15),
            (14, 0, 16, 30),
            ("Leeds Civic Hall", "Calverley Street\nLeeds", "LS1 1UR"),
            "yorkshire-and-the-humber",
            ["Youth", "Funding and finance"],
            Event.Status.PUBLISHED,
        ),
        (
            "cdf",
            "community-development-and-advocacy-seminar",
            "Community development and advocacy: keeping the voice",
            "A seminar on the loss of advocacy as groups take on delivery, with examples of "
            "groups that kept campaigning.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=22),
            (10, 0, 15, 30),
            ("Bristol Folk House", "40A Park Street\nBristol", "BS1 5JG"),
            "south-west",
            ["Community development", "Local democracy"],
            Event.Status.PUBLISHED,
        ),
        (
            "urban-forum",
            "neighbourhood-renewal-what-works",
            "Neighbourhood renewal: what works, who decides",
            "Residents’ groups and regeneration partnerships on how decisions are made in "
            "neighbourhood renewal areas.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=33),
            (11, 0, 15, 0),
            ("Newcastle Civic Centre", "Barras Bridge\nNewcastle upon Tyne", "NE1 8QH"),
            "north-east",
            ["Neighbourhood renewal", "Local democracy"],
            Event.Status.PUBLISHED,
        ),
        (
            "fcdl",
            "community-development-learning-exchange",
            "Community development learning exchange",
            "Community development workers swap approaches to training, mentoring and "
            "reflective practice.",
            Event.Type.TRAINING,
            today + timedelta(days=45),
            (10, 0, 16, 0),
            ("Sheffield Quaker Meeting House", "10 St James Street\nSheffield", "S1 2EW"),
            "yorkshire-and-the-humber",
            ["Learning and skills", "Community development"],
            Event.Status.PUBLISHED,
        ),
        (
            "community-matters",
            "community-associations-and-personalisation",
            "Community associations and personalisation",
            "What self-directed support means for community associations that run care and "
            "support services, and how to keep campaigning while doing so.",
            Event.Type.MEMBER_EVENT,
            today + timedelta(days=60),
            (13, 0, 16, 30),
            ("Community Matters", "12-20 Baron Street\nLondon", "N1 9LL"),
            "london",
            ["Community development", "Advice services"],
            Event.Status.SUBMITTED,
        ),
    ]
    for (
        org_slug,
        slug,
        title,
        summary,
        event_type,
        day,
        hours,
        place,
        region,
        themes,
        status,
    ) in member_events:
        organisation = organisations.get(org_slug)
        if organisation is None:
            continue
        venue, address, postcode = place
        event = _upsert(
            slug,
            themes=themes,
            title=title,
            summary=summary,
            description=summary + "\n\nOrganised by " + organisation.name + ". All welcome.",
            event_type=event_type,
            organiser=organisation,
            region=regions.get(region),
            starts_at=_local(day, hours[0], hours[1]),
            ends_at=_local(day, hours[2], hours[3]),
            attendance=Event.Attendance.IN_PERSON,
            venue=venue,
            address=address,
            postcode=postcode,
            step_free_access=True,
            accessible_toilets=org_slug != "acre",
            registration_enabled=True,
            capacity=30,
            contact_email=organisation.contact_email,
            status=status,
            submitted_by=representative if org_slug == "community-matters" else None,
            submitted_at=timezone.now() if status == Event.Status.SUBMITTED else None,
        )
        if status == Event.Status.PUBLISHED:
            _register(event.occurrences.first(), 7, Registration.Status.CONFIRMED, offset=200)
    total = Event.objects.count()
    registrations = Registration.objects.count()
    return (
        f"Events loaded: {total} events ({Event.objects.exclude(rrule='').count()} series), "
        f"{registrations} registrations; the national conference is full with a waitlist."
    )
