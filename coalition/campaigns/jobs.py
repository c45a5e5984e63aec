"""Periodic jobs for campaign actions (imported from CampaignsConfig.ready)."""

from datetime import time, timedelta

from coalition.campaigns import services
from coalition.core.scheduler import periodic


@periodic("campaigns.reconcile_counts", every=timedelta(seconds=10))
def reconcile_counts() -> str:
    """Add the latest confirmations to each action's public count, in one batch each."""
    return services.reconcile_counts()


@periodic("campaigns.recount", at=time(3, 20))
def recount() -> str:
    """Count every action's confirmations again, in case anything drifted."""
    return services.recount_all()


@periodic("campaigns.send_confirmations", every=timedelta(seconds=10))
def send_confirmations() -> str:
    """Send the confirmation emails still owed (the batch tasks normally have; see tasks.py)."""
    from coalition.campaigns.tasks import send_pending_confirmations

    return f"Sent {send_pending_confirmations()} confirmation emails."
