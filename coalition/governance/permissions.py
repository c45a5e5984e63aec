"""Who may see and do what in governance, decided here and nowhere else.

Visibility of a meeting, agenda item, paper, action or decision:
- public: anyone;
- members: member representatives, members of the body, and trusted staff;
- body: members of the body (for the Assembly, every member representative) and
  trusted staff.
A paper follows its agenda item; an agenda item is seen only once the agenda is
published (staff see drafts in /staff/governance/); minutes are seen once approved,
by those who may see the meeting.

Priorities: anyone reads a round and its published results; a member organisation's
representative proposes, comments and casts the organisation's one ballot.
Staff (with two-factor, enforced for /staff/ by the middleware) run everything.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.core.middleware import has_two_factor
from coalition.governance.models import ActionItem, Body, Visibility
from coalition.members.permissions import roles_for


def is_trusted_staff(user) -> bool:
    return user.is_authenticated and user.is_staff and has_two_factor(user)


class Viewer:
    """What one person may see, with the few queries it needs made once."""

    def __init__(self, user):
        self.user = user
        self.roles = roles_for(user)
        self.staff = is_trusted_staff(user)
        self._bodies = None

    @property
    def is_member(self) -> bool:
        return self.staff or self.roles.is_representative or bool(self.body_ids)

    @property
    def body_ids(self) -> set[int]:
        if self._bodies is None:
            person = self.roles.person
            ids = set()
            if person is not None:
                ids = set(person.body_memberships.values_list("body_id", flat=True))
            if self.roles.is_representative:
                ids |= set(
                    Body.objects.filter(kind=Body.Kind.ASSEMBLY).values_list("pk", flat=True)
                )
            self._bodies = ids
        return self._bodies

    def levels(self, body_id: int) -> set[str]:
        """The visibility levels this person may see for things of this body."""
        if self.staff:
            return {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.BODY}
        levels = {Visibility.PUBLIC}
        if self.is_member:
            levels.add(Visibility.MEMBERS)
        if body_id in self.body_ids:
            levels |= {Visibility.MEMBERS, Visibility.BODY}
        return levels

    def can_see(self, visibility: str, body_id: int) -> bool:
        return visibility in self.levels(body_id)

    def visible_levels_anywhere(self) -> tuple[set[str], set[int]]:
        """(levels seen for every body, bodies whose 'body only' items are seen)."""
        if self.staff:
            return {Visibility.PUBLIC, Visibility.MEMBERS, Visibility.BODY}, set()
        base = {Visibility.PUBLIC}
        if self.is_member:
            base.add(Visibility.MEMBERS)
        return base, self.body_ids


def visible_filter(viewer: Viewer, prefix: str = "", body_path: str = "body"):
    """A Q for rows (meetings, decisions...) this viewer may see.

    `prefix` is the path to the row's own `visibility`; `body_path` the path to its body.
    """
    from django.db.models import Q

    levels, bodies = viewer.visible_levels_anywhere()
    query = Q(**{f"{prefix}visibility__in": levels})
    if bodies:
        query |= Q(**{f"{prefix}visibility__in": [Visibility.MEMBERS, Visibility.BODY]}) & Q(
            **{f"{body_path}__in": bodies}
        )
    return query


def meeting_for_viewer(request, pk: int):
    from coalition.governance.models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("body", "event"), pk=pk)
    viewer = Viewer(request.user)
    if not viewer.can_see(meeting.visibility, meeting.body_id):
        raise Http404("No meeting you may see has this address.")
    return meeting, viewer


def paper_for_viewer(request, pk: int):
    from coalition.governance.models import Paper

    paper = get_object_or_404(Paper.objects.select_related("agenda_item__meeting__body"), pk=pk)
    item = paper.agenda_item
    meeting = item.meeting
    viewer = Viewer(request.user)
    if not viewer.staff and not meeting.agenda_published:
        raise Http404("No paper you may see has this address.")
    if not (
        viewer.can_see(meeting.visibility, meeting.body_id)
        and viewer.can_see(item.visibility, meeting.body_id)
    ):
        raise Http404("No paper you may see has this address.")
    return paper


def voting_organisations(request) -> list:
    """The member organisations this person votes and proposes for; 404 for everyone else."""
    represented = [
        organisation
        for organisation in roles_for(request.user).represented
        if organisation.status == organisation.Status.ACTIVE
    ]
    if not represented:
        raise Http404("Only member representatives take part in priority rounds.")
    return represented


def action_for_owner(request, pk: int) -> ActionItem:
    """An action this person owns (or any, for trusted staff); 404 otherwise."""
    action = get_object_or_404(ActionItem.objects.select_related("owner", "meeting"), pk=pk)
    if is_trusted_staff(request.user):
        return action
    person = roles_for(request.user).person
    if person is None or action.owner_id != person.pk:
        raise Http404("No action of yours has this address.")
    return action
