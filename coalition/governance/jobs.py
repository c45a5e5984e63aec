"""Periodic jobs for governance (imported from GovernanceConfig.ready)."""

from datetime import time

from coalition.core.scheduler import periodic
from coalition.governance.services.meetings import send_action_reminders


@periodic("governance.action_reminders", at=time(8, 15))
def remind_action_owners() -> str:
    return f"{send_action_reminders()} action reminders sent"
