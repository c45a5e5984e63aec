from django.urls import path

from coalition.privacy.views import account, public, staff

app_name = "privacy"

urlpatterns = [
    path("privacy/", public.notice, name="notice"),
    path("privacy/exports/<uuid:public_id>/", account.download, name="download"),
    path("account/my-data/", account.my_data, name="my_data"),
    path("staff/privacy/", staff.home, name="staff_home"),
    path("staff/privacy/export/", staff.export, name="staff_export"),
    path("staff/privacy/erase/", staff.erase, name="staff_erase"),
]
