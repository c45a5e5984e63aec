from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "coalition.enquiries"
    label = "enquiries"
    verbose_name = "Enquiries"
