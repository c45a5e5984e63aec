from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "coalition.mailings"
    label = "mailings"
    verbose_name = "Mailings"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.mailings import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.mailings.models import Bulletin, MailingList, Suppression

        auditlog.register(MailingList)
        auditlog.register(Suppression)
        auditlog.register(Bulletin, exclude_fields=["html", "text", "updated", "recipients"])
