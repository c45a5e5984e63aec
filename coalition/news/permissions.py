"""Who may do what with news, decided here and nowhere else.

- Anyone: the news list, published items, the RSS and Atom feeds, "From our members".
- Member representatives: submit news for the organisations they represent, edit it until
  staff publish it (a refused item can be changed and sent again), register their
  organisation's own feed and see whether it works.
- Staff (with two-factor, enforced for /staff/ by the middleware): the moderation queue,
  writing and publishing news, every member's feed, "fetch now".
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.core.middleware import has_two_factor
from coalition.members.models import Organisation
from coalition.members.permissions import roles_for
from coalition.news.models import NewsItem


def is_trusted_staff(user) -> bool:
    return user.is_authenticated and user.is_staff and has_two_factor(user)


def organisations_for_author(request) -> list[Organisation]:
    """The organisations this person may submit news and feeds for; 404 for everyone else.

    Staff with two-factor may act for any member (to help one that asks).
    """
    roles = roles_for(request.user)
    if is_trusted_staff(request.user):
        return list(Organisation.objects.listed())
    if not roles.represented:
        raise Http404("Only member representatives submit news.")
    return roles.represented


def item_for_author(request, pk: int) -> NewsItem:
    """A news item of an organisation this person represents; else 404."""
    item = get_object_or_404(NewsItem.objects.select_related("organisation"), pk=pk)
    if is_trusted_staff(request.user) and item.organisation_id:
        return item
    represented = {org.pk for org in organisations_for_author(request)}
    if item.organisation_id not in represented:
        raise Http404("No news item of yours has this address.")
    return item


def organisation_for_author(request, slug: str) -> Organisation:
    if is_trusted_staff(request.user):
        return get_object_or_404(Organisation.objects.listed(), slug=slug)
    for organisation in organisations_for_author(request):
        if organisation.slug == slug:
            return organisation
    raise Http404("You do not represent this organisation.")


def can_edit_submission(item: NewsItem) -> bool:
    """Members change their items until staff publish them."""
    return item.status in (
        NewsItem.Status.DRAFT,
        NewsItem.Status.SUBMITTED,
        NewsItem.Status.REJECTED,
    )
