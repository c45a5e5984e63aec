"""Member organisations as campaign partners: their tracked links, widgets and numbers."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coalition.campaigns import services
from coalition.campaigns.models import Action, Campaign, PartnerLink
from coalition.campaigns.permissions import (
    action_for_partner,
    organisation_for_partner,
    partner_organisations,
)


def _open_actions():
    return (
        Action.objects.filter(status=Action.Status.OPEN, campaign__status=Campaign.Status.ACTIVE)
        .select_related("campaign")
        .order_by("campaign__title", "order", "pk")
    )


@login_required
def dashboard(request):
    """Each organisation this person represents: its links and what came through them."""
    open_actions = [action for action in _open_actions() if action.is_open()]
    organisations = []
    for organisation in partner_organisations(request):
        links = list(
            PartnerLink.objects.filter(organisation=organisation)
            .select_related("action__campaign")
            .order_by("action__campaign__title", "action__order", "action__pk")
        )
        figures = services.partner_figures(links)
        linked = {link.action_id for link in links}
        organisations.append(
            {
                "organisation": organisation,
                "figures": figures,
                "taken": sum(row["taken"] for row in figures),
                "confirmed": sum(row["confirmed"] for row in figures),
                "unlinked": [action for action in open_actions if action.pk not in linked],
            }
        )
    return render(request, "campaigns/partners/dashboard.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def partner_action(request, slug, campaign_slug, action_slug):
    """One organisation's link and widget for one action; POST makes the link."""
    organisation = organisation_for_partner(request, slug)
    action = action_for_partner(campaign_slug, action_slug)
    link = PartnerLink.objects.filter(action=action, organisation=organisation).first()
    if request.method == "POST":
        if link is None and not action.is_open():
            messages.error(request, "This action has closed, so it cannot have new links.")
            return render(
                request,
                "campaigns/partners/action.html",
                {"organisation": organisation, "action": action, "link": None},
                status=HTTPStatus.CONFLICT,
            )
        services.get_partner_link(action, organisation)
        messages.success(request, f"{organisation.name}'s link and widget are ready to use.")
        return redirect(request.path)
    context = {"organisation": organisation, "action": action, "link": link}
    if link is not None:
        base = settings.SITE_URL
        context["tracked_url"] = f"{base}{action.get_absolute_url()}?via={link.code}"
        context["embed_url"] = (
            f"{base}{reverse('campaigns:action_embed', args=[action.campaign.slug, action.slug])}"
            f"?via={link.code}"
        )
        context["figures"] = services.partner_figures([link])[0]
        context["all_figures"] = services.progress(action)
    return render(request, "campaigns/partners/action.html", context)
