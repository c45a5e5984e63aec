"""URLs for taking part in actions, partners and the staff view of actions (see urls.py)."""

from django.urls import path

from coalition.campaigns.views import actions, partners, staff

urlpatterns = [
    # Before the action pages: "confirm" would otherwise read as a campaign's slug.
    path("campaigns/confirm/<str:token>/", actions.confirm, name="confirm"),
    path("campaigns/<slug:campaign_slug>/<slug:action_slug>/", actions.action_page, name="action"),
    path(
        "campaigns/<slug:campaign_slug>/<slug:action_slug>/embed/",
        actions.action_embed,
        name="action_embed",
    ),
    path(
        "campaigns/<slug:campaign_slug>/<slug:action_slug>/resend/",
        actions.resend,
        name="resend",
    ),
    path(
        "campaigns/<slug:campaign_slug>/<slug:action_slug>/pledges/",
        actions.pledgers,
        name="pledgers",
    ),
    # Partners: a member organisation's links, widgets and numbers.
    path("my-organisation/campaigns/", partners.dashboard, name="partner_dashboard"),
    path(
        "my-organisation/campaigns/<slug:slug>/<slug:campaign_slug>/<slug:action_slug>/",
        partners.partner_action,
        name="partner_action",
    ),
    # Staff
    path("staff/campaigns/", staff.index, name="staff_index"),
    path("staff/campaigns/<slug:slug>/", staff.campaign_figures, name="staff_campaign"),
    path(
        "staff/campaigns/<slug:slug>/figures.csv",
        staff.campaign_figures_csv,
        name="staff_campaign_csv",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/",
        staff.action_figures,
        name="staff_action",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/figures.csv",
        staff.action_figures_csv,
        name="staff_action_csv",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/close/",
        staff.action_close,
        name="staff_action_close",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/participants/",
        staff.participations,
        name="staff_participations",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/participants.csv",
        staff.participations_csv,
        name="staff_participations_csv",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/participants/<int:pk>/invalidate/",
        staff.participation_invalidate,
        name="staff_invalidate",
    ),
]
