from django.urls import path

from coalition.members.views import account, public, staff

app_name = "members"

urlpatterns = [
    path("members/", public.directory, name="directory"),
    path("members/<slug:slug>/", public.organisation_detail, name="organisation"),
    path("members/<slug:slug>/edit/", account.organisation_edit, name="organisation_edit"),
    path("join/", public.join, name="join"),
    path("join/thanks/", public.join_thanks, name="join_thanks"),
    path("join/invitation/<str:token>/", account.invitation, name="invitation"),
    path("my-organisation/", account.my_organisation, name="my_organisation"),
    path("staff/applications/", staff.application_queue, name="application_queue"),
    path("staff/applications/<int:pk>/", staff.application_review, name="application_review"),
    path(
        "staff/applications/<int:pk>/approve/",
        staff.application_approve,
        name="application_approve",
    ),
    path(
        "staff/applications/<int:pk>/reject/", staff.application_reject, name="application_reject"
    ),
]
