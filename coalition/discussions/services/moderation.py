"""Reports and staff moderation. Every change is audited with its reason (django-auditlog).

A post with DISCUSSIONS_REPORTS_TO_HIDE open reports is hidden until staff look
(as Decidim does), and its author is told. Staff restore it (the reports are
closed) or remove it. Staff lock, move or remove whole threads, always with a reason.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.discussions.models import Post, Report, Thread
from coalition.lib.email import queue_email


class ModerationError(Exception):
    pass


def report_post(post: Post, user, reason: str) -> tuple[bool, bool]:
    """(the report is new, the post is now hidden). One report per person per post."""
    try:
        with transaction.atomic():
            Report.objects.create(post=post, reporter=user, reason=reason)
    except IntegrityError:
        return False, post.is_hidden
    open_reports = Report.objects.filter(post=post, reviewed_at__isnull=True).count()
    if not post.is_hidden and open_reports >= settings.DISCUSSIONS_REPORTS_TO_HIDE:
        post.is_hidden = True
        post.moderation_reason = f"Hidden automatically after {open_reports} reports"
        post.save(update_fields=["is_hidden", "moderation_reason"])
        if post.author and post.author.email:
            queue_email(
                post.author.email,
                "discussions/emails/post_hidden",
                {"post": post, "thread": post.thread, "reports": open_reports},
            )
        return True, True
    return True, post.is_hidden


def _require(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason: it is kept in the audit log.")
    return reason


def review_post(post: Post, keep: bool, reason: str) -> Post:
    reason = _require(reason)
    with transaction.atomic():
        post.is_hidden = False
        post.is_removed = not keep
        post.moderation_reason = reason
        post.save(update_fields=["is_hidden", "is_removed", "moderation_reason"])
        Report.objects.filter(post=post, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now()
        )
    return post


def moderate_thread(thread: Thread, action: str, reason: str, theme=None) -> Thread:
    """action: lock, unlock, move (to `theme`), remove or restore."""
    reason = _require(reason)
    if action == "lock":
        thread.is_locked = True
    elif action == "unlock":
        thread.is_locked = False
    elif action == "remove":
        thread.is_removed = True
    elif action == "restore":
        thread.is_removed = False
    elif action == "move":
        if theme is None:
            raise ModerationError("Choose the theme to move the thread to.")
        thread.theme = theme
    else:
        raise ModerationError("Choose what to do with the thread.")
    thread.moderation_reason = f"{action}: {reason}"
    thread.save()
    return thread
