from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "coalition.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.core.cache import invalidate_on_change
        from coalition.events import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.events.models import Event, Occurrence

        auditlog.register(Event, m2m_fields={"themes"}, exclude_fields=["updated", "sequence"])
        auditlog.register(Occurrence, exclude_fields=["is_full"])
        # Not Registration: a sign-up must not empty the page cache. The registration
        # service bumps the cache itself when a date fills up or frees (Occurrence.is_full).
        invalidate_on_change(Event, Occurrence)
