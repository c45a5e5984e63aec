from django.urls import path

from coalition.mailings.views import public, staff

app_name = "mailings"

urlpatterns = [
    path("subscribe/", public.subscribe, name="subscribe"),
    path("subscribe/check-your-email/", public.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", public.confirm, name="confirm"),
    path("mailings/preferences/", public.preferences_request, name="preferences_request"),
    path("mailings/preferences/<str:token>/", public.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("mailings/bounces/", public.bounce_webhook, name="bounce_webhook"),
    path("account/subscriptions/", public.account_subscriptions, name="account_subscriptions"),
    path("bulletins/", public.archive, name="archive"),
    path("bulletins/<int:pk>/", public.archive_bulletin, name="archive_bulletin"),
    path("staff/mailings/", staff.staff_home, name="staff_home"),
    path("staff/mailings/lists/new/", staff.staff_list_new, name="staff_list_new"),
    path("staff/mailings/lists/<int:pk>/", staff.staff_list, name="staff_list"),
    path(
        "staff/mailings/lists/<int:pk>/export.csv",
        staff.staff_list_export,
        name="staff_list_export",
    ),
    path("staff/mailings/import/", staff.staff_import, name="staff_import"),
    path("staff/mailings/suppressions/", staff.staff_suppressions, name="staff_suppressions"),
    path(
        "staff/mailings/suppressions/<int:pk>/remove/",
        staff.staff_suppression_remove,
        name="staff_suppression_remove",
    ),
    path("staff/mailings/subscribers/<int:pk>/", staff.staff_subscriber, name="staff_subscriber"),
    path("staff/mailings/bulletins/new/", staff.staff_bulletin_new, name="staff_bulletin_new"),
    path("staff/mailings/bulletins/<int:pk>/", staff.staff_bulletin, name="staff_bulletin"),
    path(
        "staff/mailings/bulletins/<int:pk>/fill/",
        staff.staff_bulletin_fill,
        name="staff_bulletin_fill",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/items/new/", staff.staff_item_add, name="staff_item_add"
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/items/<int:item>/", staff.staff_item, name="staff_item"
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/items/<int:item>/move/",
        staff.staff_item_move,
        name="staff_item_move",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/items/<int:item>/remove/",
        staff.staff_item_remove,
        name="staff_item_remove",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/preview/",
        staff.staff_bulletin_preview,
        name="staff_bulletin_preview",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/test/",
        staff.staff_bulletin_test,
        name="staff_bulletin_test",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/schedule/",
        staff.staff_bulletin_schedule,
        name="staff_bulletin_schedule",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/unschedule/",
        staff.staff_bulletin_unschedule,
        name="staff_bulletin_unschedule",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/send/",
        staff.staff_bulletin_send,
        name="staff_bulletin_send",
    ),
    path(
        "staff/mailings/bulletins/<int:pk>/progress/",
        staff.staff_bulletin_progress,
        name="staff_bulletin_progress",
    ),
]
