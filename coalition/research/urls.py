from django.urls import path

from coalition.research.views import briefing, contribute, gaps, learning, network, public, staff

app_name = "research"


urlpatterns = [
    path("research/", public.library, name="library"),
    # Fixed words first: they are reserved, never an item's slug (models.items.RESERVED_SLUGS).
    path("research/export.ris", public.library_export, {"fmt": "ris"}, name="export_ris"),
    path("research/export.bib", public.library_export, {"fmt": "bibtex"}, name="export_bibtex"),
    path("research/export.json", public.library_export, {"fmt": "csl"}, name="export_csl"),
    path("research/submit/", contribute.submit, name="submit"),
    path("research/my/", contribute.my_research, name="my_research"),
    path("research/my/<int:pk>/", contribute.my_item, name="my_item"),
    path("research/import/", contribute.import_file, name="import"),
    path("research/import/<int:pk>/", contribute.import_batch, name="import_batch"),
    path("research/import/<int:pk>/confirm/", contribute.import_confirm, name="import_confirm"),
    path("research/import/<int:pk>/discard/", contribute.import_discard, name="import_discard"),
    path("research/gaps/", gaps.board, name="gaps"),
    path("research/gaps/new/", gaps.propose, name="gap_new"),
    path("research/gaps/<int:pk>/", gaps.gap_detail, name="gap"),
    path("research/gaps/<int:pk>/support/", gaps.support, name="gap_support"),
    path("research/gaps/<int:pk>/comment/", gaps.comment, name="gap_comment"),
    path("research/network/", network.network, name="network"),
    path("research/network/join/", network.join, name="join"),
    path("research/network/ask/", network.ask, name="ask"),
    path("research/network/requests/", network.my_requests, name="my_requests"),
    path("research/network/requests/<int:pk>/", network.request_detail, name="request"),
    path("research/network/requests/<int:pk>/reply/", network.request_reply, name="request_reply"),
    path("research/network/<slug:slug>/", network.researcher, name="researcher"),
    path("research/learning/", learning.learning, name="learning"),
    path("research/learning/<slug:slug>/", learning.learning_item, name="learning_item"),
    path("research/<slug:slug>/", public.item_detail, name="item"),
    path("research/<slug:slug>/cite.ris", public.item_export, {"fmt": "ris"}, name="item_ris"),
    path(
        "research/<slug:slug>/cite.bib", public.item_export, {"fmt": "bibtex"}, name="item_bibtex"
    ),
    path("research/<slug:slug>/cite.json", public.item_export, {"fmt": "csl"}, name="item_csl"),
    # Staff
    path("staff/research/", staff.staff_home, name="staff_home"),
    path("staff/research/new/", staff.staff_item_new, name="staff_item_new"),
    path("staff/research/<int:pk>/", staff.staff_item, name="staff_item"),
    path("staff/research/<int:pk>/approve/", staff.staff_item_approve, name="staff_item_approve"),
    path("staff/research/<int:pk>/reject/", staff.staff_item_reject, name="staff_item_reject"),
    path("staff/research/<int:pk>/publish/", staff.staff_item_publish, name="staff_item_publish"),
    path(
        "staff/research/imports/<int:pk>/approve/",
        staff.staff_approve_batch,
        name="staff_approve_batch",
    ),
    path("staff/research/gaps/", gaps.staff_gaps, name="staff_gaps"),
    path("staff/research/gaps/<int:pk>/", gaps.staff_gap, name="staff_gap"),
    path("staff/research/requests/", network.staff_requests, name="staff_requests"),
    path("staff/research/requests/<int:pk>/", network.staff_request, name="staff_request"),
    path(
        "staff/research/requests/<int:pk>/route/",
        network.staff_request_route,
        name="staff_request_route",
    ),
    path(
        "staff/research/requests/<int:pk>/close/",
        network.staff_request_close,
        name="staff_request_close",
    ),
    path("staff/research/network/", network.staff_network, name="staff_network"),
    path(
        "staff/research/network/researchers/<int:pk>/",
        network.staff_researcher,
        name="staff_researcher",
    ),
    path(
        "staff/research/network/institutions/new/",
        network.staff_institution,
        name="staff_institution_new",
    ),
    path(
        "staff/research/network/institutions/<int:pk>/",
        network.staff_institution,
        name="staff_institution",
    ),
    path("staff/research/learning/", learning.staff_learning, name="staff_learning"),
    path(
        "staff/research/learning/new/",
        learning.staff_learning_item,
        name="staff_learning_new",
    ),
    path(
        "staff/research/learning/<int:pk>/",
        learning.staff_learning_item,
        name="staff_learning_item",
    ),
    path(
        "staff/research/learning/<int:pk>/materials/",
        learning.staff_material_add,
        name="staff_material_add",
    ),
    path("staff/research/briefing/", briefing.staff_briefing, name="staff_briefing"),
]
