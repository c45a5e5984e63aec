from django.apps import AppConfig


class MailingsConfig(AppConfig):
    name = "coalition.mailings"
    label = "mailings"
    verbose_name = "Mailings"
