"""The membership back office: the applications queue and decisions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coalition.core.permissions import staff_required
from coalition.members.forms import RejectionForm
from coalition.members.models import Application
from coalition.members.services import (
    AlreadyDecided,
    NameTaken,
    approve_application,
    reject_application,
)


@staff_required
def application_queue(request):
    status = request.GET.get("status", Application.Status.PENDING)
    if status not in Application.Status.values:
        status = Application.Status.PENDING
    applications = Application.objects.filter(status=status).select_related(
        "membership_type", "decided_by"
    )
    return render(
        request,
        "members/staff/application_queue.html",
        {"applications": applications, "status": status, "statuses": Application.Status.choices},
    )


@staff_required
def application_review(request, pk, rejection_form=None, status=200):
    application = get_object_or_404(
        Application.objects.select_related(
            "membership_type", "organisation", "decided_by"
        ).prefetch_related("regions", "themes"),
        pk=pk,
    )
    return render(
        request,
        "members/staff/application_review.html",
        {"application": application, "rejection_form": rejection_form or RejectionForm()},
        status=status,
    )


@staff_required
@require_POST
def application_approve(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        approve_application(application, request.user)
    except AlreadyDecided:
        messages.error(request, "This application had already been decided. Nothing was changed.")
        return application_review(request, pk, status=409)
    except NameTaken:
        messages.error(
            request,
            f"An organisation called “{application.organisation_name}” already exists. "
            "Reject this application or rename the existing organisation first.",
        )
        return application_review(request, pk, status=409)
    messages.success(
        request,
        f"{application.organisation_name} is now a member. "
        f"An invitation has been emailed to {application.contact_email}.",
    )
    return redirect("members:application_queue")


@staff_required
@require_POST
def application_reject(request, pk):
    application = get_object_or_404(Application, pk=pk)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        return application_review(request, pk, rejection_form=form, status=400)
    try:
        reject_application(application, request.user, form.cleaned_data["reason"])
    except AlreadyDecided:
        messages.error(request, "This application had already been decided. Nothing was changed.")
        return application_review(request, pk, status=409)
    messages.success(request, f"The application from {application.organisation_name} was rejected.")
    return redirect("members:application_queue")
