from django.apps import AppConfig


class SitesearchConfig(AppConfig):
    name = "coalition.sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from coalition.members.models import Organisation
        from coalition.sitesearch import (
            jobs,  # noqa: F401 (registers periodic jobs)
            registry,
        )

        registry.register_builtin()
        registry.connect()
        post_save.connect(
            member_website_changed, sender=Organisation, dispatch_uid="sitesearch-member-source"
        )


def member_website_changed(sender, instance, **kwargs) -> None:
    """A member's website is a source as soon as it is saved (no network here)."""
    from django.db import transaction

    from coalition.sitesearch.services import sync_member_source

    if kwargs.get("raw"):
        return
    transaction.on_commit(lambda: sync_member_source(instance))
