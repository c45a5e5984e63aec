from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "coalition.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"
