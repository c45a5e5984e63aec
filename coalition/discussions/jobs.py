"""Periodic jobs for discussions (imported from DiscussionsConfig.ready)."""

from datetime import time

from coalition.core.scheduler import periodic
from coalition.discussions.services.posting import send_daily_digests


@periodic("discussions.daily_digest", at=time(7, 0))
def daily_digest() -> str:
    return f"{send_daily_digests()} discussion digests sent"
