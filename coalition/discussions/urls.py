from django.urls import path

from coalition.discussions.views import staff, threads

app_name = "discussions"

urlpatterns = [
    path("discussions/", threads.index, name="index"),
    path("discussions/new/", threads.new_thread, name="new"),
    path("discussions/email/", threads.preferences, name="preferences"),
    path("discussions/<int:pk>/", threads.thread_detail, name="thread"),
    path("discussions/<int:pk>/reply/", threads.reply, name="reply"),
    path("discussions/<int:pk>/follow/", threads.follow_thread, name="follow"),
    path("discussions/posts/<int:pk>/edit/", threads.edit, name="edit"),
    path("discussions/posts/<int:pk>/report/", threads.report, name="report"),
    path("staff/discussions/", staff.staff_home, name="staff_home"),
    path("staff/discussions/threads/<int:pk>/", staff.staff_thread, name="staff_thread"),
    path("staff/discussions/posts/<int:pk>/", staff.staff_post, name="staff_post"),
]
