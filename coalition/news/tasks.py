"""Background work for news (django-tasks), queued after the transaction commits."""

from django_tasks import task

from coalition.news.models import MemberFeed
from coalition.news.services.feeds import fetch_feeds


@task()
def fetch_feed_soon(feed_id: int) -> str:
    """A feed just registered or changed: fetch it now, so its owner sees at once if it works."""
    feed = MemberFeed.objects.select_related("organisation").filter(pk=feed_id).first()
    if feed is None or not feed.is_active:
        return "gone"
    return fetch_feeds([feed])[0].message
