from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import QueryDict
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
    """No NUL character (%00) reaches a view through the address.

    PostgreSQL refuses NUL in text, so a filter like ?theme=a%00 read straight from the
    query string would be a 500 there. NULs are dropped from the query string (a search
    for "rural%00" is a search for "rural"); a NUL in the path itself is a 400. Forms
    refuse NUL already (Django's ProhibitNullCharactersValidator). The API (/api/)
    answers NUL itself, as a JSON field error (api/schemas.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            return self.get_response(request)
        if "\x00" in request.path_info:
            raise BadRequest("The address contains a NUL character.")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            query = query.replace("%00", "").replace("\x00", "")
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        return self.get_response(request)
