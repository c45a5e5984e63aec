"""A member organisation's recent public activity, for its directory entry.

Public discussions it started or posted in, joint responses it signed (once
published) and its published news, newest first. Nothing members-only appears.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Q


@dataclass
class Activity:
    when: datetime
    kind: str
    title: str
    url: str


def recent_activity(organisation, limit: int = 8) -> list[Activity]:
    from coalition.discussions.models import Thread
    from coalition.news.models import NewsItem
    from coalition.policy.models import Response, Signature

    rows: list[Activity] = []
    threads = (
        Thread.objects.filter(visibility=Thread.Visibility.PUBLIC, is_removed=False)
        .filter(Q(organisation=organisation) | Q(posts__organisation=organisation))
        .annotate(
            last_own=Max(
                "posts__created",
                filter=Q(posts__organisation=organisation, posts__is_removed=False),
            )
        )
        .order_by("-last_own")[:limit]
    )
    for thread in threads:
        started = thread.organisation_id == organisation.pk
        rows.append(
            Activity(
                thread.last_own or thread.created,
                "Started a discussion" if started else "Took part in a discussion",
                thread.title,
                thread.get_absolute_url(),
            )
        )
    signatures = (
        Signature.objects.filter(
            organisation=organisation, response__status=Response.Status.PUBLISHED
        )
        .select_related("response")
        .order_by("-created")[:limit]
    )
    for signature in signatures:
        response = signature.response
        rows.append(
            Activity(
                signature.created,
                "Signed the joint response",
                response.title,
                response.get_absolute_url(),
            )
        )
    for item in NewsItem.objects.published().filter(organisation=organisation)[:limit]:
        rows.append(Activity(item.published_at, "Posted news", item.title, item.get_absolute_url()))
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows[:limit]
