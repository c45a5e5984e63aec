"""Mentions of member organisations in posts: @slug, e.g. @urban-forum.

The rendered (already sanitised) HTML gets a link to the organisation's directory
entry for each slug that names an active organisation; other @words are left as typed.
"""

import re

from django.urls import reverse
from django.utils.html import escape

MENTION = re.compile(r"(?<![\w/@.])@([a-z0-9][a-z0-9-]{1,79})\b")


def mentioned_slugs(text: str) -> set[str]:
    return set(MENTION.findall(text or ""))


def mentioned_organisations(text: str) -> list:
    from coalition.members.models import Organisation

    slugs = mentioned_slugs(text)
    if not slugs:
        return []
    return list(Organisation.objects.listed().filter(slug__in=slugs))


def link_mentions(html: str) -> str:
    """Link @slug in text (never inside tags or existing links) to the organisation."""
    organisations = {o.slug: o for o in mentioned_organisations(html)}
    if not organisations:
        return html
    parts = re.split(r"(<a\b.*?</a>|<[^>]+>)", html, flags=re.DOTALL)

    def link(match):
        organisation = organisations.get(match.group(1))
        if organisation is None:
            return match.group(0)
        url = reverse("members:organisation", args=[organisation.slug])
        return f'<a href="{url}" class="mention">@{escape(organisation.name)}</a>'

    return "".join(part if part.startswith("<") else MENTION.sub(link, part) for part in parts)
