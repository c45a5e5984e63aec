from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "coalition.surveys"
    label = "surveys"
    verbose_name = "Surveys"
