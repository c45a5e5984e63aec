from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

STAFF_AREAS = ("/staff/", "/admin/")


class StaffTwoFactorMiddleware:
    """Staff must set up an authenticator app before they can use the back office."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(STAFF_AREAS)
            and not has_two_factor(user)
        ):
            messages.info(
                request,
                "Staff accounts must use two-factor authentication. "
                "Set up an authenticator app to continue.",
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
