"""The public news pages: the list (filtered by theme and organisation), each item, the
members' entries ("From our members"), and the RSS and Atom feeds."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from coalition.core.cache import current_generation, public_page
from coalition.core.models import CoalitionProfile
from coalition.members.models import Organisation
from coalition.news import syndication
from coalition.news.forms import NewsFilterForm
from coalition.news.models import MemberFeedEntry, NewsItem

MEMBER_ENTRIES_ON_LIST = 6
MEMBER_ENTRIES_PAGE_SIZE = 30


def organisation_choices() -> list[tuple[str, str]]:
    """Organisations with published news, for the filter (cached with the page generation)."""
    key = f"news:organisations:{current_generation()}"
    choices = cache.get(key)
    if choices is None:
        rows = (
            Organisation.objects.filter(news_items__in=NewsItem.objects.published())
            .values_list("slug", "name")
            .distinct()
            .order_by("name")
        )
        profile = CoalitionProfile.current()
        choices = [("", "Anyone"), ("coalition", profile.short_name or profile.name)]
        choices += list(rows)
        cache.set(key, choices, 600)
    return choices


def feed_links(form: NewsFilterForm | None) -> list[dict]:
    """The feeds a page advertises in its <head>: everything, and the filtered one if any."""
    links = [
        {"title": "All news", "rss": reverse("news:feed_rss"), "atom": reverse("news:feed_atom")}
    ]
    if form is not None and form.is_bound and form.is_valid():
        theme = form.cleaned_data.get("theme")
        organisation = form.cleaned_data.get("organisation")
        if theme:
            links.insert(
                0,
                {
                    "title": f"News about {theme.name}",
                    "rss": reverse("news:theme_feed_rss", args=[theme.slug]),
                    "atom": reverse("news:theme_feed_atom", args=[theme.slug]),
                },
            )
        if organisation and organisation != "coalition":
            links.insert(
                0,
                {
                    "title": f"News from {organisation.name}",
                    "rss": reverse("news:organisation_feed_rss", args=[organisation.slug]),
                    "atom": reverse("news:organisation_feed_atom", args=[organisation.slug]),
                },
            )
    return links


@public_page
@require_GET
def news_list(request):
    filtering = "theme" in request.GET or "organisation" in request.GET
    form = NewsFilterForm(request.GET if filtering else None)
    valid = not form.is_bound or form.is_valid()
    context = {
        "form": form,
        "organisations": organisation_choices(),
        "feeds": feed_links(form),
        "filtered": form.is_bound and valid and any(form.cleaned_data.values()),
        "member_entries": list(MemberFeedEntry.objects.public()[:MEMBER_ENTRIES_ON_LIST]),
    }
    if not valid:
        return render(request, "news/list.html", context, status=400)
    items = form.filter(NewsItem.objects.published().select_related("organisation"))
    page = Paginator(items.prefetch_related("themes"), settings.NEWS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context["page"] = page
    return render(request, "news/list.html", context)


@public_page
@require_GET
def item_detail(request, slug):
    item = get_object_or_404(
        NewsItem.objects.published().select_related("organisation").prefetch_related("themes"),
        slug=slug,
    )
    feeds = feed_links(None)
    if item.organisation_id:
        feeds.insert(
            0,
            {
                "title": f"News from {item.organisation.name}",
                "rss": reverse("news:organisation_feed_rss", args=[item.organisation.slug]),
                "atom": reverse("news:organisation_feed_atom", args=[item.organisation.slug]),
            },
        )
    more = (
        NewsItem.objects.published()
        .exclude(pk=item.pk)
        .select_related("organisation")
        .only("title", "slug", "published_at", "organisation__name", "organisation__slug")[:4]
    )
    return render(request, "news/item.html", {"item": item, "feeds": feeds, "more": more})


@public_page
@require_GET
def member_entries(request):
    entries = MemberFeedEntry.objects.public()
    page = Paginator(entries, MEMBER_ENTRIES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/member_entries.html", {"page": page, "feeds": feed_links(None)})


feed_rss = public_page(require_GET(syndication.NewsFeed()))
feed_atom = public_page(require_GET(syndication.AtomNewsFeed()))
theme_feed_rss = public_page(require_GET(syndication.ThemeNewsFeed()))
theme_feed_atom = public_page(require_GET(syndication.AtomThemeNewsFeed()))
organisation_feed_rss = public_page(require_GET(syndication.OrganisationNewsFeed()))
organisation_feed_atom = public_page(require_GET(syndication.AtomOrganisationNewsFeed()))
