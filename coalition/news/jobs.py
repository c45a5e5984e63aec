"""Periodic jobs for news (imported from NewsConfig.ready; run by `manage.py run_scheduler`)."""

from datetime import timedelta

from coalition.core.scheduler import periodic
from coalition.news.services.feeds import fetch_due_feeds


@periodic("news.fetch_member_feeds", every=timedelta(minutes=10))
def fetch_member_feeds() -> str:
    return fetch_due_feeds()
