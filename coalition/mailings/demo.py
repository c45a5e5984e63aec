"""Demo mailings, from the seeds: the coalition's regular bulletin ("information, news and
events from members and other agencies"), research briefings and campaign updates; about
forty subscribers with their consent records (some withdrawn since, one address on the
suppression list, one suspended after bouncing), and two bulletins sent in early 2010
with their deliveries, in the public archive.

`load(today)` is idempotent: lists by slug, subscribers by email, bulletins by subject.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coalition.mailings.models import (
    Bounce,
    Bulletin,
    BulletinItem,
    ConsentRecord,
    Delivery,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)
from coalition.mailings.services import compose
from coalition.mailings.services.subscriptions import wording_for

LISTS = [
    {
        "slug": "bulletin",
        "name": "Coalition bulletin",
        "description": "A regular bulletin of information, news and events from members and "
        "other agencies. About once a month.",
        "consent_wording": "Email me the coalition bulletin: news and events from members "
        "and other agencies, about once a month.",
        "order": 1,
    },
    {
        "slug": "research-briefings",
        "name": "Research briefings",
        "description": "Email briefings on existing and emerging community sector research "
        "findings. A few times a year.",
        "consent_wording": "Email me research briefings on community sector research "
        "findings, a few times a year.",
        "order": 2,
    },
    {
        "slug": "campaign-updates",
        "name": "Campaign updates",
        "description": "News of the coalition's campaigns, and actions you can take.",
        "consent_wording": "Email me campaign updates and actions I can take.",
        "order": 3,
    },
]

PEOPLE = [
    ("Naomi Alexander", "naomi.alexander@example.org"),
    ("David Tyler", "david.tyler@example.org"),
    ("Jan Crawley", "jan.crawley@swfoundation.example.org"),
    ("Amina Adeyemi", "amina@adurva.example.org"),
    ("Ben Brennan", "ben.brennan@example.org"),
    ("Carys Davies", "carys@cardiffcommunity.example.org"),
    ("Dev Chowdhury", "dev@towerhamletscvs.example.org"),
    ("Eleanor Evans", "eleanor.evans@example.org"),
    ("Farid Hussain", "farid@bradfordcommunity.example.org"),
    ("Grace Fletcher", "grace@ruralaction.example.org"),
    ("Harpreet Kaur", "harpreet@sandwellva.example.org"),
    ("Imogen Gill", "imogen.gill@example.org"),
    ("Jamal Iqbal", "jamal@communityanchors.example.org"),
    ("Kezia Jones", "kezia@citylinks.example.org"),
    ("Liam Lewis", "liam.lewis@example.org"),
    ("Maya Mensah", "maya@lambethforum.example.org"),
    ("Niall O'Brien", "niall@derrywell.example.org"),
    ("Olu Patel", "olu@leicestervs.example.org"),
    ("Priya Rahman", "priya@oldhamcommunity.example.org"),
    ("Rhys Smith", "rhys.smith@example.org"),
    ("Sana Taylor", "sana@womensnetwork.example.org"),
    ("Tomasz Nowak", "tomasz@polishcentre.example.org"),
    ("Uma Usman", "uma@sheffieldcf.example.org"),
    ("Violet Varga", "violet.varga@example.org"),
    ("Wes Walker", "wes@cumbriacva.example.org"),
    ("Yusuf Yates", "yusuf@newhamcommunity.example.org"),
    ("Zara Quinn", "zara@devontrust.example.org"),
    ("Alys Evans", "alys@powysva.example.org"),
    ("Bilal Khan", "bilal@birminghamcf.example.org"),
    ("Chloe Smith", "chloe@hastingsva.example.org"),
    ("Dafydd Jones", "dafydd@gwyneddcommunity.example.org"),
    ("Esme Taylor", "esme.taylor@example.org"),
    ("Femi Adeyemi", "femi@southwarkforum.example.org"),
    ("Gwen Harris", "gwen@shropshirerural.example.org"),
    ("Hamza Ali", "hamza@lutoncommunity.example.org"),
    ("Iris Moore", "iris@norwichcentre.example.org"),
    ("Jonah Price", "jonah@bristolnetwork.example.org"),
    ("Kit Rowe", "kit.rowe@example.org"),
    ("Lena Fischer", "lena@kentva.example.org"),
    ("Moses Okafor", "moses@manchestercf.example.org"),
]
# Who left, who may never be emailed, who bounced.
WITHDRAWN = {
    "ben.brennan@example.org",
    "liam.lewis@example.org",
    "kit.rowe@example.org",
    "esme.taylor@example.org",
}
SUPPRESSED = "rhys.smith@example.org"
BOUNCED = "violet.varga@example.org"

JANUARY = date(2010, 1, 25)
MARCH = date(2010, 3, 22)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _url(name: str, *args) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


BULLETINS = [
    {
        "subject": "Coalition bulletin, January 2010",
        "sent": JANUARY,
        "intro": "Welcome to the first bulletin of 2010, a year that will see the beginnings of "
        "expenditure cuts. Here is what members are doing, and how you can take part.",
        "items": [
            (
                "news",
                "£3,300 from the Network for Social Change",
                "We have been granted £3,300 by the Network for Social Change towards our work on "
                "the privatisation of public services, including a focus on the community sector.",
                "",
                ("news:item", "grant-from-the-network-for-social-change"),
            ),
            (
                "event",
                "The impact of management styles on voluntary action",
                "A workshop in Nottingham on how managerialism is changing voluntary and community "
                "organisations, and what we can do about it.",
                "Saturday 27 February 2010, 10:30, Nottingham Voluntary Action Centre",
                ("events:event", "impact-of-management-styles-nottingham-2010"),
            ),
            (
                "action",
                "Keep small grants: sign the petition",
                "Small grants keep community groups independent. Ask funders to protect them.",
                "Funding the Community Sector",
                ("campaigns:action", "funding-the-community-sector", "keep-small-grants"),
            ),
            (
                "news",
                "Independence audits",
                "Helping agencies and groups see how independent they really are: a tool being "
                "developed with members, to be tried out this spring.",
                "",
                ("campaigns:campaign_list",),
            ),
        ],
    },
    {
        "subject": "Coalition bulletin, March 2010",
        "sent": MARCH,
        "intro": "Commissioning, local governance and what February's workshop told us.",
        "items": [
            (
                "research",
                "Commissioning in West Sussex: the Adur Voluntary Action report",
                "Respondents report serious problems arising from commissioning strategies in West "
                "Sussex. The report feeds our critique of funding regimes, and links to Jan "
                "Crawley's work with the S.W. Foundation on the positive approaches we want from "
                "funders.",
                "Report, March 2010",
                ("news:item", "commissioning-in-west-sussex-report"),
            ),
            (
                "news",
                "What the Nottingham workshop told us",
                "Pay differentials came up as a critical factor in the move to managerialism. A "
                "policy paper on the issues will follow, and elements of a campaign plan are "
                "already emerging.",
                "",
                ("events:calendar",),
            ),
            (
                "action",
                "Write to your council leader",
                "Ask your council to involve community groups in decisions that affect them.",
                "Strengthening Local Governance",
                (
                    "campaigns:action",
                    "strengthening-local-governance",
                    "write-to-your-council-leader",
                ),
            ),
            (
                "news",
                "Every Action Counts",
                "The coalition chairs the £4 million Defra programme Every Action Counts, helping "
                "community groups act on sustainable development.",
                "",
                ("core:about",),
            ),
        ],
    },
]


def _lists() -> dict[str, MailingList]:
    found = {}
    for spec in LISTS:
        mailing_list, _ = MailingList.objects.update_or_create(
            slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
        )
        found[spec["slug"]] = mailing_list
    return found


def _subscribe(subscriber, mailing_list, when, source, imported=False):
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        mailing_list=mailing_list,
        defaults={
            "status": Subscription.Status.SUBSCRIBED,
            "requested_at": when,
            "requested_source": source,
            "requested_wording": wording_for(mailing_list),
            "subscribed_at": when,
        },
    )
    if created:
        ConsentRecord.objects.create(
            subscriber=subscriber,
            email=subscriber.email,
            mailing_list=mailing_list,
            action=ConsentRecord.Action.GIVEN,
            source=source if imported else f"{source}, confirmed by the emailed link",
            wording=(
                "Yes, email me the coalition bulletin (tick box on the paper sign-up sheet)."
                if imported
                else wording_for(mailing_list)
            ),
            at=when,
        )
    return subscription


def _withdraw(subscription, when):
    if subscription.status == Subscription.Status.UNSUBSCRIBED:
        return
    subscription.status = Subscription.Status.UNSUBSCRIBED
    subscription.unsubscribed_at = when
    subscription.save()
    ConsentRecord.objects.create(
        subscriber=subscription.subscriber,
        email=subscription.subscriber.email,
        mailing_list=subscription.mailing_list,
        action=ConsentRecord.Action.WITHDRAWN,
        source="unsubscribe link",
        wording=f"Unsubscribe {subscription.subscriber.email} from "
        f"{subscription.mailing_list.name}.",
        at=when,
    )


def _bulletin(spec, mailing_list, staff_user) -> Bulletin:
    bulletin = Bulletin.objects.filter(subject=spec["subject"]).first()
    if bulletin is not None:
        return bulletin
    sent = _at(spec["sent"], 10)
    bulletin = Bulletin.objects.create(
        mailing_list=mailing_list,
        subject=spec["subject"],
        intro=spec["intro"],
        status=Bulletin.Status.DRAFT,
        created_by=staff_user,
    )
    for order, (kind, title, summary, when, route) in enumerate(spec["items"], start=1):
        BulletinItem.objects.create(
            bulletin=bulletin,
            kind=kind,
            title=title,
            summary=summary,
            when=when,
            url=_url(*route),
            order=order,
        )
    rendered = compose.render(bulletin)
    Bulletin.objects.filter(pk=bulletin.pk).update(
        status=Bulletin.Status.SENT,
        html=rendered.html,
        text=rendered.text,
        created=sent - timedelta(days=3),
        started_at=sent,
        sent_at=sent + timedelta(minutes=2),
    )
    bulletin.refresh_from_db()
    return bulletin


@transaction.atomic
def load(today: date) -> str:
    lists = _lists()
    users = {
        u.email.lower(): u
        for u in get_user_model().objects.filter(email__in=[email for _, email in PEOPLE])
    }
    staff_user = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    subscribers = []
    for index, (name, email) in enumerate(PEOPLE):
        subscriber, _ = Subscriber.objects.get_or_create(
            email=email, defaults={"name": name, "user": users.get(email)}
        )
        subscribers.append(subscriber)
        joined = _at(date(2009, 6, 1) + timedelta(days=index * 5), 8 + index % 9)
        imported = index % 5 == 4
        source = (
            "import: sign-up sheet at the coalition members' meeting, 2009"
            if imported
            else "sign-up form (/subscribe/)"
        )
        _subscribe(subscriber, lists["bulletin"], joined, source, imported=imported)
        if index % 3 == 0:
            _subscribe(
                subscriber, lists["research-briefings"], joined, "sign-up form (/subscribe/)"
            )
        if index % 4 == 1:
            _subscribe(subscriber, lists["campaign-updates"], joined, "sign-up form (/subscribe/)")
    by_email = {s.email: s for s in subscribers}

    # Deliveries go to whoever was subscribed when each bulletin went out.
    for spec in BULLETINS:
        bulletin = _bulletin(spec, lists["bulletin"], staff_user)
        sent_at = bulletin.sent_at
        rows = []
        for subscriber in subscribers:
            gone_before = subscriber.email in WITHDRAWN and spec["sent"] == MARCH
            if gone_before or subscriber.email == SUPPRESSED:
                continue
            failed = subscriber.email == BOUNCED and spec["sent"] == MARCH
            rows.append(
                Delivery(
                    bulletin=bulletin,
                    subscriber=subscriber,
                    email=subscriber.email,
                    status=Delivery.Status.FAILED if failed else Delivery.Status.SENT,
                    attempts=1,
                    sent_at=None if failed else sent_at,
                    error="RCPT TO: 550 5.1.1 User unknown" if failed else "",
                )
            )
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        Bulletin.objects.filter(pk=bulletin.pk).update(recipients=bulletin.deliveries.count())

    # Four left the bulletin after January's, by the link in it.
    for email in sorted(WITHDRAWN):
        subscription = Subscription.objects.get(
            subscriber=by_email[email], mailing_list=lists["bulletin"]
        )
        _withdraw(subscription, _at(JANUARY + timedelta(days=2), 20))
    # One asked by telephone never to be emailed again.
    suppressed = by_email[SUPPRESSED]
    for subscription in suppressed.subscriptions.select_related("mailing_list"):
        _withdraw(subscription, _at(date(2009, 12, 1), 11))
    Suppression.objects.get_or_create(
        email=SUPPRESSED,
        defaults={
            "reason": Suppression.Reason.STAFF,
            "note": "Asked by telephone on 1 December 2009 not to be contacted.",
        },
    )
    # One address stopped working: three hard bounces, suspended.
    bounced = by_email[BOUNCED]
    if not bounced.bounces.exists():
        for day in (date(2010, 1, 25), date(2010, 2, 10), date(2010, 3, 22)):
            bounce = Bounce.objects.create(
                email=BOUNCED,
                subscriber=bounced,
                kind=Bounce.Kind.HARD,
                status="5.1.1",
                diagnostic="smtp; 550 5.1.1 <violet.varga@example.org>: User unknown",
                source="dsn",
                counted=Decimal("1"),
            )
            Bounce.objects.filter(pk=bounce.pk).update(received=_at(day, 12))
        Subscriber.objects.filter(pk=bounced.pk).update(
            bounce_score=Decimal("3"), suspended_at=_at(date(2010, 3, 22), 12)
        )
        Suppression.objects.get_or_create(
            email=BOUNCED,
            defaults={"reason": Suppression.Reason.BOUNCED, "note": "Bounce score 3 (5.1.1)"},
        )
    return (
        f"Mailings: {MailingList.objects.count()} lists, {Subscriber.objects.count()} "
        f"subscribers, {ConsentRecord.objects.count()} consent records, "
        f"{Bulletin.objects.filter(status='sent').count()} bulletins in the archive."
    )
