"""Who may see and do what in policy, decided here and nowhere else.

- Developments, positions (shown publicly), publications (listed publicly), the
  monitoring log and published responses: anyone.
- A response being drafted: member representatives and trusted staff read it;
  representatives comment on its sections and sign for their organisations.
- Everything under /staff/policy/: trusted staff (two-factor, enforced by the middleware).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.governance.permissions import is_trusted_staff
from coalition.members.permissions import roles_for
from coalition.policy.models import Response


def member_organisations(user) -> list:
    """The active member organisations this person represents (asked once per request)."""
    cached = getattr(user, "_policy_member_organisations", None)
    if cached is None:
        cached = [o for o in roles_for(user).represented if o.status == o.Status.ACTIVE]
        if user.is_authenticated:
            user._policy_member_organisations = cached
    return cached


def is_member(user) -> bool:
    return is_trusted_staff(user) or bool(member_organisations(user))


def response_for_viewer(request, slug: str) -> Response:
    """A response this person may read; 404 for a draft to anyone but members and staff."""
    response = get_object_or_404(Response.objects.select_related("development"), slug=slug)
    if not response.is_published and not is_member(request.user):
        raise Http404("No response you may see has this address.")
    return response


def participant(request) -> tuple[list, bool]:
    """(organisations this person comments and signs for, is trusted staff); 404 otherwise."""
    if is_trusted_staff(request.user):
        return member_organisations(request.user), True
    organisations = member_organisations(request.user)
    if not organisations:
        raise Http404("Only member representatives take part in joint responses.")
    return organisations, False


def members_post_only(view):
    """Members' actions: sign-in first, then 404 for non-members, then POST only.

    Checking who before how means an outsider learns nothing from the method.
    """
    from functools import wraps

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponseNotAllowed

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_member(request.user):
            raise Http404("Only member representatives and staff do this.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return login_required(wrapper)
