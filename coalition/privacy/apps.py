from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "coalition.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        from coalition.privacy import jobs  # noqa: F401 (registers the retention job)
