"""For member representatives: submit news, follow what happens to it, and register the
organisation's own feed (and see whether it works)."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from coalition.news.forms import MemberFeedForm, NewsItemForm
from coalition.news.models import MemberFeed, NewsItem
from coalition.news.permissions import (
    can_edit_submission,
    is_trusted_staff,
    item_for_author,
    organisation_for_author,
    organisations_for_author,
)
from coalition.news.services.moderation import save_item, submit_item


def _only(request, *methods):
    """Checked after the permission check, so people who may not see the page get 404 first."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


@login_required
def my_news(request):
    organisations = organisations_for_author(request)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    items = (
        NewsItem.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("-created")
    )
    feeds = {
        feed.organisation_id: feed
        for feed in MemberFeed.objects.filter(organisation__in=organisations)
    }
    rows = [(organisation, feeds.get(organisation.pk)) for organisation in organisations]
    if is_trusted_staff(request.user):  # staff act for every member: list only those with a feed
        rows = [(organisation, feed) for organisation, feed in rows if feed]
    return render(request, "news/my/list.html", {"items": items[:100], "feed_rows": rows})


def _save_from_form(request, form, item=None):
    item = form.save(commit=False)
    item.submitted_by = item.submitted_by or request.user
    save_item(item, form)
    if request.POST.get("action") == "submit":
        submit_item(item, request.user)
        messages.success(
            request,
            f"“{item.title}” has been sent to the coalition’s staff. We will email you when it "
            "is published.",
        )
    else:
        if item.status == NewsItem.Status.REJECTED:
            item.status = NewsItem.Status.DRAFT
            item.save(update_fields=["status", "updated"])
        messages.success(request, f"“{item.title}” is saved as a draft.")
    return redirect("news:my_item", item.pk)


@login_required
def submit(request):
    organisations = organisations_for_author(request)
    if refused := _only(request, "GET", "HEAD", "POST"):
        return refused
    status = HTTPStatus.OK
    if request.method == "POST":
        form = NewsItemForm(request.POST, request.FILES, organisations=organisations)
        if form.is_valid():
            form.instance.status = NewsItem.Status.DRAFT
            return _save_from_form(request, form)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = NewsItemForm(organisations=organisations)
    return render(request, "news/my/item.html", {"form": form, "item": None}, status=status)


@login_required
def my_item(request, pk):
    item = item_for_author(request, pk)
    if refused := _only(request, "GET", "HEAD", "POST"):
        return refused
    organisations = organisations_for_author(request)
    editable = can_edit_submission(item)
    status = HTTPStatus.OK
    if request.method == "POST":
        if not editable:
            messages.error(request, "This item is published; ask the staff to change it.")
            context = {"form": None, "item": item}
            return render(request, "news/my/item.html", context, status=HTTPStatus.CONFLICT)
        form = NewsItemForm(request.POST, request.FILES, instance=item, organisations=organisations)
        if form.is_valid():
            return _save_from_form(request, form, item)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = NewsItemForm(instance=item, organisations=organisations) if editable else None
    return render(request, "news/my/item.html", {"form": form, "item": item}, status=status)


@login_required
def my_feed(request, slug):
    """Register, change or pause the organisation's own feed; see when it was last read."""
    organisation = organisation_for_author(request, slug)
    if refused := _only(request, "GET", "HEAD", "POST"):
        return refused
    feed = MemberFeed.objects.filter(organisation=organisation).first()
    status = HTTPStatus.OK
    if request.method == "POST":
        form = MemberFeedForm(request.POST, instance=feed or MemberFeed(organisation=organisation))
        if form.is_valid():
            _save_feed(form, request.user)
            messages.success(
                request,
                "Your feed is saved. We read it in a moment and then every hour or so; "
                "this page shows whether it works.",
            )
            return redirect("news:my_feed", organisation.slug)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = MemberFeedForm(instance=feed)
    entries = feed.entries.order_by("-published_at")[:10] if feed else []
    return render(
        request,
        "news/my/feed.html",
        {"organisation": organisation, "feed": feed, "form": form, "entries": entries},
        status=status,
    )


def _save_feed(form, user) -> MemberFeed:
    """Save a feed form; a new or changed address is fetched straight away (from a task)."""
    from coalition.news.tasks import fetch_feed_soon

    feed = form.save(commit=False)
    changed = feed.pk is None or "url" in form.changed_data or "is_active" in form.changed_data
    if feed.pk is None:
        feed.added_by = user
    if "url" in form.changed_data:
        feed.etag = feed.last_modified = ""
        feed.failure_count = 0
        feed.error_kind = feed.error_message = ""
    if changed:
        feed.next_fetch_at = None
    with transaction.atomic():
        feed.save()
        if changed and feed.is_active:
            pk = feed.pk
            transaction.on_commit(lambda: fetch_feed_soon.enqueue(pk))
    return feed


@login_required
def my_feed_remove(request, slug):
    organisation = organisation_for_author(request, slug)
    if refused := _only(request, "POST"):
        return refused
    deleted, _ = MemberFeed.objects.filter(organisation=organisation).delete()
    if deleted:
        messages.success(request, "Your feed is removed; its entries no longer show on the site.")
    return redirect("news:my_news")
