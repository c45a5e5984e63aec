from django.urls import path

from coalition.core import jobs_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("health/", views.health, name="health"),
    path("account/", views.account_home, name="account_home"),
    path("staff/", views.staff_dashboard, name="staff_dashboard"),
    path("staff/jobs/", jobs_views.staff_jobs, name="staff_jobs"),
]
