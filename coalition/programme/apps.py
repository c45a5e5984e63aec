from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "coalition.programme"
    label = "programme"
    verbose_name = "Work programme"
