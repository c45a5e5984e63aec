from django.contrib import messages
from django.core.exceptions import BadRequest
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


class RefuseNulMiddleware:
    """A NUL character (%00) in the address is a 400, not a 500 from PostgreSQL.

    PostgreSQL refuses NUL in text, so a filter like ?theme=a%00 read straight from the
    query string would fail in the database. Forms refuse NUL already (Django's
    ProhibitNullCharactersValidator); this covers every view that reads the address.
    The API (/api/) answers NUL itself, as a JSON field error (api/schemas.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)
