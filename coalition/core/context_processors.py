from coalition.core.models import CoalitionProfile
from coalition.members.permissions import roles_for


def coalition(request) -> dict:
    return {
        "coalition": CoalitionProfile.current(),
        "roles": roles_for(request.user) if hasattr(request, "user") else None,
    }
