from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "coalition.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.discussions import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.discussions.models import Post, Thread

        # Moderation is audited with its reason (get_additional_data on each model).
        auditlog.register(
            Thread,
            include_fields=["title", "theme", "visibility", "is_locked", "is_removed",
                            "moderation_reason"],
        )  # fmt: skip
        auditlog.register(Post, include_fields=["is_hidden", "is_removed", "moderation_reason"])

        # Reports and moderation change the staff dashboard's panel; new posts do not
        # invalidate the site's page cache (discussion pages are not cached).
        from coalition.core.cache import invalidate_on_change
        from coalition.discussions.models import Report

        invalidate_on_change(Report, Thread)
