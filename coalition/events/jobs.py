"""Periodic jobs for events (imported from EventsConfig.ready; run by `manage.py run_scheduler`)."""

from datetime import time, timedelta

from coalition.core.scheduler import periodic
from coalition.events.services.registrations import pass_on_expired_offers, send_reminders
from coalition.events.services.series import extend_series


@periodic("events.pass_on_expired_offers", every=timedelta(minutes=5))
def pass_on_offers() -> str:
    return f"{pass_on_expired_offers()} offers expired and passed on"


@periodic("events.send_reminders", every=timedelta(minutes=15))
def remind_attendees() -> str:
    return f"{send_reminders()} reminders sent"


@periodic("events.extend_series", at=time(3, 30))
def extend_repeating_events() -> str:
    return f"{extend_series()} dates added to repeating events"
