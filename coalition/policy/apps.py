from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "coalition.policy"
    label = "policy"
    verbose_name = "Policy"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.policy import jobs  # noqa: F401 (registers periodic jobs)
        from coalition.policy.models import (
            Development,
            Position,
            Publication,
            Response,
            Section,
            Signature,
        )

        auditlog.register(Development, m2m_fields={"themes"}, exclude_fields=["updated"])
        auditlog.register(Response, exclude_fields=["pdf"])
        auditlog.register(Section, exclude_fields=["body_html", "updated"])
        auditlog.register(Signature)
        auditlog.register(Position, m2m_fields={"themes"})
        auditlog.register(Publication, exclude_fields=["download_count"])

        # Public policy pages are cached for anonymous visitors (core.cache.public_page);
        # any change to what they show makes every cached page stale.
        from coalition.core.cache import invalidate_on_change
        from coalition.policy.models import Comment, MonitoredStatement, OtherBody

        invalidate_on_change(
            Development, Response, Section, Signature, Comment, Position, Publication,
            MonitoredStatement, OtherBody,
        )  # fmt: skip
