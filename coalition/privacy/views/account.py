"""A signed-in person's own data export, and downloading an export (once, requester only)."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from coalition.privacy.forms import OwnExportForm
from coalition.privacy.models import ExportRequest
from coalition.privacy.services import PrivacyError, request_export, take_download


def _verified(user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "email")
        .values_list("email", flat=True)
    )


@login_required
def my_data(request):
    addresses = _verified(request.user)
    form = OwnExportForm(request.POST or None, addresses=addresses)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            request_export(form.cleaned_data["email"], request.user, subject_user=request.user)
            messages.success(
                request, "We are preparing your data. We will email you when it is ready."
            )
            return redirect("privacy:my_data")
        status = 400
    return render(
        request,
        "privacy/my_data.html",
        {
            "form": form,
            "addresses": addresses,
            "exports": ExportRequest.objects.filter(requested_by=request.user, by_staff=False)[:20],
        },
        status=status,
    )


@login_required
def download(request, public_id):
    export = get_object_or_404(ExportRequest, public_id=public_id)
    if export.requested_by_id != request.user.pk:
        raise Http404("No such export.")
    if request.method == "POST":
        try:
            content = take_download(export, request.user)
        except PrivacyError as error:
            messages.error(request, str(error))
            return redirect("privacy:download", public_id=public_id)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{export.public_id.hex[:8]}.zip"'
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "privacy/download.html", {"export": export})
