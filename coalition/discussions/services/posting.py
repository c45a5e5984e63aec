"""Starting threads, replying, following, and telling people: followers and mentioned members.

Followers get an email per post, or one daily digest (PendingNotification rows,
sent and deleted by the daily job), or nothing, as each chose. The author of a
post is never told about their own post. Representatives of an organisation
mentioned as @slug are told once per post, whatever their digest choice.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coalition.discussions.mentions import mentioned_organisations
from coalition.discussions.models import (
    Follow,
    Mention,
    NotificationPreference,
    PendingNotification,
    Post,
    Thread,
)
from coalition.lib.email import queue_email


class PostRefused(Exception):
    pass


def display_name(user, organisation) -> str:
    if organisation is not None:
        return organisation.name
    return "Coalition staff"


def start_thread(user, organisation, body: str, **fields) -> Thread:
    with transaction.atomic():
        thread = Thread.objects.create(author=user, organisation=organisation, **fields)
        add_post(thread, user, organisation, body)
    return thread


def add_post(thread: Thread, user, organisation, body: str, quoted: Post | None = None) -> Post:
    if thread.is_locked:
        raise PostRefused("This thread is locked: no more replies.")
    if quoted is not None and quoted.thread_id != thread.pk:
        quoted = None
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread,
            author=user,
            author_name=display_name(user, organisation),
            organisation=organisation,
            body=body,
            quoted=quoted,
            created=now,
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
        Follow.objects.get_or_create(thread=thread, user=user)
        notify_followers(post)
        notify_mentions(post)
    return post


def edit_post(post: Post, body: str) -> Post:
    """The author's correction: the new text, marked as edited. Organisations newly
    mentioned are told; those already told are not told again."""
    if post.thread.is_locked or post.thread.is_removed:
        raise PostRefused("This thread is locked: its posts can no longer be edited.")
    if not post.is_visible:
        raise PostRefused("This post is hidden or removed by staff, so it cannot be edited.")
    with transaction.atomic():
        post.body = body
        post.edited = timezone.now()
        # Only these: a report or staff hiding the post meanwhile must not be undone.
        post.save(update_fields=["body", "body_html", "edited"])
        notify_mentions(post)
    return post


def follow(thread: Thread, user, following: bool = True) -> None:
    if following:
        Follow.objects.get_or_create(thread=thread, user=user)
    else:
        Follow.objects.filter(thread=thread, user=user).delete()


def preference_for(user) -> str:
    found = NotificationPreference.objects.filter(user=user).values_list("mode", flat=True).first()
    return found or NotificationPreference.Mode.IMMEDIATE


def notify_followers(post: Post) -> int:
    """Email (or keep for the digest) each follower but the author; how many were told."""
    followers = (
        Follow.objects.filter(thread_id=post.thread_id, user__is_active=True)
        .exclude(user_id=post.author_id)
        .exclude(user__email="")
        .select_related("user")
    )
    modes = dict(
        NotificationPreference.objects.filter(user__in=[f.user_id for f in followers]).values_list(
            "user_id", "mode"
        )
    )
    told = 0
    for follow_row in followers:
        mode = modes.get(follow_row.user_id, NotificationPreference.Mode.IMMEDIATE)
        if mode == NotificationPreference.Mode.OFF:
            continue
        if mode == NotificationPreference.Mode.DAILY:
            PendingNotification.objects.get_or_create(user=follow_row.user, post=post)
        else:
            queue_email(
                follow_row.user.email,
                "discussions/emails/new_post",
                {"post": post, "thread": post.thread},
            )
        told += 1
    return told


def notify_mentions(post: Post) -> int:
    from coalition.members.models import Affiliation

    organisations = mentioned_organisations(post.body)
    told = 0
    for organisation in organisations:
        _mention, new = Mention.objects.get_or_create(post=post, organisation=organisation)
        if not new:
            continue  # told when the post was first written (it has been edited since)
        emails = (
            Affiliation.objects.filter(
                organisation=organisation,
                is_representative=True,
                person__user__isnull=False,
                person__user__is_active=True,
            )
            .exclude(person__user=post.author_id)
            .values_list("person__user__email", flat=True)
        )
        for email in sorted(set(emails)):
            queue_email(
                email,
                "discussions/emails/mention",
                {"post": post, "thread": post.thread, "organisation": organisation},
            )
            told += 1
    return told


def send_daily_digests() -> int:
    """One email per person with the posts they follow since yesterday; rows deleted once queued."""
    sent = 0
    user_ids = PendingNotification.objects.values_list("user_id", flat=True).distinct()
    for user_id in list(user_ids):
        with transaction.atomic():
            rows = list(
                PendingNotification.objects.select_for_update()
                .filter(user_id=user_id)
                .select_related("user", "post__thread")
                .order_by("post__thread_id", "post__created")
            )
            if not rows:
                continue
            user = rows[0].user
            posts = [r.post for r in rows if r.post.is_visible and not r.post.thread.is_removed]
            if posts and user.email and user.is_active:
                queue_email(user.email, "discussions/emails/daily_digest", {"posts": posts})
                sent += 1
            PendingNotification.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return sent
