"""Markdown (sanitised by nh3) and readable diffs in policy and discussion templates."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from coalition.lib.markup import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def diff_html(pieces) -> SafeString:
    """Pieces from services.responses.diff_text as <ins>/<del>, every word escaped."""
    tags = {"same": "span", "added": "ins", "removed": "del"}
    return format_html_join("", "<{0}>{1}</{0}>", ((tags[p.kind], p.text) for p in pieces))
