"""RSS 2.0 and Atom 1.0 feeds of published news (all, per theme, per organisation).

Built with Django's syndication framework. Each item carries its summary and its sanitised
body; the GUID is the item's full address (Django's default), which never changes.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html

from coalition.core.models import CoalitionProfile, Theme
from coalition.members.models import Organisation
from coalition.news.models import NewsItem


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "en-gb"

    def get_object(self, request, *args, **kwargs):
        return None

    def _name(self) -> str:
        profile = CoalitionProfile.current()
        return profile.short_name or profile.name

    def title(self, obj):
        return f"{self._name()} news"

    def link(self, obj):
        return reverse("news:list")

    def description(self, obj):
        return f"News from {CoalitionProfile.current().name} and its member organisations."

    def feed_url(self, obj):
        return reverse("news:feed_atom" if self.feed_type is Atom1Feed else "news:feed_rss")

    def subtitle(self, obj):
        return self.description(obj)

    def filter_items(self, items, obj):
        return items

    def items(self, obj):
        items = NewsItem.objects.published().select_related("organisation")
        items = self.filter_items(items, obj).prefetch_related("themes")
        return items[: settings.NEWS_FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return format_html("<p>{}</p>{}", item.summary, item.body_html)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.organisation.name if item.organisation_id else CoalitionProfile.current().name

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed


class ThemeNewsFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return f"{self._name()} news: {obj.name}"

    def link(self, obj):
        return f"{reverse('news:list')}?theme={obj.slug}"

    def description(self, obj):
        return f"News about {obj.name.lower()} from {CoalitionProfile.current().name}."

    def feed_url(self, obj):
        name = "news:theme_feed_atom" if self.feed_type is Atom1Feed else "news:theme_feed_rss"
        return reverse(name, args=[obj.slug])

    def filter_items(self, items, obj):
        return items.filter(themes=obj)


class AtomThemeNewsFeed(ThemeNewsFeed):
    feed_type = Atom1Feed


class OrganisationNewsFeed(NewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organisation.objects.listed(), slug=slug)

    def title(self, obj):
        return f"{obj.name}: news on {self._name()}"

    def link(self, obj):
        return f"{reverse('news:list')}?organisation={obj.slug}"

    def description(self, obj):
        return f"News from {obj.name}, a member of {CoalitionProfile.current().name}."

    def feed_url(self, obj):
        name = (
            "news:organisation_feed_atom"
            if self.feed_type is Atom1Feed
            else "news:organisation_feed_rss"
        )
        return reverse(name, args=[obj.slug])

    def filter_items(self, items, obj):
        return items.filter(organisation=obj)


class AtomOrganisationNewsFeed(OrganisationNewsFeed):
    feed_type = Atom1Feed
