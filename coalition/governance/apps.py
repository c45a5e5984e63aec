from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "coalition.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.governance import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.governance.models import (
            ActionItem,
            Ballot,
            Decision,
            Meeting,
            PriorityRound,
        )

        auditlog.register(Meeting)
        auditlog.register(Decision)
        auditlog.register(ActionItem, exclude_fields=["reminded_for"])
        auditlog.register(PriorityRound, exclude_fields=["count"])
        auditlog.register(Ballot)
