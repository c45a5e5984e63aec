from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "coalition.programme"
    label = "programme"
    verbose_name = "Work programme"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.programme import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.programme.models import FundingApplication, Income, Project, Tender

        auditlog.register(Project, m2m_fields={"partners"})
        auditlog.register(FundingApplication, exclude_fields=["deadline_reminded_for"])
        auditlog.register(Tender, m2m_fields={"cluster"})
        auditlog.register(Income)
        from django.db.models.signals import post_delete, post_save

        from coalition.programme.services.income import bump_income_version

        post_save.connect(bump_income_version, sender=Income, dispatch_uid="income-version-save")
        post_delete.connect(bump_income_version, sender=Income, dispatch_uid="income-version-del")
