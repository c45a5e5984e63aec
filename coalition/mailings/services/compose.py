"""Composing a bulletin: filling it from the site, and rendering the message once.

`fill_from_site` adds what was published since the list's last sent bulletin: news
(the news app, when it is there), upcoming events, open campaign actions, and research
(when that app exists). Each piece is added once per bulletin (its `source`), so
pressing the button again only adds what is new.

`render` makes the HTML (CSS inlined with css-inline, single column, no web fonts) and
the plain text once per bulletin; the per-recipient links are placeholders filled in
as each message is built (services/sending.py).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import css_inline
from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from coalition.mailings.models import Bulletin, BulletinItem

log = logging.getLogger(__name__)

UNSUBSCRIBE_PLACEHOLDER = "%%unsubscribe_url%%"
PREFERENCES_PLACEHOLDER = "%%preferences_url%%"
# With no bulletin sent to the list yet, fill from what was published in these days.
FIRST_FILL_DAYS = 60
MAX_PER_KIND = 8


def since_for(bulletin: Bulletin):
    last = (
        Bulletin.objects.filter(mailing_list=bulletin.mailing_list, status=Bulletin.Status.SENT)
        .exclude(pk=bulletin.pk)
        .aggregate(last=Max("sent_at"))["last"]
    )
    return last or timezone.now() - timedelta(days=FIRST_FILL_DAYS)


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL + url


def _table_exists(model) -> bool:
    return model._meta.db_table in connection.introspection.table_names()


def news_items(since) -> list[dict]:
    """Published news since then, newest first (the news app, when it is installed)."""
    try:
        from coalition.news.models import NewsItem
    except ImportError:
        return []
    manager = NewsItem.objects
    if not hasattr(manager, "published") or not _table_exists(NewsItem):
        return []
    found = []
    try:
        items = manager.published().filter(published_at__gt=since)[:MAX_PER_KIND]
        for item in items:
            organisation = getattr(item, "organisation", None)
            when = timezone.localtime(item.published_at).strftime("%-d %B %Y")
            found.append(
                {
                    "kind": BulletinItem.Kind.NEWS,
                    "source": f"news:{item.pk}",
                    "title": item.title,
                    "summary": getattr(item, "summary", "") or "",
                    "url": _absolute(item.get_absolute_url()),
                    "when": f"{when}, {organisation.name}" if organisation else when,
                }
            )
    except Exception:  # the news app is being built alongside; never break a bulletin
        log.exception("Could not read news for the bulletin")
        return []
    return found


def member_feed_items(since) -> list[dict]:
    """ "From our members": entries of members' own feeds (news app), linking to the originals."""
    try:
        from coalition.news.models import MemberFeedEntry
    except ImportError:
        return []
    if not hasattr(MemberFeedEntry.objects, "public") or not _table_exists(MemberFeedEntry):
        return []
    try:
        entries = (
            MemberFeedEntry.objects.public()
            .filter(published_at__gt=since)
            .select_related("feed__organisation")
            .order_by("-published_at")[:MAX_PER_KIND]
        )
        found = []
        for entry in entries:
            organisation = entry.feed.organisation
            when = timezone.localtime(entry.published_at).strftime("%-d %B %Y")
            found.append(
                {
                    "kind": BulletinItem.Kind.NEWS,
                    "source": f"feed:{entry.pk}",
                    "title": entry.title,
                    "summary": (entry.summary or "")[:400],
                    "url": entry.link,
                    "when": f"{when}, from {organisation.name}"[:120],
                }
            )
        return found
    except Exception:  # the news app is being built alongside; never break a bulletin
        log.exception("Could not read members' feeds for the bulletin")
        return []


def research_items(since) -> list[dict]:
    """New research: library items published since then, then research gaps answered since
    then (the research app; its briefings are composed from these, see docs/research.md)."""
    try:
        from coalition.research.models import ResearchGap, ResearchItem
    except ImportError:
        return []
    if not hasattr(ResearchItem.objects, "published") or not _table_exists(ResearchItem):
        return []
    found = []
    try:
        items = (
            ResearchItem.objects.published()
            .filter(published_at__gt=since)
            .prefetch_related("authorships__author")[:MAX_PER_KIND]
        )
        for item in items:
            names = item.author_names
            who = names[0] + (" and others" if len(names) > 1 else "") if names else ""
            when = ", ".join(str(part) for part in (who or item.publisher, item.year) if part)
            found.append(
                {
                    "kind": BulletinItem.Kind.RESEARCH,
                    "source": f"research:{item.pk}",
                    "title": item.title,
                    "summary": item.summary or "",
                    "url": _absolute(item.get_absolute_url()),
                    "when": when[:120],
                }
            )
        gaps = ResearchGap.objects.filter(
            status=ResearchGap.Status.ANSWERED, answered_at__gt=since
        ).order_by("-answered_at")[:MAX_PER_KIND]
        for gap in gaps:
            found.append(
                {
                    "kind": BulletinItem.Kind.RESEARCH,
                    "source": f"research-gap:{gap.pk}",
                    "title": f"Answered: {gap.title}",
                    "summary": gap.status_note or gap.description[:400],
                    "url": _absolute(gap.get_absolute_url()),
                    "when": "A research gap answered",
                }
            )
    except Exception:  # never break a bulletin
        log.exception("Could not read research for the bulletin")
        return []
    return found


def event_items(since) -> list[dict]:
    """Upcoming dates of events published since then: the next date of each event."""
    from django.db.models.functions import Coalesce

    from coalition.events.models import Event, Occurrence

    now = timezone.now()
    events = Event.objects.filter(status=Event.Status.PUBLISHED)
    events = events.annotate(published=Coalesce("moderated_at", "created")).filter(
        published__gt=since
    )
    occurrences = (
        Occurrence.objects.filter(event__in=events, is_cancelled=False, starts_at__gt=now)
        .select_related("event", "event__organiser")
        .order_by("starts_at")
    )
    found, seen = [], set()
    for occurrence in occurrences[: MAX_PER_KIND * 6]:
        if occurrence.event_id in seen:
            continue
        seen.add(occurrence.event_id)
        event = occurrence.event
        start = timezone.localtime(occurrence.starts_at, event.zone)
        when = (
            start.strftime("%A %-d %B %Y")
            if event.all_day
            else start.strftime("%A %-d %B %Y, %H:%M")
        )
        where = "Online" if event.attendance == "online" else (event.venue or "")
        found.append(
            {
                "kind": BulletinItem.Kind.EVENT,
                "source": f"event:{event.pk}",
                "title": event.title,
                "summary": event.summary,
                "url": _absolute(occurrence.get_absolute_url()),
                "when": f"{when}{', ' + where if where else ''}"[:120],
            }
        )
        if len(found) >= MAX_PER_KIND:
            break
    return found


def action_items(since) -> list[dict]:
    """Campaign actions open now that were opened since then."""
    from coalition.campaigns.models import Action, Campaign

    actions = (
        Action.objects.filter(
            status=Action.Status.OPEN,
            campaign__status=Campaign.Status.ACTIVE,
            created__gt=since,
        )
        .select_related("campaign")
        .order_by("-created")
    )
    now = timezone.now()
    found = []
    for action in actions[: MAX_PER_KIND * 2]:
        if not action.is_open(now):
            continue
        found.append(
            {
                "kind": BulletinItem.Kind.ACTION,
                "source": f"action:{action.pk}",
                "title": action.title,
                "summary": action.campaign.summary,
                "url": _absolute(action.get_absolute_url()),
                "when": (
                    f"Open until {timezone.localtime(action.closes_at):%-d %B %Y}"
                    if action.closes_at
                    else f"{action.get_kind_display()}, {action.campaign.title}"
                )[:120],
            }
        )
        if len(found) >= MAX_PER_KIND:
            break
    return found


def fill_from_site(bulletin: Bulletin) -> int:
    """Add everything new since the last bulletin; returns how many items were added."""
    since = since_for(bulletin)
    candidates = (
        news_items(since)
        + member_feed_items(since)
        + event_items(since)
        + action_items(since)
        + research_items(since)
    )
    have = set(bulletin.items.exclude(source="").values_list("source", flat=True))
    order = (bulletin.items.aggregate(last=Max("order"))["last"] or 0) + 1
    new = []
    for candidate in candidates:
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
    Bulletin.objects.filter(pk=bulletin.pk).update(filled_at=timezone.now())
    return len(new)


def link_room() -> int:
    """The most one recipient's link can add to a line, over its placeholder's length."""
    return len(settings.SITE_URL) + 200


def sent_length(line: str) -> int:
    """A line's length once each recipient's links replace the placeholders."""
    links = line.count(UNSUBSCRIBE_PLACEHOLDER) + line.count(PREFERENCES_PLACEHOLDER)
    return len(line) + links * link_room()


def pack_lines(html: str, width: int = 900) -> str:
    """Fewer, longer lines (each under SMTP's 998): a newline between HTML lines is only
    whitespace, so lines are joined with a space. Smaller messages, fewer lines for every
    mail server to read, and never a line so long that the part needs quoted-printable,
    counting each link at its longest (`sent_length`)."""
    packed, current = [], ""
    pieces = []
    for line in html.splitlines():
        line = line.strip()
        while sent_length(line) > width and " " in line[1:width]:  # break at a space
            cut = line.rindex(" ", 1, width)
            pieces.append(line[:cut])
            line = line[cut + 1 :]
        pieces.append(line)
    for line in pieces:
        if not line:
            continue
        if current and sent_length(current) + 1 + sent_length(line) > width:
            packed.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
    if current:
        packed.append(current)
    return "\n".join(packed) + "\n"


@dataclass
class Rendered:
    subject: str
    html: str
    text: str


def _context(bulletin: Bulletin, unsubscribe_url: str, preferences_url: str) -> dict:
    from coalition.core.models import CoalitionProfile

    items = list(bulletin.items.all())
    groups = []
    for kind, label in BulletinItem.Kind.choices:
        chosen = [item for item in items if item.kind == kind]
        if chosen:
            groups.append((label, chosen))
    return {
        "bulletin": bulletin,
        "items": items,
        "coalition": CoalitionProfile.current(),
        "site_url": settings.SITE_URL,
        "archive_url": settings.SITE_URL + bulletin.get_absolute_url(),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url,
    }


def render(bulletin: Bulletin, unsubscribe_url=UNSUBSCRIBE_PLACEHOLDER, preferences_url=None):
    """The message, once: links for one recipient are placeholders unless given."""
    preferences_url = preferences_url or PREFERENCES_PLACEHOLDER
    context = _context(bulletin, unsubscribe_url, preferences_url)
    html = render_to_string("mailings/emails/bulletin.html", context)
    html = pack_lines(css_inline.inline(html))
    text = render_to_string("mailings/emails/bulletin.txt", context)
    return Rendered(subject=bulletin.subject, html=html, text=text)
