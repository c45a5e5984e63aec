"""Background work for events (django-tasks), queued after the transaction commits."""

from django_tasks import task

from coalition.events.models import Event
from coalition.events.services.registrations import cancel_event_registrations


@task()
def tell_registrants_event_cancelled(event_id: int, reason: str) -> int:
    """A cancelled event may have hundreds of registrations: tell them outside the request."""
    event = Event.objects.get(pk=event_id)
    return cancel_event_registrations(event, reason)
