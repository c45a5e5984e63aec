from coalition.news.models.feeds import MemberFeed, MemberFeedEntry
from coalition.news.models.items import NewsItem

__all__ = ["MemberFeed", "MemberFeedEntry", "NewsItem"]
