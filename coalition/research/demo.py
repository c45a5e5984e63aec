"""The demo's research and learning (content in demo_content.py): the library from the
seeds' topics, institutions named in the seeds with fictional researchers (each with an
account, password DEMO_PASSWORD), research gaps with support, an answered request for
evidence and one waiting, the learning programme linked to the demo events, and an item
waiting for review.

`load(today)` is idempotent: rows are found by slug, username, title or their pair.
"""

import os
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from coalition.core.models import Theme
from coalition.research.demo_content import GAPS, INSTITUTIONS, ITEMS, RESEARCHERS, WAITING
from coalition.research.models import (
    EvidenceMessage,
    EvidenceRequest,
    GapSupport,
    Institution,
    LearningMaterial,
    LearningOpportunity,
    Researcher,
    ResearchGap,
    ResearchItem,
)
from coalition.research.services.library import set_authors

STAFF_EMAIL = "naomi.alexander@example.org"
REPRESENTATIVE_EMAIL = "david.tyler@example.org"


def _at(today: date, days_ago: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour)))


def _themes(names):
    return list(Theme.objects.filter(name__in=names))


def _user(username: str, name: str):
    User = get_user_model()
    email = f"{username}.{name.split()[-1].lower()}@example.org"
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": email,
            "first_name": name.split()[-2],
            "last_name": name.split()[-1],
        },
    )
    if created:
        user.set_password(os.environ.get("DEMO_PASSWORD", "coalition-demo-2026"))
        user.save()
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return user


def load_network() -> dict:
    institutions = {}
    for name, slug, description, expertise, themes in INSTITUTIONS:
        institution, _ = Institution.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "expertise": expertise},
        )
        institution.themes.set(_themes(themes))
        institutions[slug] = institution
    researchers = {}
    for name, username, where, role, expertise, themes, public, bio in RESEARCHERS:
        user = _user(username, name)
        person, _ = Researcher.objects.update_or_create(
            slug=username + "-" + name.split()[-1].lower(),
            defaults={
                "user": user,
                "name": name,
                "email": user.email,
                "institution": institutions[where],
                "role": role,
                "expertise": expertise,
                "bio": bio,
                "public_profile": public,
                "status": Researcher.Status.ACTIVE,
            },
        )
        person.themes.set(_themes(themes))
        researchers[username] = person
    return researchers


def load_items(today: date, staff) -> dict:
    from coalition.campaigns.models import Campaign

    items = {}
    for (
        slug, kind, title, authors, publisher, container, year, summary, abstract, findings,
        themes, campaigns, doi, url, licence, open_access, days,
    ) in ITEMS:  # fmt: skip
        item, _ = ResearchItem.objects.update_or_create(
            slug=slug,
            defaults={
                "item_type": kind,
                "title": title,
                "publisher": publisher,
                "container_title": container,
                "year": year,
                "summary": summary,
                "abstract": abstract,
                "key_findings": findings,
                "doi": doi,
                "url": url,
                "licence": licence,
                "open_access": open_access,
                "status": ResearchItem.Status.PUBLISHED,
                "published_at": _at(today, days),
                "moderated_by": staff,
                "moderated_at": _at(today, days),
            },
        )
        item.themes.set(_themes(themes))
        item.campaigns.set(Campaign.objects.filter(slug__in=campaigns))
        set_authors(item, [{"name": n, "kind": k} for n, k in authors])
        items[slug] = item
    return items


def load_waiting(today: date, researchers) -> None:
    username, slug, title, summary = WAITING
    person = researchers[username]
    item, _ = ResearchItem.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "summary": summary,
            "item_type": ResearchItem.Type.REPORT,
            "year": today.year,
            "publisher": person.institution.name,
            "url": "https://www.example.org/research/user-led-organisations.pdf",
            "status": ResearchItem.Status.SUBMITTED,
            "submitted_by": person.user,
            "submitted_at": _at(today, 1, 16),
        },
    )
    item.themes.set(_themes(["Advice services"]))
    set_authors(item, [{"name": "Bains, Sunita", "kind": "person"}])


def load_gaps(today: date, items, researchers) -> int:
    User = get_user_model()
    for number, (title, description, themes, status, supporters, note, answers) in enumerate(GAPS):
        gap, _ = ResearchGap.objects.update_or_create(
            title=title,
            defaults={
                "description": description,
                "status": status,
                "status_note": note,
                "researcher": researchers["ruth"] if status == "researching" else None,
                "answered_at": _at(today, 3) if status == "answered" else None,
            },
        )
        gap.themes.set(_themes(themes))
        gap.items.set([items[slug] for slug in answers])
        for user in User.objects.filter(username__in=supporters):
            GapSupport.objects.get_or_create(gap=gap, user=user)
        ResearchGap.objects.filter(pk=gap.pk).update(
            support_count=gap.supports.count(), created=_at(today, 30 - number * 5)
        )
    return len(GAPS)


def load_requests(today: date, items, researchers) -> None:
    User = get_user_model()
    asker = User.objects.filter(email=REPRESENTATIVE_EMAIL).first()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if asker is None:
        return
    answered, created = EvidenceRequest.objects.get_or_create(
        title="Evidence on the effects of commissioning on small community groups",
        defaults={
            "asker": asker,
            "asker_name": "David Tyler",
            "description": "Our council is moving all community grants to commissioning next "
            "year. We need evidence of what that did elsewhere, for a scrutiny meeting.",
            "status": EvidenceRequest.Status.ANSWERED,
            "routed_by": staff,
            "routed_at": _at(today, 8),
        },
    )
    if created:
        answered.themes.set(_themes(["Funding and finance"]))
        answered.researchers.set([researchers["ruth"], researchers["owen"]])
        EvidenceMessage.objects.create(
            request=answered, author=asker, author_name="David Tyler", role="asker",
            body=answered.description,
        )  # fmt: skip
        EvidenceMessage.objects.create(
            request=answered, author=staff, author_name="Coalition staff", role="staff",
            body="Ruth and Owen have both worked on commissioning; over to them.",
        )  # fmt: skip
        reply = EvidenceMessage.objects.create(
            request=answered,
            author=researchers["ruth"].user,
            author_name=researchers["ruth"].name,
            role="researcher",
            body="The West Sussex study is the closest match: small groups were shut out of "
            "contracts and lost time for advocacy. The 2009 article has the wider picture.",
        )
        reply.items.set([items["commissioning-in-west-sussex"], items["from-grants-to-contracts"]])
    waiting, created = EvidenceRequest.objects.get_or_create(
        title="Do personal budgets help or harm small user-led groups?",
        defaults={
            "asker": asker,
            "asker_name": "David Tyler",
            "description": "Members running day services ask what personalisation will do to "
            "them. Is there early evidence from councils that started first?",
            "needed_by": today + timedelta(days=45),
        },
    )
    if created:
        waiting.themes.set(_themes(["Advice services"]))
        EvidenceMessage.objects.create(
            request=waiting, author=asker, author_name="David Tyler", role="asker",
            body=waiting.description,
        )  # fmt: skip


def _event_date(event):
    return timezone.localtime(event.starts_at).date() if event and event.starts_at else None


def load_learning(today: date, items) -> int:
    from coalition.events.models import Event

    events = {e.slug: e for e in Event.objects.all()}
    rows = [
        (
            "evidence-for-local-campaigners",
            "Learning from research: evidence for local campaigners",
            "seminar",
            "researchers",
            "Researchers from our network share findings on commissioning and joint working, "
            "and hear what evidence activists need.",
            events.get("learning-from-research-evidence-for-campaigners"),
            today + timedelta(days=38),
            "",
            ["from-grants-to-contracts", "joint-working-with-the-statutory-sector"],
        ),
        (
            "management-styles-workshop-nottingham",
            "The impact of management styles: the Nottingham workshop",
            "workshop",
            "members",
            "A workshop on managerialism, pay differentials and independence audits.",
            events.get("impact-of-management-styles-nottingham-2010"),
            today - timedelta(days=30),
            "## What we learned\n\n- Pay differentials matter more than we thought: "
            "they drive the move to managerialism.\n- Participants want to try "
            "**independence audits** in their own agencies.\n- Unions are natural allies "
            "for sparking debate in workplaces.",
            ["management-styles-and-voluntary-action"],
        ),
        (
            "community-sector-for-public-sector",
            "Understanding the community sector: training for public sector staff",
            "training",
            "public-sector",
            "A half-day course for council and health staff on how community groups work "
            "and how to fund them without undermining their independence.",
            None,
            today + timedelta(days=70),
            "",
            ["what-is-the-community-sector", "commissioning-in-west-sussex"],
        ),
    ]
    for slug, title, kind, audience, summary, event, starts, writeup, reading in rows:
        opportunity, _ = LearningOpportunity.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "audience": audience,
                "summary": summary,
                "description": summary,
                "event": event,
                "starts_on": _event_date(event) or starts,
                "writeup": writeup,
                "status": LearningOpportunity.Status.PUBLISHED,
            },
        )
        opportunity.items.set([items[s] for s in reading if s in items])
    workshop = LearningOpportunity.objects.get(slug="management-styles-workshop-nottingham")
    for order, (title, kind, url) in enumerate(
        [
            ("Workshop slides", "slides", "https://www.example.org/learning/nottingham-slides"),
            ("Independence audit handout", "handout", "https://www.example.org/learning/audit"),
        ]
    ):
        LearningMaterial.objects.update_or_create(
            opportunity=workshop, title=title, defaults={"kind": kind, "url": url, "order": order}
        )
    return len(rows)


def load(today: date) -> str:
    staff = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    researchers = load_network()
    items = load_items(today, staff)
    load_waiting(today, researchers)
    gaps = load_gaps(today, items, researchers)
    load_requests(today, items, researchers)
    learning = load_learning(today, items)
    return (
        f"{len(items)} research items (1 waiting), {len(researchers)} researchers at "
        f"{len(INSTITUTIONS)} institutions, {gaps} research gaps, 2 requests for evidence, "
        f"{learning} learning opportunities"
    )
