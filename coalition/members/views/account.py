"""Pages for signed-in representatives: their organisation and invitations."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coalition.members.forms import OrganisationProfileForm
from coalition.members.models import Invitation, Membership, Subscription
from coalition.members.permissions import organisation_for_editor, roles_for
from coalition.members.services import link_person_to_user


@login_required
def my_organisation(request):
    roles = roles_for(request.user)
    organisations = [
        {
            "organisation": organisation,
            "memberships": Membership.objects.filter(organisation=organisation)
            .select_related("type")
            .prefetch_related(
                Prefetch("subscriptions", queryset=Subscription.objects.order_by("-period_start"))
            ),
            "people": organisation.affiliations.select_related("person"),
        }
        for organisation in roles.represented
    ]
    return render(
        request, "members/my_organisation.html", {"organisations": organisations, "roles": roles}
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = organisation_for_editor(request, slug)
    if request.method == "POST":
        form = OrganisationProfileForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            form.save()
            messages.success(request, f"{organisation.name}'s profile has been updated.")
            return redirect(organisation)
    else:
        form = OrganisationProfileForm(instance=organisation)
    return render(
        request, "members/organisation_edit.html", {"form": form, "organisation": organisation}
    )


def invitation(request, token):
    """Where the invitation email leads: create an account, or connect the one you have."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("person", "organisation"), token=token
    )
    person = invitation.person
    if request.user.is_authenticated and person.user_id == request.user.pk:
        return redirect("members:my_organisation")
    if (
        request.user.is_authenticated
        and request.method == "POST"
        and not invitation.is_expired
        and EmailAddress.objects.filter(
            user=request.user, email__iexact=person.email, verified=True
        ).exists()
    ):
        link_person_to_user(request.user, person.email)
        messages.success(request, f"Your account now represents {invitation.organisation.name}.")
        return redirect("members:my_organisation")
    return render(request, "members/invitation.html", {"invitation": invitation})
