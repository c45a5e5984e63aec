"""The discussions panel of the staff dashboard: reported and hidden posts waiting for review."""

from django.db.models import Q
from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.discussions.models import Post

ROWS = 5


def panels(today) -> list[Panel]:
    waiting = (
        Post.objects.filter(is_removed=False)
        .filter(Q(is_hidden=True) | Q(reports__reviewed_at__isnull=True, reports__isnull=False))
        .distinct()
    )
    rows = list(waiting.select_related("thread").order_by("-is_hidden", "created")[:ROWS])
    return [
        Panel(
            title="Discussions",
            template="discussions/staff/discussions_panel.html",
            context={"posts": rows},
            link=reverse("discussions:staff_home"),
            link_text="Moderation",
            attention=waiting.count(),
            attention_label="discussion posts waiting for review",
        )
    ]
