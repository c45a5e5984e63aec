"""The demo surveys, from the seeds: the survey on the impact of commissioning on community
groups (following the work with Adur Voluntary Action in West Sussex) shared through
several members, with a few hundred answers generated deterministically; and the
independence audit with results that organisations shared with the benchmark.

`load(today)` is idempotent: the survey is found by its slug, its collectors by member,
and answers and audit results are only generated while there are none.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from coalition.members.models import Organisation
from coalition.surveys.models import (
    Answer,
    AuditResult,
    Choice,
    Collector,
    Question,
    Response,
    Section,
    Survey,
)
from coalition.surveys.services import answering, audit
from coalition.surveys.services.building import public_collector

SLUG = "impact-of-commissioning-on-community-groups"
RESPONSES = 320
T = Question.Type
PREFERRED_MEMBERS = ["community-matters", "urban-forum", "bassac", "nacva"]

SECTIONS = [
    (
        "About your group",
        "",
        "",
        [
            (
                T.SINGLE,
                "org_type",
                "What kind of organisation are you?",
                True,
                {
                    "choices": [
                        ("community", "A small community group (no paid staff)"),
                        ("voluntary", "A voluntary organisation with paid staff"),
                        ("infrastructure", "A CVS or other support (second-tier) body"),
                        ("social_enterprise", "A social enterprise"),
                    ]
                },
            ),
            (
                T.SINGLE,
                "area",
                "Where do you mostly work?",
                True,
                {
                    "choices": [
                        ("adur", "Adur"),
                        ("arun", "Arun"),
                        ("chichester", "Chichester"),
                        ("crawley", "Crawley"),
                        ("horsham", "Horsham"),
                        ("mid_sussex", "Mid Sussex"),
                        ("worthing", "Worthing"),
                        ("elsewhere", "Elsewhere in England"),
                    ]
                },
            ),
            (
                T.NUMBER,
                "staff",
                "How many paid staff do you have?",
                False,
                {
                    "help_text": "Count part-time posts as one each. 0 if you have none.",
                    "min_value": 0,
                    "max_value": 2000,
                    "error_message": "Enter a whole number of staff, from 0 to 2,000.",
                },
            ),
            (
                T.POSTCODE,
                "postcode",
                "Your postcode",
                False,
                {"help_text": "Only the district is used in the results."},
            ),
        ],
    ),
    (
        "Funding and commissioning",
        "",
        "",
        [
            (
                T.SINGLE,
                "funding_main",
                "Where does most of your money come from now?",
                True,
                {
                    "choices": [
                        ("grants", "Grants"),
                        ("contracts", "Contracts to deliver public services"),
                        ("donations", "Donations and fundraising"),
                        ("trading", "Trading and fees"),
                        ("mixed", "No single source"),
                    ]
                },
            ),
            (
                T.SINGLE,
                "lost_grant",
                "In the last two years, has a grant you relied on been "
                "replaced by a contract or a tender?",
                True,
                {"choices": [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure")]},
            ),
            (
                T.MULTIPLE,
                "worries",
                "What worries you about commissioning?",
                False,
                {
                    "help_text": "Choose all that apply.",
                    "choices": [
                        ("cuts", "Less money overall"),
                        ("paperwork", "Bidding and monitoring paperwork"),
                        ("big_providers", "Losing out to large national providers"),
                        ("independence", "Losing our independence"),
                        ("drift", "Drifting from our purpose"),
                        ("short_terms", "Contracts too short to plan"),
                    ],
                },
            ),
            (
                T.SCALE,
                "impact",
                "Overall, how has commissioning affected your group?",
                True,
                {
                    "scale_min": 1,
                    "scale_max": 5,
                    "scale_min_label": "Very badly",
                    "scale_max_label": "Very well",
                },
            ),
            (
                T.MATRIX,
                "independence",
                "Compared with five years ago, how strong is your group's independence of…",
                False,
                {
                    "scale_min": 1,
                    "scale_max": 5,
                    "scale_min_label": "Much weaker",
                    "scale_max_label": "Much stronger",
                    "rows": "purpose|Purpose: deciding what you are for\nvoice|Voice: speaking "
                    "out, campaigning\naction|Action: deciding how you work",
                },
            ),
        ],
    ),
    (
        "Contracts and tendering",
        "For groups now funded by contracts, or who lost a grant to a tender.",
        "${funding_main} = 'contracts' or ${lost_grant} = 'yes'",
        [
            (
                T.RANKING,
                "helps",
                "What would help most? Rank them.",
                False,
                {
                    "choices": [
                        ("longer_grants", "Longer grants instead of contracts"),
                        ("simpler_monitoring", "Simpler, proportionate monitoring"),
                        ("local_first", "Commissioning that favours local groups"),
                        ("full_cost", "Paying the full cost of services"),
                    ]
                },
            ),
            (
                T.LONG_TEXT,
                "story",
                "What happened? Tell us in your own words.",
                False,
                {
                    "show_if": "${impact} <= 2",
                    "max_length": 2000,
                    "help_text": "Please do not name individuals.",
                },
            ),
        ],
    ),
    (
        "Before you send",
        "",
        "",
        [
            (
                T.CONSENT,
                "consent",
                "I agree that these answers may be used, anonymously, in the "
                "coalition's report and campaigns",
                True,
                {},
            ),
        ],
    ),
]

STORIES = [
    "Our youth club grant from the council was turned into a contract for 'positive "
    "activities' across the whole district. A national charity won it.",
    "We spent three months on a tender we were never going to win. Our volunteers gave up.",
    "The monitoring forms now take one day a week of our only worker's time.",
    "We were told to become a consortium with groups we had never worked with.",
    "The contract pays per outcome, so the people who need us most are the ones we cannot "
    "afford to help.",
    "We stopped campaigning on bus routes because the county is now our main funder.",
    "Two of our trustees resigned over the risk of taking on a contract.",
    "Our advice service closed when the grant ended and the new contract went to a call centre.",
]


def _structure(survey: Survey) -> None:
    if survey.questions.exists():
        return
    order = 0
    for number, (title, description, show_if, questions) in enumerate(SECTIONS, 1):
        section = Section.objects.create(
            survey=survey, title=title, description=description, show_if=show_if, order=number
        )
        for kind, name, label, required, extra in questions:
            order += 1
            extra = dict(extra)
            choices = extra.pop("choices", [])
            question = Question.objects.create(
                survey=survey,
                section=section,
                type=kind,
                name=name,
                label=label,
                required=required,
                order=order,
                is_public=kind in (T.SINGLE, T.MULTIPLE, T.SCALE),
                **extra,
            )
            Choice.objects.bulk_create(
                Choice(question=question, value=code, label=text, order=n)
                for n, (code, text) in enumerate(choices)
            )


def _answers(rng: random.Random) -> dict:
    """One plausible set of answers: contracts and lost grants lean towards harm."""
    org_type = rng.choices(
        ["community", "voluntary", "infrastructure", "social_enterprise"], [45, 35, 10, 10]
    )[0]
    funding = rng.choices(
        ["grants", "contracts", "donations", "trading", "mixed"], [30, 30, 15, 10, 15]
    )[0]
    lost = rng.choices(["yes", "no", "unsure"], [45 if funding == "contracts" else 25, 60, 15])[0]
    harm = funding == "contracts" or lost == "yes"
    impact = rng.choices([1, 2, 3, 4, 5], [30, 30, 20, 12, 8] if harm else [8, 17, 40, 25, 10])[0]
    answers = {
        "org_type": org_type,
        "area": rng.choices(
            [
                "adur",
                "arun",
                "chichester",
                "crawley",
                "horsham",
                "mid_sussex",
                "worthing",
                "elsewhere",
            ],
            [20, 10, 8, 10, 8, 8, 14, 22],
        )[0],
        "funding_main": funding,
        "lost_grant": lost,
        "impact": str(impact),
        "consent": "yes",
    }
    if org_type != "community" or rng.random() < 0.3:
        answers["staff"] = 0 if org_type == "community" else rng.randint(1, 40)
    if rng.random() < 0.6:
        answers["postcode"] = rng.choice(
            ["BN43 5FA", "BN15 8AG", "BN11 1HA", "RH10 1FY", "PO19 1RQ", "RH12 1SS", "BN17 5LF"]
        )
    worries = [
        w
        for w, p in [
            ("cuts", 0.7),
            ("paperwork", 0.6),
            ("big_providers", 0.5),
            ("independence", 0.45),
            ("drift", 0.3),
            ("short_terms", 0.4),
        ]
        if rng.random() < p * (1.2 if harm else 0.7)
    ]
    if worries:
        answers["worries"] = worries
    if rng.random() < 0.85:
        lean = -1 if harm else 0
        answers["independence"] = {
            row: str(max(1, min(5, rng.choice([2, 3, 3, 4]) + lean)))
            for row in ("purpose", "voice", "action")
        }
    if harm:
        items = ["longer_grants", "simpler_monitoring", "local_first", "full_cost"]
        rng.shuffle(items)
        if rng.random() < 0.8:
            answers["helps"] = items
        if impact <= 2 and rng.random() < 0.5:
            answers["story"] = rng.choice(STORIES)
    return answers


def _responses(survey: Survey, collectors: list, today) -> int:
    if survey.responses.exists():
        return 0
    rng = random.Random(20100227)
    struct = answering.structure(survey, cached=False)
    start = today - timedelta(days=34)
    made = 0
    with transaction.atomic():
        for _ in range(RESPONSES):
            collector = rng.choices(
                collectors, [len(collectors) - i for i in range(len(collectors))]
            )[0]
            answers = answering.only_visible(struct, _answers(rng))
            day = start + timedelta(days=min(33, int(rng.expovariate(1 / 8))))
            response = Response.objects.create(
                survey=survey,
                collector=collector,
                status=Response.Status.COMPLETE,
                data=answers,
                submitted_on=day,
            )
            Answer.objects.bulk_create(answering.answer_rows(struct, response.pk, answers))
            made += 1
    return made


def _audit(today) -> int:
    if AuditResult.objects.exists():
        return 0
    version = audit.current_version()
    sections = audit.load(version)
    rng = random.Random(2007)
    organisations = [
        ("Adur Voluntary Action", 1.2),
        ("Riverside Community Association", 2.3),
        ("Worthing Advice Project", 1.0),
        ("Crawley Youth Forum", 1.7),
        ("Hastings Tenants Together", 2.0),
        ("Arun Community Transport", 1.4),
        ("Horsham Older People's Network", 2.6),
    ]
    made = 0
    for name, level in organisations:
        answers = {}
        for section in sections:
            bias = -0.6 if section.key == "funding" else 0
            for question in section.question_list:
                options = sorted(question.options.all(), key=lambda o: o.score)
                score = max(0, min(len(options) - 1, round(rng.gauss(level + bias, 0.8))))
                answers[question.pk] = options[score].pk
        scores, overall = audit.score(sections, answers)
        result = AuditResult.objects.create(
            version=version,
            organisation_name=name,
            answers={str(k): v for k, v in answers.items()},
            scores=scores,
            overall=overall,
            contributed=True,
        )
        when = timezone.make_aware(
            datetime.combine(today - timedelta(days=rng.randint(5, 60)), time(11))
        )
        AuditResult.objects.filter(pk=result.pk).update(created=when)
        made += 1
    return made


def load(today) -> str:
    survey, _ = Survey.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "The impact of commissioning on community groups",
            "intro": (
                "Across West Sussex and beyond, grants to community groups are being replaced "
                "by contracts and tenders. Working with **Adur Voluntary Action**, the coalition "
                "is gathering evidence of what this means for community groups: their money, "
                "their independence and the people they serve.\n\n"
                "It takes about ten minutes. Your answers are anonymous."
            ),
            "thanks": "Thank you. We will publish what we learn, and use it in our work on "
            "funding regimes that support, rather than undermine, independent action.",
            "status": Survey.Status.OPEN,
            "mode": Survey.Mode.ANONYMOUS,
            "layout": Survey.Layout.PAGED,
            "opens_at": timezone.make_aware(datetime.combine(today - timedelta(days=35), time(9))),
            "closes_at": timezone.make_aware(
                datetime.combine(today + timedelta(days=30), time(17))
            ),
            "results_public": True,
            "identifiers_keep_days": 180,
        },
    )
    _structure(survey)
    public = public_collector(survey)
    members = list(Organisation.objects.listed().filter(slug__in=PREFERRED_MEMBERS))
    members += list(
        Organisation.objects.listed()
        .exclude(slug__in=PREFERRED_MEMBERS)
        .order_by("name")[: max(0, 5 - len(members))]
    )
    collectors = [public]
    for organisation in members:
        collector, _ = Collector.objects.get_or_create(
            survey=survey, organisation=organisation, defaults={"name": organisation.name}
        )
        collectors.append(collector)
    responses = _responses(survey, collectors[1:] + [public], today)
    audits = _audit(today)
    return (
        f"surveys: “{survey.title}” through {len(collectors) - 1} members "
        f"({responses} answers generated); independence audit ({audits} shared results)"
    )
