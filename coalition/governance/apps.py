from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "coalition.governance"
    label = "governance"
    verbose_name = "Governance"
