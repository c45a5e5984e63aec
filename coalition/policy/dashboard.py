"""The policy panel of the staff dashboard: consultations closing soon, open comments."""

from django.db.models import Count, Q
from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.policy.models import Response
from coalition.policy.services.tracker import closing_soon

ROWS = 5


def panels(today) -> list[Panel]:
    closing = [(d, d.days_left(today)) for d in closing_soon(today)[:ROWS]]
    drafting = list(
        Response.objects.filter(status=Response.Status.DRAFTING)
        .annotate(
            open_comments=Count(
                "sections__comments", filter=Q(sections__comments__resolved_at__isnull=True)
            ),
            signed=Count("signatures", distinct=True),
        )
        .order_by("sign_until")[:ROWS]
    )
    return [
        Panel(
            title="Policy",
            template="policy/staff/policy_panel.html",
            context={"closing": closing, "drafting": drafting},
            link=reverse("policy:staff_home"),
            link_text="All policy work",
            attention=sum(r.open_comments for r in drafting),
            attention_label="open comments on joint responses",
        )
    ]
