"""The campaigns panel of the staff dashboard: open actions, their counts, what is held."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from coalition.campaigns.models import Action, Letter, Participation
from coalition.core.dashboard import Panel

ROWS = 6


def panels(today) -> list[Panel]:
    open_actions = list(
        Action.objects.filter(status=Action.Status.OPEN, campaign__status="active")
        .select_related("campaign")
        .order_by("closes_at", "pk")[:ROWS]
    )
    week_ago = timezone.now() - timedelta(days=7)
    ids = [action.pk for action in open_actions]
    # Each count reads only the rows it counts, on its index: a petition may have a
    # million signatures. "Uncounted" are the confirmations since the action's reconciled
    # count, as services.public_count adds them for one action.
    this_week = dict(
        Participation.objects.filter(action__in=ids, created__gte=week_ago)
        .values_list("action")
        .annotate(n=Count("pk"))
    )
    since_counted = Q(pk__in=[])
    for action in open_actions:
        since_counted |= Q(action=action.pk) & (
            Q(confirmed_at__gt=action.counted_up_to)
            if action.counted_up_to
            else Q(confirmed_at__isnull=False)
        )
    uncounted = dict(
        Participation.objects.filter(since_counted).values_list("action").annotate(n=Count("pk"))
    )
    letters = Letter.objects.aggregate(
        held=Count("pk", filter=Q(status=Letter.Status.HELD)),
        failed=Count("pk", filter=Q(status=Letter.Status.FAILED)),
    )
    rows = [
        {
            "action": action,
            "count": action.confirmed_count + uncounted.get(action.pk, 0),
            "this_week": this_week.get(action.pk, 0),
            "staff_url": reverse(
                "campaigns:staff_action", args=[action.campaign.slug, action.slug]
            ),
        }
        for action in open_actions
    ]
    return [
        Panel(
            title="Campaign actions",
            template="campaigns/staff/dashboard_panel.html",
            context={"rows": rows, "letters": letters},
            link=reverse("campaigns:staff_index"),
            link_text="All campaigns",
            attention=letters["failed"],
            attention_label="letters failed",
        )
    ]
