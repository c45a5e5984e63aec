"""Who may do what with events, decided here and nowhere else.

- Anyone: the calendar, published events, registering, their own registration by its
  secret link, calendar feeds (the private one by its secret link).
- Signed-in people: "My events" and their private calendar link.
- Member representatives: submit events for the organisations they represent, edit them
  until staff publish them, and, as organisers, see and export the attendee list and
  mark attendance.
- Staff (with two-factor, enforced for /staff/ by the middleware): everything, in the
  moderation queue under /staff/events/. Outside /staff/ a staff account counts as an
  organiser only once it has two-factor set up, so attendee lists (with access needs)
  are never open to a staff account with only a password.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.core.middleware import has_two_factor
from coalition.events.models import Event
from coalition.members.models import Organisation
from coalition.members.permissions import roles_for


def is_trusted_staff(user) -> bool:
    return user.is_authenticated and user.is_staff and has_two_factor(user)


def organisations_for_organiser(request) -> list[Organisation]:
    """The organisations this person may submit events for; 404 for everyone else."""
    roles = roles_for(request.user)
    if is_trusted_staff(request.user):
        return list(Organisation.objects.listed())
    if not roles.represented:
        raise Http404("Only member representatives submit events.")
    return roles.represented


def event_for_organiser(request, pk: int) -> Event:
    """An event this person organises (a representative of its organiser, or staff); else 404."""
    event = get_object_or_404(Event.objects.select_related("organiser"), pk=pk)
    if is_trusted_staff(request.user):
        return event
    represented = {org.pk for org in roles_for(request.user).represented}
    if event.organiser_id is None or event.organiser_id not in represented:
        raise Http404("No event you organise has this address.")
    return event


def can_edit_submission(user, event: Event) -> bool:
    """Representatives change their events until staff publish them; staff use the back office."""
    return event.status in (Event.Status.DRAFT, Event.Status.SUBMITTED)
