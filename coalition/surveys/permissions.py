"""Who may do what with surveys, decided here and nowhere else.

- Anyone: the list of open public surveys, answering a survey (its public page, a
  collector link, a single-use invitation link, a resume link), a published results
  page, and the independence audit (a result is kept by its secret link).
- Signed-in people: their own independence audit history.
- Member representatives: the collector links of the organisations they represent,
  with a ready-made email to share them.
- Staff (with two-factor, enforced for /staff/ by the middleware): building surveys,
  collectors, invitations, results, exports, XLSForm, and the audit's questions.
"""

from coalition.core.middleware import has_two_factor
from coalition.members.permissions import roles_for
from coalition.surveys.models import Collector


def is_trusted_staff(user) -> bool:
    return user.is_authenticated and user.is_staff and has_two_factor(user)


def shared_collectors(request):
    """The collector links this person may see and share (none for non-representatives)."""
    if is_trusted_staff(request.user):
        organisations = None
    else:
        organisations = roles_for(request.user).represented
        if not organisations:
            return Collector.objects.none()
    collectors = Collector.objects.filter(
        organisation__isnull=False, is_active=True, survey__status="open"
    ).select_related("survey", "organisation")
    if organisations is not None:
        collectors = collectors.filter(organisation__in=organisations)
    return collectors.order_by("survey__title", "organisation__name")


def may_see_collector(user, collector: Collector) -> bool:
    if is_trusted_staff(user):
        return True
    represented = {org.pk for org in roles_for(user).represented}
    return collector.organisation_id in represented
