"""Who may do what with member organisations, decided here and nowhere else.

Personas: anonymous visitor, member representative (a Person with an account
and an Affiliation marked is_representative), executive group member (a
representative on a current ExecutiveSeat), staff, superuser.
"""

from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coalition.members.models import ExecutiveSeat, Organisation, Person


class Roles:
    """What the signed-in person is, computed lazily (no queries unless asked)."""

    def __init__(self, user):
        self.user = user

    @property
    def is_authenticated(self) -> bool:
        return self.user.is_authenticated

    @property
    def is_staff(self) -> bool:
        return self.user.is_authenticated and self.user.is_staff

    @cached_property
    def person(self) -> Person | None:
        if not self.user.is_authenticated:
            return None
        return Person.objects.filter(user=self.user).first()

    @cached_property
    def represented(self) -> list[Organisation]:
        # One query, straight from the user: the header asks this on every signed-in page.
        if not self.user.is_authenticated:
            return []
        return list(
            Organisation.objects.filter(
                affiliations__person__user=self.user, affiliations__is_representative=True
            ).order_by("name")
        )

    @property
    def is_representative(self) -> bool:
        return bool(self.represented)

    @cached_property
    def is_executive(self) -> bool:
        if self.person is None:
            return False
        today = timezone.localdate()
        return ExecutiveSeat.objects.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today),
            person=self.person,
            term_start__lte=today,
        ).exists()

    def can_edit(self, organisation: Organisation) -> bool:
        return self.is_staff or any(org.pk == organisation.pk for org in self.represented)


def roles_for(user) -> Roles:
    return Roles(user)


def organisation_for_editor(request, slug: str) -> Organisation:
    """The organisation, if this person may edit it; 404 otherwise (no hint it exists)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not roles_for(request.user).can_edit(organisation):
        raise Http404("No organisation you may edit has this address.")
    return organisation
