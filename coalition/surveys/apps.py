from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "coalition.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from coalition.surveys import jobs  # noqa: F401 (registers periodic jobs)
