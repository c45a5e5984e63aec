"""The mailings back office under /staff/mailings/: lists, subscribers, bulletins."""

import csv
from http import HTTPStatus

from csp.decorators import csp_update
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.mailings.forms import (
    BulletinForm,
    ImportForm,
    ItemForm,
    MailingListForm,
    ScheduleForm,
    SuppressionForm,
)
from coalition.mailings.models import (
    Bulletin,
    BulletinItem,
    MailingList,
    Subscriber,
    Subscription,
    Suppression,
)
from coalition.mailings.permissions import can_edit_bulletin, staff_required
from coalition.mailings.services import compose, importing, sending


@staff_required
def staff_home(request):
    lists = MailingList.objects.annotate(
        subscribed=Count("subscriptions", filter=Q(subscriptions__status="subscribed")),
        pending=Count("subscriptions", filter=Q(subscriptions__status="pending")),
    )
    bulletins = (
        Bulletin.objects.select_related("mailing_list")
        .defer("html", "text")
        .order_by("-created")[:50]
    )
    return render(
        request,
        "mailings/staff/home.html",
        {
            "lists": lists,
            "bulletins": bulletins,
            "suppressed": Suppression.objects.count(),
            "suspended": Subscriber.objects.filter(suspended_at__isnull=False).count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_list_new(request):
    form = MailingListForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            mailing_list = form.save()
            messages.success(request, f"The list “{mailing_list.name}” is added.")
            return redirect("mailings:staff_list", pk=mailing_list.pk)
        return render(request, "mailings/staff/list_form.html", {"form": form}, status=400)
    return render(request, "mailings/staff/list_form.html", {"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_list(request, pk):
    mailing_list = get_object_or_404(MailingList, pk=pk)
    form = MailingListForm(request.POST or None, instance=mailing_list)
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "The list is saved.")
            return redirect("mailings:staff_list", pk=pk)
        status = HTTPStatus.BAD_REQUEST
    subscriptions = (
        Subscription.objects.filter(mailing_list=mailing_list)
        .select_related("subscriber")
        .order_by("subscriber__email")
    )
    query = request.GET.get("q", "").strip()
    if query:
        subscriptions = subscriptions.filter(subscriber__email__icontains=query)
    shown = request.GET.get("status", "")
    if shown in Subscription.Status.values:
        subscriptions = subscriptions.filter(status=shown)
    page = Paginator(subscriptions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mailings/staff/list.html",
        {
            "mailing_list": mailing_list,
            "form": form,
            "page": page,
            "query": query,
            "shown": shown,
            "statuses": Subscription.Status.choices,
        },
        status=status,
    )


class _Echo:
    def write(self, value):
        return value


@staff_required
@require_GET
def staff_list_export(request, pk):
    mailing_list = get_object_or_404(MailingList, pk=pk)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in importing.export_rows(mailing_list)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{mailing_list.slug}.csv"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    report = None
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = importing.import_subscribers(
                    form.cleaned_data["file"].read(),
                    form.cleaned_data["mailing_list"],
                    form.cleaned_data["source"],
                    form.cleaned_data["wording"],
                    request.user,
                )
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
                status = HTTPStatus.BAD_REQUEST
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = ImportForm(initial={"mailing_list": request.GET.get("list")})
    return render(
        request, "mailings/staff/import.html", {"form": form, "report": report}, status=status
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_suppressions(request):
    form = SuppressionForm(request.POST or None, initial={"reason": Suppression.Reason.STAFF})
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"{form.instance.email} will not be emailed.")
            return redirect("mailings:staff_suppressions")
        status = HTTPStatus.BAD_REQUEST
    page = Paginator(Suppression.objects.all(), 50).get_page(request.GET.get("page"))
    return render(
        request, "mailings/staff/suppressions.html", {"form": form, "page": page}, status=status
    )


@staff_required
@require_POST
def staff_suppression_remove(request, pk):
    suppression = get_object_or_404(Suppression, pk=pk)
    suppression.delete()
    messages.success(request, f"{suppression.email} is no longer suppressed.")
    return redirect("mailings:staff_suppressions")


@staff_required
def staff_subscriber(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    return render(
        request,
        "mailings/staff/subscriber.html",
        {
            "subscriber": subscriber,
            "subscriptions": subscriber.subscriptions.select_related("mailing_list"),
            "records": subscriber.consent_records.select_related("mailing_list", "user"),
            "bounces": subscriber.bounces.all()[:50],
            "suppression": Suppression.objects.filter(email=subscriber.email).first(),
        },
    )


# --- Bulletins --------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_bulletin_new(request):
    form = BulletinForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            bulletin = form.save(commit=False)
            bulletin.created_by = request.user
            bulletin.save()
            if request.POST.get("action") == "fill":
                added = compose.fill_from_site(bulletin)
                messages.success(request, f"Bulletin started, with {added} items from the site.")
            else:
                messages.success(request, "Bulletin started.")
            return redirect(bulletin.get_staff_url())
        return render(request, "mailings/staff/bulletin_new.html", {"form": form}, status=400)
    last = Bulletin.objects.order_by("-created").first()
    if last is not None:
        form.initial["mailing_list"] = last.mailing_list_id
    return render(request, "mailings/staff/bulletin_new.html", {"form": form})


def _bulletin_page(request, bulletin, form=None, schedule_form=None, status=200):
    return render(
        request,
        "mailings/staff/bulletin.html",
        {
            "bulletin": bulletin,
            "form": form or BulletinForm(instance=bulletin),
            "items": list(bulletin.items.all()),
            "item_form": ItemForm(prefix="new"),
            "schedule_form": schedule_form or ScheduleForm(),
            "counts": sending.counts(bulletin),
            "editable": can_edit_bulletin(bulletin),
            "since": compose.since_for(bulletin),
            "recipients_now": sending.recipients(bulletin).count()
            if can_edit_bulletin(bulletin)
            else bulletin.recipients,
        },
        status=status,
    )


def _locked(request, bulletin):
    messages.error(request, "This bulletin is being sent or was sent: it can no longer change.")
    return _bulletin_page(request, bulletin, status=HTTPStatus.CONFLICT)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_bulletin(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.select_related("mailing_list"), pk=pk)
    if request.method == "POST":
        if not can_edit_bulletin(bulletin):
            return _locked(request, bulletin)
        form = BulletinForm(request.POST, instance=bulletin)
        if form.is_valid():
            form.save()
            messages.success(request, "Saved.")
            return redirect(bulletin.get_staff_url())
        return _bulletin_page(request, bulletin, form=form, status=HTTPStatus.BAD_REQUEST)
    return _bulletin_page(request, bulletin)


@staff_required
@require_POST
def staff_bulletin_fill(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    added = compose.fill_from_site(bulletin)
    if added:
        messages.success(request, f"Added {added} items from the site.")
    else:
        messages.info(request, "Nothing new on the site since the last bulletin.")
    return redirect(bulletin.get_staff_url() + "#items")


@staff_required
@require_POST
def staff_item_add(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    form = ItemForm(request.POST, prefix="new")
    if form.is_valid():
        item = form.save(commit=False)
        item.bulletin = bulletin
        item.order = (bulletin.items.aggregate(last=Max("order"))["last"] or 0) + 1
        item.save()
        messages.success(request, f"Added “{item.title}”.")
        return redirect(bulletin.get_staff_url() + "#items")
    return render(
        request,
        "mailings/staff/item.html",
        {"bulletin": bulletin, "form": form, "item": None},
        status=HTTPStatus.BAD_REQUEST,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_item(request, pk, item):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    item = get_object_or_404(BulletinItem, pk=item, bulletin=bulletin)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST":
        if not can_edit_bulletin(bulletin):
            return _locked(request, bulletin)
        if form.is_valid():
            form.save()
            messages.success(request, f"Saved “{item.title}”.")
            return redirect(bulletin.get_staff_url() + f"#item-{item.pk}")
        return render(
            request,
            "mailings/staff/item.html",
            {"bulletin": bulletin, "form": form, "item": item},
            status=HTTPStatus.BAD_REQUEST,
        )
    return render(
        request, "mailings/staff/item.html", {"bulletin": bulletin, "form": form, "item": item}
    )


@staff_required
@require_POST
def staff_item_move(request, pk, item):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    item = get_object_or_404(BulletinItem, pk=item, bulletin=bulletin)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse("Say up or down.", status=400)
    with transaction.atomic():
        items = list(bulletin.items.select_for_update().order_by("order", "pk"))
        index = next(i for i, each in enumerate(items) if each.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            for position, each in enumerate(items, start=1):
                each.order = position
            BulletinItem.objects.bulk_update(items, ["order"])
    return redirect(bulletin.get_staff_url() + f"#item-{item.pk}")


@staff_required
@require_POST
def staff_item_remove(request, pk, item):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    item = get_object_or_404(BulletinItem, pk=item, bulletin=bulletin)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    item.delete()
    messages.success(request, f"Removed “{item.title}”.")
    return redirect(bulletin.get_staff_url() + "#items")


@staff_required
@csp_update({"style-src": ["'unsafe-inline'"]})  # the email's own inlined styles, staff only
def staff_bulletin_preview(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.select_related("mailing_list"), pk=pk)
    if bulletin.html and not can_edit_bulletin(bulletin):
        html = bulletin.html
    else:
        html = compose.render(bulletin).html
    body = html.split("<body", 1)[-1].split(">", 1)[-1].rsplit("</body>", 1)[0]
    return render(
        request, "mailings/staff/preview.html", {"bulletin": bulletin, "email_body": body}
    )


@staff_required
@require_POST
def staff_bulletin_test(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.select_related("mailing_list"), pk=pk)
    sending.send_test(bulletin, request.user.email)
    messages.success(request, f"A test is on its way to {request.user.email}.")
    return redirect(bulletin.get_staff_url())


@staff_required
@require_POST
def staff_bulletin_schedule(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.select_related("mailing_list"), pk=pk)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _bulletin_page(request, bulletin, schedule_form=form, status=HTTPStatus.BAD_REQUEST)
    if not bulletin.items.exists():
        messages.error(request, "Add something to the bulletin before scheduling it.")
        return _bulletin_page(request, bulletin, status=HTTPStatus.CONFLICT)
    Bulletin.objects.filter(pk=bulletin.pk, status__in=["draft", "scheduled"]).update(
        status=Bulletin.Status.SCHEDULED, scheduled_for=form.cleaned_data["send_at"]
    )
    when = timezone.localtime(form.cleaned_data["send_at"])
    messages.success(request, f"Scheduled for {when:%-d %B %Y at %H:%M}.")
    return redirect(bulletin.get_staff_url())


@staff_required
@require_POST
def staff_bulletin_unschedule(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    changed = Bulletin.objects.filter(pk=pk, status=Bulletin.Status.SCHEDULED).update(
        status=Bulletin.Status.DRAFT, scheduled_for=None
    )
    if not changed:
        return _locked(request, bulletin)
    messages.success(request, "No longer scheduled: it is a draft again.")
    return redirect(bulletin.get_staff_url())


@staff_required
@require_POST
def staff_bulletin_send(request, pk):
    from coalition.mailings.tasks import send_bulletins

    bulletin = get_object_or_404(Bulletin.objects.select_related("mailing_list"), pk=pk)
    if not can_edit_bulletin(bulletin):
        return _locked(request, bulletin)
    if not bulletin.items.exists() and not bulletin.intro:
        messages.error(request, "The bulletin is empty: add something before sending it.")
        return _bulletin_page(request, bulletin, status=HTTPStatus.CONFLICT)
    # The delivery rows (one per subscriber: 100,000 for a large list) are made by the
    # sending task, not in this request: "send now" is a schedule for now.
    count = sending.recipients(bulletin).count()
    Bulletin.objects.filter(pk=bulletin.pk, status__in=["draft", "scheduled"]).update(
        status=Bulletin.Status.SCHEDULED, scheduled_for=timezone.now()
    )
    transaction.on_commit(lambda: send_bulletins.enqueue())
    messages.success(request, f"Sending to {count} subscribers.")
    return redirect(bulletin.get_staff_url())


@staff_required
@require_GET
def staff_bulletin_progress(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    return render(
        request,
        "mailings/staff/progress.html",
        {"bulletin": bulletin, "counts": sending.counts(bulletin)},
    )
