from django.urls import path

from coalition.programme.views import staff

app_name = "programme"

urlpatterns = [
    path("staff/programme/", staff.home, name="home"),
    path("staff/programme/projects/new/", staff.project_new, name="project_new"),
    path("staff/programme/projects/<int:pk>/", staff.project, name="project"),
    path("staff/programme/funders/", staff.funders, name="funders"),
    path("staff/programme/funders/<int:pk>/", staff.funder, name="funder"),
    path("staff/programme/applications/new/", staff.application_new, name="application_new"),
    path("staff/programme/applications/<int:pk>/", staff.application, name="application"),
    path(
        "staff/programme/reports/<int:pk>/received/",
        staff.report_received,
        name="report_received",
    ),
    path("staff/programme/income/", staff.income, name="income"),
    path(
        "staff/programme/income/import-subscriptions/",
        staff.import_subscriptions,
        name="import_subscriptions",
    ),
    path("staff/programme/earned-income/", staff.dashboard, name="dashboard"),
    path("staff/programme/tenders/", staff.tenders, name="tenders"),
    path("staff/programme/tenders/new/", staff.tender_new, name="tender_new"),
    path("staff/programme/tenders/<int:pk>/", staff.tender, name="tender"),
    path(
        "staff/programme/export/<slug:what>.<slug:fmt>",
        staff.export,
        name="export",
    ),
]
