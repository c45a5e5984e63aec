"""The research panel of the staff dashboard: items waiting for review, requests for
evidence to route, researchers asking to join."""

from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.research.models import EvidenceRequest, Researcher, ResearchItem

ROWS = 5


def panels(today) -> list[Panel]:
    waiting = list(
        ResearchItem.objects.waiting()
        .only("title", "submitted_at")
        .order_by("submitted_at")[: ROWS + 1]
    )
    requests = list(
        EvidenceRequest.objects.filter(status=EvidenceRequest.Status.NEW)
        .only("title", "asker_name", "created")
        .order_by("created")[: ROWS + 1]
    )
    joining = Researcher.objects.filter(status=Researcher.Status.PENDING).count()
    items = len(waiting) if len(waiting) <= ROWS else ResearchItem.objects.waiting().count()
    to_route = (
        len(requests)
        if len(requests) <= ROWS
        else EvidenceRequest.objects.filter(status=EvidenceRequest.Status.NEW).count()
    )
    return [
        Panel(
            title="Research",
            template="research/staff/dashboard_panel.html",
            context={
                "waiting": waiting[:ROWS],
                "requests": requests[:ROWS],
                "joining": joining,
            },
            link=reverse("research:staff_home"),
            link_text="The research library",
            attention=items + to_route + joining,
            attention_label="research items, requests for evidence and researchers waiting",
        )
    ]
