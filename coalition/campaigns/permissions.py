"""Who may see partners' numbers and links: an organisation's representatives, and staff.

The staff view (`views/staff.py`) is guarded by core's `staff_required`.
"""

from django.shortcuts import get_object_or_404

from coalition.campaigns.models import Action, Campaign
from coalition.members.models import Organisation
from coalition.members.permissions import organisation_for_editor, roles_for


def organisation_for_partner(request, slug: str) -> Organisation:
    """The organisation, if this person represents it (or is staff); 404 otherwise."""
    return organisation_for_editor(request, slug)


def partner_organisations(request) -> list[Organisation]:
    """The organisations whose campaign numbers this person sees on their page."""
    return roles_for(request.user).represented


def action_for_partner(campaign_slug: str, action_slug: str) -> Action:
    """An action a partner may get a link for: any that is not a draft (links to closed
    actions stay, so a partner can still see what came through theirs)."""
    return get_object_or_404(
        Action.objects.select_related("campaign")
        .exclude(status=Action.Status.DRAFT)
        .exclude(campaign__status=Campaign.Status.DRAFT),
        campaign__slug=campaign_slug,
        slug=action_slug,
    )
