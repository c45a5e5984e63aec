"""Moderation under /staff/discussions/: reported and hidden posts, locking, moving, removing."""

from http import HTTPStatus

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from coalition.core.permissions import staff_required
from coalition.discussions.forms import PostReviewForm, ThreadModerationForm
from coalition.discussions.models import Post, Thread
from coalition.discussions.services.moderation import moderate_thread, review_post


@staff_required
def staff_home(request):
    queue = (
        Post.objects.filter(
            Q(is_hidden=True) | Q(reports__reviewed_at__isnull=True, reports__isnull=False)
        )
        .filter(is_removed=False)
        .annotate(open_reports=Count("reports", filter=Q(reports__reviewed_at__isnull=True)))
        .select_related("thread")
        .prefetch_related("reports")
        .distinct()
        .order_by("-is_hidden", "-open_reports", "created")
    )
    return render(
        request,
        "discussions/staff/home.html",
        {
            "queue": queue,
            "review_form": PostReviewForm(),
            "threads": Thread.objects.select_related("theme").order_by("-last_post_at")[:30],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_thread(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("theme"), pk=pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ThreadModerationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            moderate_thread(thread, data["action"], data["reason"], theme=data.get("theme"))
            messages.success(request, "Done. The reason is kept in the audit log.")
            return redirect("discussions:staff_thread", pk=thread.pk)
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ThreadModerationForm()
    from auditlog.models import LogEntry

    history = LogEntry.objects.get_for_object(thread).select_related("actor")[:20]
    return render(
        request,
        "discussions/staff/thread.html",
        {"thread": thread, "form": form, "history": history},
        status=status,
    )


@staff_required
@require_POST
def staff_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    form = PostReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("discussions:staff_home")
    keep = form.cleaned_data["decision"] == "keep"
    review_post(post, keep, form.cleaned_data["reason"])
    messages.success(request, "The post is shown again." if keep else "The post is removed.")
    return redirect("discussions:staff_home")
