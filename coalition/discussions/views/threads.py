"""Discussion pages: threads by theme and their posts; start, reply, follow, report."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from coalition.core.models import Theme
from coalition.discussions.forms import (
    EditPostForm,
    PreferenceForm,
    ReplyForm,
    ReportForm,
    ThreadForm,
)
from coalition.discussions.models import Follow, NotificationPreference, Post
from coalition.discussions.permissions import (
    can_post,
    post_for_author,
    post_for_viewer,
    poster,
    thread_for_viewer,
    visible_threads,
)
from coalition.discussions.services.moderation import report_post
from coalition.discussions.services.posting import (
    PostRefused,
    add_post,
    edit_post,
    follow,
    start_thread,
)
from coalition.discussions.views.post_html import post_list
from coalition.governance.permissions import is_trusted_staff
from coalition.policy.permissions import members_post_only


def index(request):
    threads = visible_threads(request.user).select_related("theme", "organisation")
    theme = request.GET.get("theme", "")
    if theme:
        threads = threads.filter(theme__slug=theme)
    page = Paginator(threads, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "discussions/index.html",
        {
            "page": page,
            "themes": Theme.objects.all(),
            "theme": theme,
            "can_post": can_post(request.user),
        },
    )


def _organisation_choice(request, organisations, staff):
    """The organisation a post is made for: the one chosen, or the first; None for staff alone."""
    chosen = request.POST.get("organisation", "")
    if chosen.isdigit():
        for organisation in organisations:
            if organisation.pk == int(chosen):
                return organisation
    return organisations[0] if organisations else None


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request):
    organisations, staff = poster(request)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ThreadForm(request.POST)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "body"}
            thread = start_thread(
                request.user,
                _organisation_choice(request, organisations, staff),
                form.cleaned_data["body"],
                **fields,
            )
            messages.success(request, "Your discussion is started. You follow it.")
            return redirect(thread)
        status = HTTPStatus.BAD_REQUEST
    else:
        initial = {
            key: request.GET[key]
            for key in ("development", "campaign", "priority", "theme")
            if request.GET.get(key, "").isdigit()
        }
        form = ThreadForm(initial=initial)
    return render(
        request,
        "discussions/new.html",
        {"form": form, "organisations": organisations},
        status=status,
    )


def thread_detail(request, pk, form=None, status=HTTPStatus.OK):
    thread = thread_for_viewer(request, pk)
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("quoted")
        .only(
            "pk",
            "author_name",
            "organisation_id",
            "body_html",
            "is_hidden",
            "is_removed",
            "moderation_reason",
            "created",
            "edited",
            "quoted_id",
            "quoted__author_name",
            "quoted__body",
            "quoted__is_hidden",
            "quoted__is_removed",
            "author_id",
        )  # fmt: skip
        .order_by("created", "pk")
    )
    per_page = settings.DISCUSSIONS_POSTS_PER_PAGE
    paginator = Paginator(posts, per_page)
    paginator.count = thread.post_count or Post.objects.filter(thread=thread).count()
    number = request.GET.get("page")
    wanted = request.GET.get("post", "")
    if wanted.isdigit() and not number:
        before = Post.objects.filter(thread=thread, pk__lt=int(wanted)).count()
        number = before // per_page + 1
    page = paginator.get_page(number)
    user = request.user
    quoting = None
    quote = request.GET.get("quote", "")
    if quote.isdigit():
        quoting = Post.objects.filter(thread=thread, pk=int(quote), is_hidden=False).first()
    staff = is_trusted_staff(user)
    may_post = can_post(user) and not thread.is_locked
    posts_html = post_list(
        page,
        staff=staff,
        signed_in=user.is_authenticated,
        can_post=may_post,
        viewer_id=user.pk,
        page_number=page.number,
    )
    return render(
        request,
        "discussions/thread.html",
        {
            "thread": thread,
            "page": page,
            "posts_html": posts_html,
            "staff": staff,
            "can_post": may_post,
            "following": user.is_authenticated
            and Follow.objects.filter(thread=thread, user=user).exists(),
            "form": form or ReplyForm(initial={"quoted": quoting.pk if quoting else None}),
            "quoting": quoting,
        },
        status=status,
    )


@members_post_only
def reply(request, pk):
    thread = thread_for_viewer(request, pk)
    organisations, staff = poster(request)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return thread_detail(request, pk, form=form, status=HTTPStatus.BAD_REQUEST)
    quoted = None
    if form.cleaned_data.get("quoted"):
        quoted = Post.objects.filter(thread=thread, pk=form.cleaned_data["quoted"]).first()
    try:
        post = add_post(
            thread,
            request.user,
            _organisation_choice(request, organisations, staff),
            form.cleaned_data["body"],
            quoted=quoted,
        )
    except PostRefused as refusal:
        form.add_error(None, str(refusal))
        return thread_detail(request, pk, form=form, status=HTTPStatus.CONFLICT)
    messages.success(request, "Your reply is posted.")
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The author corrects their own post; readers see that it was edited."""
    post = post_for_author(request, pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = EditPostForm(request.POST)
        if form.is_valid():
            try:
                edit_post(post, form.cleaned_data["body"])
            except PostRefused as refusal:
                form.add_error(None, str(refusal))
                status = HTTPStatus.CONFLICT
            else:
                messages.success(request, "Your post is changed.")
                return redirect(post.get_absolute_url())
        else:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = EditPostForm(initial={"body": post.body})
    return render(
        request, "discussions/edit_post.html", {"form": form, "post": post}, status=status
    )


@login_required
def follow_thread(request, pk):
    """POST follows or stops following; a GET (a link from an email) shows the thread."""
    thread = thread_for_viewer(request, pk)
    if request.method != "POST":
        return thread_detail(request, pk)
    following = request.POST.get("follow", "1") != "0"
    follow(thread, request.user, following)
    messages.success(
        request,
        "You follow this discussion: new posts come by email."
        if following
        else "You no longer follow this discussion.",
    )
    return redirect(thread)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    post = post_for_viewer(request, pk)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            new, _hidden = report_post(post, request.user, form.cleaned_data["reason"])
            if new:
                messages.success(request, "Thank you: staff will look at this post.")
            else:
                messages.info(request, "You had already reported this post; staff will look at it.")
            return redirect(post.get_absolute_url())
        status = HTTPStatus.BAD_REQUEST
    else:
        form = ReportForm()
    return render(request, "discussions/report.html", {"form": form, "post": post}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    preference = preference or NotificationPreference(user=request.user)
    status = HTTPStatus.OK
    if request.method == "POST":
        form = PreferenceForm(request.POST, instance=preference)
        if form.is_valid():
            form.save()
            messages.success(request, "Your email choice is saved.")
            return redirect("discussions:preferences")
        status = HTTPStatus.BAD_REQUEST
    else:
        form = PreferenceForm(instance=preference)
    follows = (
        Follow.objects.filter(user=request.user, thread__is_removed=False)
        .select_related("thread")
        .order_by("-thread__last_post_at")
    )
    return render(
        request,
        "discussions/preferences.html",
        {"form": form, "follows": follows},
        status=status,
    )
