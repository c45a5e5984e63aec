"""The staff inbox: enquiries with their threads, replies by email, introductions, ages."""

from datetime import timedelta
from http import HTTPStatus

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.enquiries.forms import IntroductionContactForm, NoteForm, ReplyForm, UpdateForm
from coalition.enquiries.models import Enquiry, Introduction, Message, Tag
from coalition.enquiries.services.introductions import NotReady, ask_contact, make_introduction
from coalition.enquiries.services.mail import reply_address, send_reply

TABS = [
    ("open", "Open"),
    ("new", "New"),
    ("mine", "Assigned to me"),
    ("waiting", "Waiting for them"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]


@staff_required
def inbox(request):
    tab = request.GET.get("show", "open")
    if tab not in dict(TABS):
        tab = "open"
    rows = Enquiry.objects.select_related("assigned_to").prefetch_related("tags")
    if tab == "open":
        rows = rows.filter(status__in=Enquiry.OPEN_STATUSES)
    elif tab == "mine":
        rows = rows.filter(assigned_to=request.user, status__in=Enquiry.OPEN_STATUSES)
    else:
        rows = rows.filter(status=tab if tab != "waiting" else Enquiry.Status.WAITING)
    tag = request.GET.get("tag", "")
    if tag.isdigit():
        rows = rows.filter(tags=int(tag))
    counts = Enquiry.objects.aggregate(
        open=Count("pk", filter=Q(status__in=Enquiry.OPEN_STATUSES)),
        new=Count("pk", filter=Q(status=Enquiry.Status.NEW)),
    )
    return render(
        request,
        "enquiries/staff/inbox.html",
        {
            "enquiries": rows.order_by("-last_activity_at")[:200],
            "tab": tab,
            "tabs": TABS,
            "counts": counts,
            "tags": Tag.objects.all(),
            "tag": tag,
            "introductions_waiting": Introduction.objects.filter(
                status__in=[Introduction.Status.REQUESTED, Introduction.Status.ASKED]
            ).count(),
        },
    )


def _enquiry_page(request, enquiry, reply_form=None, note_form=None, update_form=None, status=200):
    return render(
        request,
        "enquiries/staff/enquiry.html",
        {
            "enquiry": enquiry,
            "thread": enquiry.messages.select_related("author"),
            "reply_form": reply_form or ReplyForm(prefix="reply"),
            "note_form": note_form or NoteForm(prefix="note"),
            "update_form": update_form or UpdateForm(instance=enquiry),
            "reply_address": reply_address(enquiry),
        },
        status=status,
    )


@staff_required
def enquiry(request, pk):
    enquiry = get_object_or_404(Enquiry.objects.select_related("assigned_to"), pk=pk)
    return _enquiry_page(request, enquiry)


@staff_required
@require_POST
def enquiry_reply(request, pk):
    enquiry = get_object_or_404(Enquiry, pk=pk)
    form = ReplyForm(request.POST, prefix="reply")
    if not form.is_valid():
        return _enquiry_page(request, enquiry, reply_form=form, status=HTTPStatus.BAD_REQUEST)
    send_reply(enquiry, request.user, form.cleaned_data["body"], form.cleaned_data["status"])
    messages.success(request, f"Your reply is on its way to {enquiry.email}.")
    return redirect(enquiry.get_staff_url())


@staff_required
@require_POST
def enquiry_note(request, pk):
    enquiry = get_object_or_404(Enquiry, pk=pk)
    form = NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _enquiry_page(request, enquiry, note_form=form, status=HTTPStatus.BAD_REQUEST)
    Message.objects.create(
        enquiry=enquiry, kind=Message.Kind.NOTE, author=request.user, body=form.cleaned_data["body"]
    )
    messages.success(request, "The note is added (staff only).")
    return redirect(enquiry.get_staff_url())


@staff_required
@require_POST
def enquiry_update(request, pk):
    enquiry = get_object_or_404(Enquiry, pk=pk)
    form = UpdateForm(request.POST, instance=enquiry)
    if not form.is_valid():
        return _enquiry_page(request, enquiry, update_form=form, status=HTTPStatus.BAD_REQUEST)
    form.save()
    messages.success(request, "Saved.")
    return redirect(enquiry.get_staff_url())


BUCKETS = [
    ("Under a day", timedelta(0), timedelta(days=1)),
    ("1 to 3 days", timedelta(days=1), timedelta(days=3)),
    ("3 to 7 days", timedelta(days=3), timedelta(days=7)),
    ("1 to 2 weeks", timedelta(days=7), timedelta(days=14)),
    ("Over 2 weeks", timedelta(days=14), None),
]


@staff_required
def ages(request):
    """Open enquiries by how long they have waited since they arrived, oldest first."""
    now = timezone.now()
    open_rows = list(
        Enquiry.objects.filter(status__in=Enquiry.OPEN_STATUSES)
        .select_related("assigned_to")
        .order_by("received_at")[:500]
    )
    buckets = []
    for label, low, high in BUCKETS:
        rows = [
            e
            for e in open_rows
            if now - e.received_at >= low and (high is None or now - e.received_at < high)
        ]
        buckets.append({"label": label, "enquiries": rows, "count": len(rows)})
    answered = Enquiry.objects.filter(
        first_answered_at__isnull=False, received_at__gte=now - timedelta(days=90)
    ).values_list("received_at", "first_answered_at")
    waits = sorted((b - a).total_seconds() / 3600 for a, b in answered)
    median = waits[len(waits) // 2] if waits else None
    return render(
        request,
        "enquiries/staff/ages.html",
        {"buckets": buckets, "now": now, "median_hours": median, "answered_count": len(waits)},
    )


@staff_required
def introductions(request):
    rows = Introduction.objects.select_related("organisation", "theme").order_by("-created")[:200]
    return render(request, "enquiries/staff/introductions.html", {"introductions": rows})


@staff_required
@require_http_methods(["GET", "POST"])
def introduction(request, pk):
    introduction = get_object_or_404(
        Introduction.objects.select_related("organisation", "theme"), pk=pk
    )
    initial = {}
    if not introduction.contact_email and introduction.organisation:
        initial = {
            "contact_name": introduction.organisation.name,
            "contact_email": introduction.organisation.contact_email,
        }
    form = IntroductionContactForm(request.POST or None, instance=introduction, initial=initial)
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Saved.")
            return redirect(introduction.get_staff_url())
        status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "enquiries/staff/introduction.html",
        {"introduction": introduction, "form": form},
        status=status,
    )


@staff_required
@require_POST
def introduction_ask(request, pk):
    introduction = get_object_or_404(Introduction, pk=pk)
    try:
        ask_contact(introduction)
    except NotReady as reason:
        messages.error(request, str(reason))
        return redirect(introduction.get_staff_url())
    messages.success(request, f"We have asked {introduction.contact_email} whether they agree.")
    return redirect(introduction.get_staff_url())


@staff_required
@require_POST
def introduction_make(request, pk):
    introduction = get_object_or_404(Introduction, pk=pk)
    try:
        make_introduction(introduction)
    except NotReady as reason:
        messages.error(request, str(reason))
        return redirect(introduction.get_staff_url())
    messages.success(request, "The introduction is made: one email went to both of them.")
    return redirect(introduction.get_staff_url())
