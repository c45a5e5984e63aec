"""A section's comment threads as HTML, built in Python.

A draft response can carry thousands of comments; the template engine costs about
ten times more per comment than joining escaped strings, so this one list is built
here (see bench/policy.py). The markup is the same the template would make: the
comment bodies are already sanitised HTML (rendered by lib.markup on save), and
everything else is escaped (the standard library's html.escape: Django's lazy-aware
wrapper costs more than the escaping itself at this count).
"""

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

STAFF_NAME = "Coalition staff"


@dataclass(slots=True)
class CommentRow:
    pk: int
    section_id: int
    parent_id: int | None
    organisation_name: str | None
    body_html: str
    proposed_wording: str
    resolved_at: datetime | None
    created: datetime
    thread: list = field(default_factory=list)


def _when(moment, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y, %H:%M}"


def _wording(comment, label: bool) -> str:
    if not comment.proposed_wording:
        return ""
    intro = '<p class="muted">Proposed wording:</p>' if label else ""
    return f'{intro}<blockquote class="wording">{escape(comment.proposed_wording)}</blockquote>'


def comment_list(
    section_id: int, comments: list, *, can_comment: bool, staff: bool, csrf_token: str = ""
) -> SafeString:
    if not comments:
        return mark_safe("")  # noqa: S308  # nosec B308 B703 (empty)
    zone = timezone.get_current_timezone()
    parts = ['<ul class="comment-list">']
    for c in comments:
        who = escape(c.organisation_name) if c.organisation_name else STAFF_NAME
        resolved = " comment--resolved" if c.resolved_at else ""
        parts.append(
            f'<li class="comment{resolved}" id="comment-{c.pk}"><p class="comment__meta">'
            f"{who}, {_when(c.created, zone)}"
            f"{' · <strong>resolved</strong>' if c.resolved_at else ''}</p>"
            f"{c.body_html}{_wording(c, True)}"
        )
        if can_comment:
            parts.append(
                f'<p><a href="?reply_to={c.pk}#comment-form-{section_id}">Reply'
                f'<span class="visually-hidden"> to {who}</span></a></p>'
            )
        if staff:
            action = reverse("policy:staff_resolve", args=[c.pk])
            label, value = ("Reopen", "0") if c.resolved_at else ("Mark resolved", "1")
            parts.append(
                f'<form method="post" action="{action}" class="inline-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
                '<input type="hidden" name="next" value="response">'
                f'<input type="hidden" name="resolved" value="{value}">'
                '<button type="submit" class="button button--small button--secondary">'
                f"{label}</button></form>"
            )
        if c.thread:
            parts.append('<ul class="comment__replies">')
            for r in c.thread:
                name = escape(r.organisation_name) if r.organisation_name else STAFF_NAME
                parts.append(
                    f'<li class="comment" id="comment-{r.pk}"><p class="comment__meta">'
                    f"{name}, {_when(r.created, zone)}</p>{r.body_html}{_wording(r, False)}</li>"
                )
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ul>")
    # Bodies are nh3-cleaned HTML from lib.markup; every other value above is escaped.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
