from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "coalition.news"
    label = "news"
    verbose_name = "News"
