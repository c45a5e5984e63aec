"""The surveys panel of the staff dashboard: open surveys and their responses so far."""

from django.db.models import Count, Q
from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.surveys.models import Survey

ROWS = 5


def panels(today) -> list[Panel]:
    open_surveys = list(
        Survey.objects.filter(status=Survey.Status.OPEN)
        .annotate(answered=Count("responses", filter=Q(responses__status="complete")))
        .order_by("closes_at", "-created")[:ROWS]
    )
    return [
        Panel(
            title="Surveys",
            template="surveys/staff/surveys_panel.html",
            context={"surveys": open_surveys},
            link=reverse("surveys:staff_list"),
            link_text="All surveys",
        )
    ]
