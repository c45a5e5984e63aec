"""Staff: answer subject access requests and erase a person (with a reason, confirmed)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coalition.core.permissions import staff_required
from coalition.privacy.forms import ConfirmEraseForm, EraseForm, ExportForm
from coalition.privacy.models import Erasure, ExportRequest
from coalition.privacy.services import (
    PrivacyError,
    collect,
    erase_person,
    find_user,
    request_export,
    was_erased,
)


def _home(request, export_form=None, erase_form=None, status=200):
    return render(
        request,
        "privacy/staff/home.html",
        {
            "export_form": export_form or ExportForm(prefix="export"),
            "erase_form": erase_form or EraseForm(prefix="erase"),
            "exports": ExportRequest.objects.filter(by_staff=True).select_related("requested_by")[
                :50
            ],
            "own_exports": ExportRequest.objects.filter(by_staff=False).count(),
            "erasures": Erasure.objects.select_related("erased_by")[:50],
        },
        status=status,
    )


@staff_required
def home(request):
    return _home(request)


@staff_required
@require_POST
def export(request):
    form = ExportForm(request.POST, prefix="export")
    if not form.is_valid():
        return _home(request, export_form=form, status=400)
    request_export(form.cleaned_data["email"], request.user, by_staff=True)
    messages.success(
        request,
        "The export is being prepared. It appears below when ready; you can download it once.",
    )
    return redirect("privacy:staff_home")


@staff_required
def erase(request):
    if request.method != "POST":
        return _home(request)
    if "confirm_step" not in request.POST:
        form = EraseForm(request.POST, prefix="erase")
        if not form.is_valid():
            return _home(request, erase_form=form, status=400)
        email = form.cleaned_data["email"].lower()
        return _confirm(request, ConfirmEraseForm(initial={"email": email}), email)
    form = ConfirmEraseForm(request.POST)
    email = request.POST.get("email", "")
    if not form.is_valid():
        return _confirm(request, form, email, status=400)
    try:
        erasure = erase_person(
            form.cleaned_data["email"], form.cleaned_data["reason"], request.user
        )
    except PrivacyError as error:
        form.add_error("reason", str(error))
        return _confirm(request, form, email, status=400)
    messages.success(
        request,
        f"Erased: {erasure.row_count} records anonymised. The address is on the "
        "suppression list so no import can add it back.",
    )
    return redirect("privacy:staff_home")


def _confirm(request, form, email, status=200):
    held = collect(email, find_user(email)) if email else {}
    return render(
        request,
        "privacy/staff/confirm_erase.html",
        {
            "form": form,
            "email": email,
            "held": sorted((table, len(rows)) for table, rows in held.items()),
            "erased_before": was_erased(email) if email else None,
        },
        status=status,
    )
