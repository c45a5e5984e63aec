from django.urls import path

from coalition.enquiries.views import public, staff

app_name = "enquiries"

urlpatterns = [
    path("contact/", public.contact, name="contact"),
    path("contact/thanks/", public.contact_thanks, name="contact_thanks"),
    path("contact/introductions/", public.introduction_request, name="introduction_request"),
    path(
        "contact/introductions/<str:token>/",
        public.introduction_agree,
        name="introduction_agree",
    ),
    path("contact/inbound-mail/", public.inbound, name="inbound"),
    path("staff/enquiries/", staff.inbox, name="inbox"),
    path("staff/enquiries/ages/", staff.ages, name="ages"),
    path("staff/enquiries/<int:pk>/", staff.enquiry, name="enquiry"),
    path("staff/enquiries/<int:pk>/reply/", staff.enquiry_reply, name="enquiry_reply"),
    path("staff/enquiries/<int:pk>/note/", staff.enquiry_note, name="enquiry_note"),
    path("staff/enquiries/<int:pk>/update/", staff.enquiry_update, name="enquiry_update"),
    path("staff/enquiries/introductions/", staff.introductions, name="introductions"),
    path("staff/enquiries/introductions/<int:pk>/", staff.introduction, name="introduction"),
    path(
        "staff/enquiries/introductions/<int:pk>/ask/",
        staff.introduction_ask,
        name="introduction_ask",
    ),
    path(
        "staff/enquiries/introductions/<int:pk>/make/",
        staff.introduction_make,
        name="introduction_make",
    ),
]
