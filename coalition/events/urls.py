from django.urls import path

from coalition.events.views import organise, public, registration, staff

app_name = "events"

urlpatterns = [
    path("events/", public.calendar, name="calendar"),
    path("events/feed.ics", public.feed, name="feed"),
    # Fixed words first: they are reserved, never an event's slug (models.RESERVED_SLUGS).
    path("events/my/", registration.my_events, name="my_events"),
    path("events/my/calendar-link/", registration.my_feed_link, name="my_feed_link"),
    path("events/my/feed/<str:token>.ics", registration.my_feed, name="my_feed"),
    path("events/registration/<str:token>/", registration.registration, name="registration"),
    path(
        "events/registration/<str:token>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "events/registration/<str:token>/accept/",
        registration.registration_claim,
        name="registration_claim",
    ),
    path(
        "events/registration/<str:token>/calendar.ics",
        registration.registration_ics,
        name="registration_ics",
    ),
    path("events/organise/", organise.organise, name="organise"),
    path("events/organise/new/", organise.organise_new, name="organise_new"),
    path("events/organise/<int:pk>/", organise.organise_event, name="organise_event"),
    path("events/organise/<int:pk>/submit/", organise.organise_submit, name="organise_submit"),
    path("events/organise/<int:pk>/attendees/", organise.attendees, name="attendees"),
    path("events/organise/<int:pk>/attendees.csv", organise.attendees_csv, name="attendees_csv"),
    path(
        "events/organise/<int:pk>/attendees/<int:registration>/attendance/",
        organise.attendance,
        name="attendance",
    ),
    path("events/<slug:slug>/", public.event_detail, name="event"),
    path("events/<slug:slug>/calendar.ics", public.event_ics, name="event_ics"),
    path("events/<slug:slug>/register/", registration.register, name="register"),
    path("staff/events/", staff.staff_events, name="staff_events"),
    path("staff/events/new/", staff.staff_event_new, name="staff_event_new"),
    path("staff/events/<int:pk>/", staff.staff_event, name="staff_event"),
    path("staff/events/<int:pk>/approve/", staff.staff_event_approve, name="staff_event_approve"),
    path("staff/events/<int:pk>/reject/", staff.staff_event_reject, name="staff_event_reject"),
    path("staff/events/<int:pk>/publish/", staff.staff_event_publish, name="staff_event_publish"),
    path("staff/events/<int:pk>/cancel/", staff.staff_event_cancel, name="staff_event_cancel"),
    path(
        "staff/events/<int:pk>/dates/<int:occurrence>/",
        staff.staff_occurrence,
        name="staff_occurrence",
    ),
    path(
        "staff/events/<int:pk>/dates/<int:occurrence>/cancel/",
        staff.staff_occurrence_cancel,
        name="staff_occurrence_cancel",
    ),
]
