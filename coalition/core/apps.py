from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coalition.core"
    label = "core"
    verbose_name = "Site and coalition"

    def ready(self) -> None:
        from coalition.core import signals  # noqa: F401
        from coalition.core.cache import invalidate_on_change
        from coalition.core.models import Aim, CoalitionProfile, Region, Theme, Value

        invalidate_on_change(CoalitionProfile, Aim, Value, Region, Theme)
