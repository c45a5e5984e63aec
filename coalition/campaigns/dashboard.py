"""The campaigns panel of the staff dashboard: open actions, their counts, what is held."""

from datetime import timedelta

from django.db.models import Count, F, Q
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
    # One query for every action: taken part this week, and confirmed since the action's
    # reconciled count (as services.public_count adds, for one action at a time).
    since_count = Q(confirmed_at__isnull=False) & (
        Q(action__counted_up_to__isnull=True) | Q(confirmed_at__gt=F("action__counted_up_to"))
    )
    figures = {
        row["action"]: row
        for row in Participation.objects.filter(action__in=[a.pk for a in open_actions])
        .values("action")
        .annotate(
            this_week=Count("pk", filter=Q(created__gte=week_ago)),
            uncounted=Count("pk", filter=since_count),
        )
    }
    letters = Letter.objects.aggregate(
        held=Count("pk", filter=Q(status=Letter.Status.HELD)),
        failed=Count("pk", filter=Q(status=Letter.Status.FAILED)),
    )
    rows = [
        {
            "action": action,
            "count": action.confirmed_count + figures.get(action.pk, {}).get("uncounted", 0),
            "this_week": figures.get(action.pk, {}).get("this_week", 0),
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
