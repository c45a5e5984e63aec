"""Open Graph and Twitter card tags for every page, and the plain share links.

`{% social_meta %}` sits in base.html's <head>, after the title. It reads the
page's own blocks, so a page needs nothing extra to be shared well:

- og:title is the page's `title` block;
- og:description is the `content` of the page's meta description (the `meta` block);
- og:image is the page's `og_image` block (an absolute URL or a path) if it has one,
  otherwise the coalition's share picture;
- og:type is the page's `og_type` block, or "website".

`{% share_links title %}` renders the copy-link and email links (no third-party scripts).
"""

import re
from html import unescape
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.templatetags.static import static
from django.utils.html import strip_tags

register = template.Library()

DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"', re.IGNORECASE)


def _block(context, name: str) -> str:
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block(name) if block_context is not None else None
    if node is None:
        return ""
    with context.push():
        context["block"] = node
        return node.nodelist.render(context)


def _plain(text: str) -> str:
    return " ".join(unescape(strip_tags(text)).split())


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context):
    request = context.get("request")
    profile = context.get("coalition")
    site_name = getattr(profile, "name", "") or "Coalition"
    title = _plain(_block(context, "title")) or site_name
    found = DESCRIPTION.search(_block(context, "meta"))
    description = _plain(found.group(1)) if found else _plain(getattr(profile, "mission", ""))
    image = _plain(_block(context, "og_image")) or static("policy/share.png")
    return {
        "title": title,
        "description": description[:300],
        "image": _absolute(image),
        "url": _absolute(request.path) if request is not None else settings.SITE_URL,
        "type": _plain(_block(context, "og_type")) or "website",
        "site_name": site_name,
    }


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, title: str = ""):
    request = context.get("request")
    url = _absolute(request.path) if request is not None else settings.SITE_URL
    subject = title or "Have a look at this"
    body = f"{title}\n{url}" if title else url
    return {
        "url": url,
        "title": title,
        "mailto": f"mailto:?subject={quote(subject)}&body={quote(body)}",
    }
