from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coalition.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.api.models import ApiToken

        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
