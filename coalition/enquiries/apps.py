from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "coalition.enquiries"
    label = "enquiries"
    verbose_name = "Enquiries"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.enquiries.models import Enquiry, Introduction

        auditlog.register(Enquiry, m2m_fields={"tags"}, exclude_fields=["last_activity_at"])
        auditlog.register(Introduction)
