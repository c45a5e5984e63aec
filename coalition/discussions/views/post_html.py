"""A page of posts as HTML, built in Python.

The thread page is the most read page of the network (a 5,000-post thread's first page
must answer in 50 ms at p95, bench/policy.py); the template engine's per-post overhead was
most of its time. Same markup the template made: post bodies are sanitised HTML (rendered
by lib.markup on save), every other value is escaped here.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator


def _when(moment, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local.day} {local:%b %Y, %H:%M}"


def _quote(post) -> str:
    quoted = post.quoted
    if quoted.is_hidden or quoted.is_removed:
        text = "(a post that is no longer shown)"
    else:
        text = escape(Truncator(quoted.body).words(60))
    return (
        f'<blockquote class="post__quote"><p>{escape(quoted.author_name)} wrote:</p>'
        f"<p>{text}</p></blockquote>"
    )


def post_list(
    posts, *, staff: bool, signed_in: bool, can_post: bool, page_number: int, viewer_id=None
) -> SafeString:
    zone = timezone.get_current_timezone()
    report_prefix = reverse("discussions:report", args=[0])[: -len("0/report/")]
    page_part = f"&amp;page={page_number}" if page_number > 1 else ""
    parts = ['<ol class="post-list">']
    for post in posts:
        name = escape(post.author_name)
        visible = not (post.is_hidden or post.is_removed)
        parts.append(
            f'<li class="post{"" if visible else " post--hidden"}" id="post-{post.pk}">'
            f'<p class="post__meta"><strong>{name}</strong>, '
            f'<a href="?post={post.pk}#post-{post.pk}">{_when(post.created, zone)}</a>'
            + (f" (edited {_when(post.edited, zone)})" if post.edited else "")
            + "</p>"
        )
        if post.is_removed:
            reason = f": {escape(post.moderation_reason)}" if post.moderation_reason else ""
            parts.append(f"<p>This post was removed by staff{reason}.</p></li>")
            continue
        if post.is_hidden and not staff:
            parts.append("<p>This post is hidden until staff review it.</p></li>")
            continue
        if post.is_hidden:
            parts.append(
                '<p class="message message--warning">Hidden pending review (staff see it).</p>'
            )
        if post.quoted_id:
            parts.append(_quote(post))
        parts.append(post.body_html)
        if signed_in:
            hidden = f'<span class="visually-hidden"> {name}\'s post</span>'
            quote = (
                f'<a href="?quote={post.pk}{page_part}#reply">Quote{hidden}</a> '
                if can_post
                else ""
            )
            own = can_post and viewer_id is not None and post.author_id == viewer_id
            edit = f'<a href="{report_prefix}{post.pk}/edit/">Edit{hidden}</a> ' if own else ""
            parts.append(
                f'<p class="post__actions">{quote}{edit}'
                f'<a href="{report_prefix}{post.pk}/report/">Report{hidden}</a></p>'
            )
        parts.append("</li>")
    parts.append("</ol>")
    # Bodies are nh3-cleaned HTML from lib.markup; every other value above is escaped.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
