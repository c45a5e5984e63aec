"""Periodic jobs for the work programme (imported from ProgrammeConfig.ready)."""

from datetime import time

from coalition.core.scheduler import periodic
from coalition.programme.services.income import import_paid_subscriptions
from coalition.programme.services.reminders import send_reminders


@periodic("programme.reminders", at=time(8, 30))
def remind_deadlines_and_reports() -> str:
    return f"{send_reminders()} funding reminders sent"


@periodic("programme.import_subscriptions", at=time(2, 45))
def bring_in_subscriptions() -> str:
    return f"{import_paid_subscriptions()} paid subscriptions recorded as income"
