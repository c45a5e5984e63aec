"""Who may use the site-wide areas. Each app decides its own objects in its permissions.py."""

from functools import wraps

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def staff_required(view):
    """Anonymous visitors go to sign-in; signed-in people who are not staff get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("This page is for coalition staff.")
        return view(request, *args, **kwargs)

    return wrapper


def admin_login(request, extra_context=None):
    """Replaces the admin's own sign-in form, which would skip two-factor authentication.

    Everyone signs in on the site's sign-in page (with two-factor for staff). Here,
    anonymous visitors are sent there, signed-in staff go on to the page they asked
    for, and anyone else is refused: the form is never shown, so a signed-in member
    cannot use it to switch to a staff account with only its password.
    """
    from django.contrib import admin

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not admin.site.has_permission(request):
        raise PermissionDenied("The back office is for coalition staff.")
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index", current_app=admin.site.name)
    return redirect(target)
