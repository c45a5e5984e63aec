from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "coalition.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns"
