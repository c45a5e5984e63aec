"""Research briefings: a bulletin on the research list, filled with library items published
and gaps answered since the list's last briefing, then sent by the mailings app."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from coalition.mailings.models import Bulletin, BulletinItem, MailingList
from coalition.mailings.services.compose import research_items, since_for


class NoResearchList(Exception):
    pass


def research_list() -> MailingList:
    found = MailingList.objects.filter(slug=settings.RESEARCH_BRIEFING_LIST).first()
    if found is None:
        raise NoResearchList(
            f"There is no mailing list “{settings.RESEARCH_BRIEFING_LIST}” for research briefings."
            " Make one in Mailings (or set RESEARCH_BRIEFING_LIST)."
        )
    return found


def draft_briefings():
    try:
        mailing_list = research_list()
    except NoResearchList:
        return Bulletin.objects.none()
    return Bulletin.objects.filter(mailing_list=mailing_list).order_by("-created")[:10]


def candidates() -> list[dict]:
    """What a new briefing would contain now."""
    try:
        mailing_list = research_list()
    except NoResearchList:
        return []
    probe = Bulletin(mailing_list=mailing_list)
    return research_items(since_for(probe))


@transaction.atomic
def compose(user, subject: str, intro: str = "") -> Bulletin:
    bulletin = Bulletin.objects.create(
        mailing_list=research_list(), subject=subject, intro=intro, created_by=user
    )
    fill(bulletin)
    return bulletin


def fill(bulletin: Bulletin) -> int:
    """Add the research not yet in this briefing; returns how many were added."""
    have = set(bulletin.items.exclude(source="").values_list("source", flat=True))
    order = (bulletin.items.aggregate(last=Max("order"))["last"] or 0) + 1
    new = []
    for candidate in research_items(since_for(bulletin)):
        if candidate["source"] in have:
            continue
        have.add(candidate["source"])
        new.append(
            BulletinItem(
                bulletin=bulletin,
                kind=candidate["kind"],
                source=candidate["source"],
                title=candidate["title"][:200],
                summary=candidate["summary"],
                url=candidate["url"][:500],
                when=candidate["when"][:120],
                order=order,
            )
        )
        order += 1
    BulletinItem.objects.bulk_create(new)
    return len(new)
