"""Who may see and do what in discussions, decided here and nowhere else.

- Public threads: anyone reads them. Members-only threads: member representatives
  and trusted staff (anyone else gets a 404, with no hint the thread exists).
- Starting threads and replying: member representatives (for their organisation)
  and trusted staff (for the coalition). Nobody posts in a locked thread.
- Reporting a post: anyone signed in who may read it.
- Editing a post: its author only (anyone else gets a 404), while it is shown and its
  thread is open.
- Moderation under /staff/discussions/: trusted staff.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.discussions.models import Post, Thread
from coalition.governance.permissions import is_trusted_staff
from coalition.policy.permissions import is_member, member_organisations


def visible_threads(user):
    threads = Thread.objects.filter(is_removed=False)
    if not is_member(user):
        threads = threads.filter(visibility=Thread.Visibility.PUBLIC)
    return threads


def thread_for_viewer(request, pk: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("theme", "development", "campaign", "priority__round"), pk=pk
    )
    if thread.is_removed and not is_trusted_staff(request.user):
        raise Http404("This thread was removed.")
    if not thread.is_public and not is_member(request.user):
        raise Http404("No thread you may see has this address.")
    return thread


def post_for_viewer(request, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=pk)
    thread_for_viewer(request, post.thread_id)
    return post


def post_for_author(request, pk: int) -> Post:
    post = post_for_viewer(request, pk)
    if post.author_id is None or post.author_id != request.user.pk:
        raise Http404("Only its author may edit a post.")
    return post


def poster(request) -> tuple[list, bool]:
    """(organisations this person posts for, is trusted staff); 404 for anyone else."""
    staff = is_trusted_staff(request.user)
    organisations = member_organisations(request.user)
    if not organisations and not staff:
        raise Http404("Only member representatives and staff take part in discussions.")
    return organisations, staff


def can_post(user) -> bool:
    return is_member(user)
