"""URLs of campaigns, evidence, materials and letters (see urls.py)."""

from django.urls import path

from coalition.campaigns import views_pages

urlpatterns = [
    path("campaigns/", views_pages.campaign_list, name="campaign_list"),
    path("campaigns/<slug:slug>/", views_pages.campaign_detail, name="campaign"),
    path(
        "campaigns/<slug:slug>/materials/<int:pk>/",
        views_pages.material_download,
        name="material",
    ),
    path(
        "campaigns/<slug:slug>/evidence/<int:pk>/",
        views_pages.evidence_download,
        name="evidence_file",
    ),
    path(
        "campaigns/<slug:slug>/<slug:action_slug>/letter.pdf",
        views_pages.letter_pdf,
        name="letter_pdf",
    ),
    path(
        "staff/campaigns/<slug:slug>/<slug:action_slug>/letters/",
        views_pages.staff_letters,
        name="staff_letters",
    ),
]
