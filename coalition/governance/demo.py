"""Demo governance: the Assembly, Executive Group and Planning Group, their meetings
(the Planning Group of 25 February 2010 from seed 000, with minutes, actions and
decisions), and priority-setting rounds (one counted and published, one open to vote)."""

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from coalition.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    BodyMember,
    Decision,
    Meeting,
    Paper,
    PriorityRound,
    Proposal,
    Ranking,
)
from coalition.governance.services.priorities import count_round
from coalition.members.models import ExecutiveSeat, Organisation, Person

STAFF_EMAIL = "naomi.alexander@example.org"
REPRESENTATIVE_EMAIL = "david.tyler@example.org"

# People named in the Planning Group notes of 25 February 2010 (first names only, as there).
PLANNING = [
    ("Adrian", "adrian.planning@example.org", "Convenor"),
    ("Chris", "chris.planning@example.org", ""),
    ("Dorothy", "dorothy.planning@example.org", ""),
]

PLANNING_MINUTES_2010 = """\
## Present

Adrian (convenor), Chris, Dorothy; the coordinator.

## 1. Campaign priorities and work programme 2010-on

The draft work programme was discussed item by item and will be revised in the light of
the discussion.

**Work on funding regimes.** Adrian would like work to continue in West Sussex. This could
take the form of a longitudinal study following the story there for the next two years, or,
more actively, funding and supporting organising in the area against the changes taking
place with commissioning. The focus should be on the alternative demands, developing the
models and promoting them (more than arguing for a return to grants).

**Voluntary action and the impact of the recession.** These two aspects are related but
also separate. We need to be more explicit about the threat to advocacy and campaigning as
a proper role. There is room for research, identifying where people are doing it right,
and for work (e.g. training) to equip people to do it better. Chris thought this would fit
the guidelines of the City Parochial Foundation and is happy to draft an application. Our
involvement would be to shape and determine the direction of this work rather than to
undertake it all ourselves. Dorothy suggested linking this with Colin Rochester's work in
Islington.

**Supporting and promoting the community sector.** NAVCA and FCDL (Federation for Community
Development Learning) have some money to do a survey of community action (further details
not known).

**Personalisation or self-directed support.** It was suggested we add a further area of
work. The changes are about to start (April) and the issues are very complex: the idea that
people control how their support needs are met is very good, but the changes are likely to
wreak havoc in the care landscape. The Coalition should have a position and probably be
active.
"""

PRIORITIES_2010 = [
    (
        "Challenging privatisation of public services",
        "Challenge current policy on the role of the voluntary sector in providing public "
        "services, stressing the damaging and regressive intentions and effects of "
        "privatisation, and argue for new understandings of the proper role of voluntary "
        "action and of state funding.",
        "The Adur Voluntary Action survey: serious problems from commissioning strategies in "
        "West Sussex.",
    ),
    (
        "Defending participative ways of working",
        "Reassert inclusive, participative, non-bureaucratic styles of organisation and "
        "management, and defend them against a management orthodoxy imported from the "
        "private sector.",
        "The Nottingham workshop on management styles, 27 February 2010.",
    ),
    (
        "Promoting and safeguarding the community sector",
        "Promote local action by local people as a counterpoint to the sector leadership's "
        "tight focus on professionalised, service-providing agencies.",
        "",
    ),
    (
        "Personalisation and self-directed support",
        "The changes start in April and are likely to wreak havoc in the care landscape; the "
        "Coalition should have a position and probably be active.",
        "Planning Group notes, 25 February 2010.",
    ),
]

# Ballot patterns for the demo members (indexes into PRIORITIES_2010), cycled.
PATTERNS = [[0, 1, 2], [1, 0], [0, 2, 1, 3], [2, 0, 1], [3, 0], [0, 1], [1, 2, 0], [2, 1, 0, 3]]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _person(name: str, email: str) -> Person:
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = Person.objects.create(name=name, email=email)
    return person


def _paper_pdf(title: str, text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0, 5, text.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


def _meeting(body, title, starts_at, **fields) -> Meeting:
    meeting, _ = Meeting.objects.update_or_create(
        body=body, starts_at=starts_at, defaults={"title": title, **fields}
    )
    return meeting


def _item(meeting, order, title, **fields) -> AgendaItem:
    item, _ = AgendaItem.objects.update_or_create(
        meeting=meeting, order=order, defaults={"title": title, **fields}
    )
    return item


def _paper(item, title, text):
    if item.papers.filter(title=title).exists():
        return
    paper = Paper(agenda_item=item, title=title, kind="pdf")
    name = title.lower().replace(" ", "-")[:60] + ".pdf"
    paper.file.save(name, ContentFile(_paper_pdf(title, text)), save=True)


def _action(meeting, owner, description, due, status="open", **fields):
    ActionItem.objects.update_or_create(
        meeting=meeting,
        description=description,
        defaults={"owner": owner, "due": due, "status": status, **fields},
    )


def _decision(meeting, title, text, rationale, visibility="public"):
    Decision.objects.update_or_create(
        meeting=meeting,
        title=title,
        defaults={"text": text, "rationale": rationale, "visibility": visibility},
    )


@transaction.atomic
def load(today: date) -> str:
    assembly, _ = Body.objects.update_or_create(
        slug="assembly",
        defaults={
            "name": "Assembly",
            "kind": Body.Kind.ASSEMBLY,
            "description": "Every member organisation, meeting quarterly to set priorities.",
        },
    )
    executive, _ = Body.objects.update_or_create(
        slug="executive-group",
        defaults={
            "name": "Executive Group",
            "kind": Body.Kind.EXECUTIVE,
            "description": "Elected by the members; meets four times a year.",
        },
    )
    planning, _ = Body.objects.update_or_create(
        slug="planning-group",
        defaults={
            "name": "Planning Group",
            "kind": Body.Kind.PLANNING,
            "description": "Shapes the campaign priorities and the work programme.",
        },
    )
    for seat in ExecutiveSeat.objects.select_related("person"):
        BodyMember.objects.get_or_create(
            body=executive, person=seat.person, defaults={"role": seat.office}
        )
    planners = {}
    for name, email, role in PLANNING:
        person = _person(name, email)
        planners[name] = person
        BodyMember.objects.get_or_create(
            body=planning, person=person, defaults={"role": role, "since": date(2009, 1, 1)}
        )
    staff = Person.objects.filter(email=STAFF_EMAIL).first()
    if staff:
        BodyMember.objects.get_or_create(body=planning, person=staff, defaults={"role": "Staff"})

    # --- The Planning Group of 25 February 2010, its minutes approved on 20 May 2010.
    feb = _meeting(
        planning,
        "Planning Group",
        _at(date(2010, 2, 25), 14, 0),
        location="Community Hub, 33 Corsham Street, London",
        visibility="public",
        agenda_published_at=_at(date(2010, 2, 18), 9),
        minutes=PLANNING_MINUTES_2010,
    )
    may = _meeting(
        planning,
        "Planning Group",
        _at(date(2010, 5, 20), 14, 0),
        location="Community Hub, 33 Corsham Street, London",
        visibility="public",
        agenda_published_at=_at(date(2010, 5, 13), 9),
        minutes="## Present\n\nAdrian, Chris, Dorothy.\n\nThe minutes of 25 February were "
        "approved. Draft minutes: the City Parochial application went in on 30 April.",
        minutes_status=Meeting.MinutesStatus.DRAFT,
    )
    feb.minutes_status = Meeting.MinutesStatus.APPROVED
    feb.minutes_approved_at = may
    feb.save(update_fields=["minutes_status", "minutes_approved_at"])
    programme_item = _item(
        feb,
        1,
        "Campaign priorities and work programme 2010-on",
        description="The draft programme: campaign priorities and the shopping list of projects.",
        owner=staff,
        visibility="public",
    )
    _paper(
        programme_item,
        "Campaign priorities and work programme 2010-on (draft)",
        "Draft for discussion at the Planning Group of 25 February 2010.\n\n"
        + "\n".join(f"- {title}" for title, _case, _evidence in PRIORITIES_2010),
    )
    _item(
        feb,
        2,
        "Funding bids: Network for Social Change and City Parochial",
        owner=planners["Chris"],
        visibility="members",
    )
    _item(feb, 3, "Any other business", visibility="public")
    _item(may, 1, "Minutes of 25 February", visibility="public")
    _item(may, 2, "The work programme: progress", owner=staff, visibility="public")
    for person in planners.values():
        Attendance.objects.update_or_create(
            meeting=feb, person=person, defaults={"status": "present"}
        )
    if staff:
        Attendance.objects.update_or_create(
            meeting=feb, person=staff, defaults={"status": "present"}
        )
    _action(
        feb,
        planners["Chris"],
        "Draft an application to the City Parochial Foundation on advocacy and campaigning",
        date(2010, 4, 30),
        status="done",
        completed_on=date(2010, 4, 30),
        visibility="members",
    )
    _action(
        feb,
        planners["Dorothy"],
        "Find out more about the NAVCA and FCDL survey of community action",
        date(2010, 4, 15),
        visibility="public",
    )
    _action(
        feb,
        planners["Dorothy"],
        "Make contact with Colin Rochester about his work in Islington",
        date(2010, 5, 20),
        visibility="members",
    )
    _action(
        feb,
        staff or planners["Adrian"],
        "Revise the work programme in the light of the discussion and circulate it",
        date(2010, 3, 12),
        status="done",
        completed_on=date(2010, 3, 10),
        visibility="public",
    )
    _decision(
        feb,
        "Add personalisation and self-directed support to the work programme",
        "Personalisation (self-directed support) becomes a further area of work on the "
        "shopping list.",
        "The changes start in April and are very complex: good in principle, but likely to "
        "bring fierce competition and let statutory bodies off the hook. The Coalition should "
        "have a position and probably be active.",
    )
    _decision(
        feb,
        "Continue the work on funding regimes in West Sussex",
        "Follow the story in West Sussex, with Adur Voluntary Action, and develop the "
        "alternative demands and models.",
        "The material from the Adur survey is very strong, and there is some rustling in the "
        "undergrowth partly as a result of the work we have done there already.",
    )
    _decision(
        feb,
        "Apply to the City Parochial Foundation",
        "Chris drafts an application on advocacy and campaigning and on local second tier roles.",
        "The work fits the Foundation's guidelines; our role is to shape and direct it, not to "
        "undertake it all ourselves.",
    )

    # --- The Executive Group: one recent meeting (draft minutes) and the next one.
    event = None
    try:
        from coalition.events.models import Event

        event = Event.objects.filter(slug="executive-group").first()
    except Exception:  # the events app is optional for this demo
        event = None
    representative = Person.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    chair = representative or planners["Adrian"]
    last = _meeting(
        executive,
        "Executive Group",
        _at(today - timedelta(days=35), 10, 30),
        location="Community Hub, London",
        visibility="members",
        event=event,
        agenda_published_at=_at(today - timedelta(days=42), 9),
        minutes="## Present\n\nThe Chair and members of the Executive Group.\n\n"
        "Finance: earned income is below the 25% target; subscriptions renewals to be "
        "chased. The City Parochial Foundation application was noted.",
        minutes_status=Meeting.MinutesStatus.DRAFT,
    )
    _item(last, 1, "Finance and earned income", owner=staff, visibility="members")
    _item(last, 2, "Priority-setting round", owner=chair, visibility="public")
    nxt = _meeting(
        executive,
        "Executive Group",
        _at(today + timedelta(days=21), 10, 30),
        location="Community Hub, London",
        visibility="members",
        event=event,
        agenda_published_at=timezone.now() - timedelta(days=1),
    )
    _item(nxt, 1, "Minutes of the last meeting", visibility="members")
    finance = _item(nxt, 2, "Earned income against the target", owner=staff, visibility="members")
    _paper(finance, "Income report", "Earned income by financial year against the 25% target.")
    _action(
        last,
        chair,
        "Write to members whose subscriptions are overdue",
        today + timedelta(days=2),
        visibility="members",
    )
    _action(
        last,
        staff or chair,
        "Prepare the tender for advice services with the member cluster",
        today - timedelta(days=5),
        status="in_progress",
        visibility="body",
    )
    _decision(
        last,
        "Open a priority-setting round for the year ahead",
        "Members propose and rank priorities for collective action; one ballot per member.",
        "Members asked to 'identify priorities for collective action' openly, and to see "
        "the count.",
    )

    # --- Priority rounds: 2010 (counted and published) and the current one (voting open).
    organisations = list(Organisation.objects.listed().order_by("name"))
    done, _ = PriorityRound.objects.update_or_create(
        slug="priorities-2010",
        defaults={
            "title": "Priorities for collective action 2010-11",
            "description": "The campaign priorities for the next 12-18 months, agreed after the "
            "Planning Group of 25 February 2010.",
            "proposals_close_at": _at(date(2010, 3, 1), 17),
            "voting_opens_at": _at(date(2010, 3, 8), 9),
            "voting_closes_at": _at(date(2010, 3, 22), 17),
            "results_published_at": _at(date(2010, 3, 23), 9),
        },
    )
    proposals = []
    for title, case, evidence in PRIORITIES_2010:
        proposal, _ = Proposal.objects.update_or_create(
            round=done,
            title=title,
            defaults={
                "case": case,
                "evidence": evidence,
                "organisation": organisations[len(proposals) % len(organisations)]
                if organisations
                else None,
            },
        )
        proposals.append(proposal)
    for index, organisation in enumerate(organisations):
        ballot, created = Ballot.objects.get_or_create(
            round=done, organisation=organisation, defaults={"cast_at": _at(date(2010, 3, 10), 12)}
        )
        if created:
            Ranking.objects.bulk_create(
                Ranking(ballot=ballot, proposal=proposals[choice], rank=rank)
                for rank, choice in enumerate(PATTERNS[index % len(PATTERNS)], start=1)
            )
    done.count = count_round(done)
    done.save(update_fields=["count"])
    adopted = [p for p in proposals if p.pk in done.count["order"][:3]]
    campaign = None
    try:
        from coalition.campaigns.models import Campaign

        campaign = Campaign.objects.filter(slug="keep-our-voice").first()
    except Exception:
        campaign = None
    for proposal in adopted:
        proposal.is_adopted = True
        if proposal.title.startswith("Challenging") and campaign is not None:
            proposal.campaign = campaign
        proposal.save()

    current, _ = PriorityRound.objects.update_or_create(
        slug="priorities-this-year",
        defaults={
            "title": f"Priorities for collective action {today.year}",
            "description": "Propose and rank the coalition's priorities for the year ahead. "
            "Each member organisation casts one ballot through its representative.",
            "proposals_close_at": timezone.now() - timedelta(days=10),
            "voting_opens_at": timezone.now() - timedelta(days=3),
            "voting_closes_at": timezone.now() + timedelta(days=14),
            "allow_ballot_change": True,
        },
    )
    for title, case in [
        (
            "Commissioning that supports independent action",
            "Make the case for funding and "
            "resourcing that supports rather than undermines independent action.",
        ),
        (
            "Building a critical research network",
            "Link activists with academics who hold the "
            "evidence they need (Birkbeck, Roehampton, Nottingham Trent, Essex).",
        ),
        (
            "A national conference",
            "Raise the Coalition's profile, build solidarity and consult on its direction.",
        ),
    ]:
        Proposal.objects.update_or_create(round=current, title=title, defaults={"case": case})
    return (
        f"Governance loaded: {Body.objects.count()} bodies, {Meeting.objects.count()} meetings, "
        f"{Decision.objects.count()} decisions, {ActionItem.objects.count()} actions; "
        f"{Ballot.objects.filter(round=done).count()} ballots counted in {done.title}."
    )
