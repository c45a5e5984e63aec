"""The mailings panel of the staff dashboard: list sizes and bulletins on their way (2 queries)."""

from django.db.models import Count, Q
from django.urls import reverse

from coalition.core.dashboard import Panel
from coalition.mailings.models import Bulletin, MailingList


def panels(today) -> list[Panel]:
    lists = MailingList.objects.annotate(
        subscribed=Count("subscriptions", filter=Q(subscriptions__status="subscribed"))
    )
    # One query for the bulletins: the newest few say what is on its way and what went last.
    recent = list(Bulletin.objects.defer("html", "text").order_by("-created")[:10])
    active = [b for b in recent if b.status in ("draft", "scheduled", "sending")][:5]
    sent = [b for b in recent if b.status == "sent" and b.sent_at]
    last_sent = max(sent, key=lambda b: b.sent_at) if sent else None
    return [
        Panel(
            title="Mailings",
            template="mailings/staff/dashboard_panel.html",
            context={"lists": list(lists), "active": active, "last_sent": last_sent},
            link=reverse("mailings:staff_home"),
            link_text="Bulletins and lists",
        )
    ]
