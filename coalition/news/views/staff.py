"""The news back office: the moderation queue, writing and publishing news, members' feeds."""

from http import HTTPStatus

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.news.forms import NewsItemForm, ReasonForm, StaffFeedForm
from coalition.news.models import MemberFeed, NewsItem
from coalition.news.services.feeds import fetch_feeds
from coalition.news.services.moderation import (
    AlreadyDecided,
    approve_item,
    publish_item,
    reject_item,
    save_item,
)
from coalition.news.views.members import _save_feed

TABS = [
    ("submitted", "Waiting for review"),
    ("published", "Published"),
    ("draft", "Drafts"),
    ("rejected", "Not accepted"),
]


@staff_required
@require_http_methods(["GET", "HEAD"])
def staff_news(request):
    tab = request.GET.get("status", "submitted")
    if tab not in dict(TABS):
        tab = "submitted"
    items = NewsItem.objects.filter(status=tab).select_related("organisation", "submitted_by")
    if tab == "submitted":
        items = items.order_by("submitted_at")
    elif tab == "published":
        items = items.order_by("-published_at")
    else:
        items = items.order_by("-updated")
    failing = MemberFeed.objects.exclude(error_kind="").count()
    return render(
        request,
        "news/staff/list.html",
        {
            "items": items[:200],
            "tab": tab,
            "tabs": TABS,
            "waiting": NewsItem.objects.waiting().count(),
            "failing_feeds": failing,
        },
    )


def _publish_requested(request) -> bool:
    return request.POST.get("action") == "publish"


@staff_required
@require_http_methods(["GET", "POST"])
def staff_item_new(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = NewsItemForm(request.POST, request.FILES, staff=True)
        if form.is_valid():
            item = form.save(commit=False)
            item.status = NewsItem.Status.DRAFT
            save_item(item, form)
            if _publish_requested(request):
                publish_item(item, request.user)
            done = "published" if _publish_requested(request) else "saved as a draft"
            messages.success(request, f"“{item.title}” is {done}.")
            return redirect(item.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = NewsItemForm(staff=True)
    return render(request, "news/staff/item.html", {"form": form, "item": None}, status=status)


def _staff_page(request, item, form=None, reason_form=None, status=HTTPStatus.OK):
    return render(
        request,
        "news/staff/item.html",
        {
            "item": item,
            "form": form or NewsItemForm(instance=item, staff=True),
            "reason_form": reason_form or ReasonForm(),
        },
        status=status,
    )


def _item(pk) -> NewsItem:
    return get_object_or_404(
        NewsItem.objects.select_related("organisation", "submitted_by", "moderated_by"), pk=pk
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_item(request, pk):
    item = _item(pk)
    if request.method == "POST":
        form = NewsItemForm(request.POST, request.FILES, instance=item, staff=True)
        if form.is_valid():
            item = save_item(form.save(commit=False), form)
            messages.success(request, "The news item is saved.")
            return redirect(item.get_staff_url())
        return _staff_page(request, item, form=form, status=HTTPStatus.BAD_REQUEST)
    return _staff_page(request, item)


@staff_required
@require_POST
def staff_item_approve(request, pk):
    item = _item(pk)
    try:
        approve_item(item.pk, request.user)
    except AlreadyDecided:
        messages.error(request, "This item was no longer waiting for review. Nothing changed.")
        return _staff_page(request, item, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{item.title}” is published.")
    return redirect("news:staff_news")


@staff_required
@require_POST
def staff_item_reject(request, pk):
    item = _item(pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, item, reason_form=form, status=HTTPStatus.BAD_REQUEST)
    try:
        reject_item(item.pk, request.user, form.cleaned_data["reason"])
    except AlreadyDecided:
        messages.error(request, "This item was no longer waiting for review. Nothing changed.")
        return _staff_page(request, item, status=HTTPStatus.CONFLICT)
    messages.success(request, f"“{item.title}” was not accepted; the sender gets your reason.")
    return redirect("news:staff_news")


@staff_required
@require_POST
def staff_item_publish(request, pk):
    item = _item(pk)
    if item.status == NewsItem.Status.PUBLISHED:
        messages.error(request, "This item is already published.")
        return _staff_page(request, item, status=HTTPStatus.CONFLICT)
    publish_item(item, request.user)
    messages.success(request, f"“{item.title}” is published.")
    return redirect(item.get_staff_url())


# --- members' feeds ---------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_feeds(request):
    status = HTTPStatus.OK
    if request.method == "POST":
        form = StaffFeedForm(request.POST)
        if form.is_valid():
            feed = _save_feed(form, request.user)
            messages.success(request, f"The feed of {feed.organisation} is added.")
            return redirect("news:staff_feed", feed.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = StaffFeedForm()
    feeds = (
        MemberFeed.objects.select_related("organisation")
        .annotate(entry_count=Count("entries"))
        .order_by("-failure_count", "organisation__name")
    )
    return render(
        request,
        "news/staff/feeds.html",
        {"feeds": feeds[:500], "form": form, "now": timezone.now()},
        status=status,
    )


def _feed_page(request, feed, form=None, status=HTTPStatus.OK):
    return render(
        request,
        "news/staff/feed.html",
        {
            "feed": feed,
            "form": form or StaffFeedForm(instance=feed),
            "entries": feed.entries.order_by("-published_at")[:20],
        },
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_feed(request, pk):
    feed = get_object_or_404(MemberFeed.objects.select_related("organisation"), pk=pk)
    if request.method == "POST":
        form = StaffFeedForm(request.POST, instance=feed)
        if form.is_valid():
            _save_feed(form, request.user)
            messages.success(request, "The feed is saved.")
            return redirect("news:staff_feed", feed.pk)
        return _feed_page(request, feed, form, status=HTTPStatus.BAD_REQUEST)
    return _feed_page(request, feed)


@staff_required
@require_POST
def staff_feed_fetch(request, pk):
    """Fetch now: the answer (new entries, or what went wrong) shows at once."""
    feed = get_object_or_404(MemberFeed.objects.select_related("organisation"), pk=pk)
    outcome = fetch_feeds([feed])[0]
    if outcome.ok:
        messages.success(request, f"Fetched. {outcome.message}")
    else:
        messages.error(request, f"The feed could not be read: {outcome.message}")
    return redirect("news:staff_feed", feed.pk)
