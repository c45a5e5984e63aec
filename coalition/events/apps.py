from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "coalition.events"
    label = "events"
    verbose_name = "Events"
