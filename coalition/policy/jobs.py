"""Periodic jobs for policy (imported from PolicyConfig.ready)."""

from datetime import timedelta

from coalition.core.scheduler import periodic
from coalition.policy.services.tracker import send_deadline_digest


@periodic("policy.deadline_digest", every=timedelta(days=7))
def weekly_deadline_digest() -> str:
    return f"deadlines digest sent to {send_deadline_digest()} people"
