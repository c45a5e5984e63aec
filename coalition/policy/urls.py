from django.urls import path

from coalition.policy.views import public, responses, staff

app_name = "policy"

R = "policy/responses/<slug:slug>/"
S = "staff/policy/"

urlpatterns = [
    path("policy/", public.index, name="index"),
    path("policy/deadlines/", public.deadlines, name="deadlines"),
    path("policy/deadlines/email/", public.digest, name="digest"),
    path("policy/developments/<slug:slug>/", public.development, name="development"),
    path("policy/positions/", public.positions, name="positions"),
    path("policy/positions/<slug:slug>/", public.position, name="position"),
    path("policy/others/", public.monitoring, name="monitoring"),
    path("policy/responses/", public.responses, name="responses"),
    path(R, responses.response_detail, name="response"),
    path(R + "pdf/", responses.response_pdf, name="response_pdf"),
    path(R + "sign/", responses.sign_response, name="sign"),
    path(R + "withdraw/", responses.withdraw_signature, name="withdraw"),
    path(R + "sections/<int:pk>/history/", responses.section_history, name="section_history"),
    path(R + "sections/<int:pk>/comment/", responses.comment, name="comment"),
    path("publications/", public.publications, name="publications"),
    path("publications/<slug:slug>/", public.publication, name="publication"),
    path(
        "publications/<slug:slug>/download/",
        public.publication_download,
        name="publication_download",
    ),
    path(S, staff.staff_home, name="staff_home"),
    path(S + "<str:kind>/new/", staff.staff_edit, name="staff_new"),
    path(S + "<str:kind>/<int:pk>/edit/", staff.staff_edit, name="staff_edit"),
    path(S + "responses/<int:pk>/", staff.staff_response, name="staff_response"),
    path(S + "responses/<int:pk>/sections/new/", staff.staff_section_new, name="staff_section_new"),
    path(S + "sections/<int:pk>/", staff.staff_section, name="staff_section"),
    path(S + "comments/<int:pk>/resolve/", staff.staff_comment_resolve, name="staff_resolve"),
    path(S + "responses/<int:pk>/publish/", staff.staff_response_publish, name="staff_publish"),
    path(S + "responses/<int:pk>/outcome/", staff.staff_response_outcome, name="staff_outcome"),
]
