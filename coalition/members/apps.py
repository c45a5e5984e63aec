from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "coalition.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.core.cache import invalidate_on_change
        from coalition.members import jobs, signals  # noqa: F401
        from coalition.members.models import (
            Affiliation,
            Application,
            ExecutiveSeat,
            Membership,
            MembershipType,
            Organisation,
            Person,
            StaffRole,
            Subscription,
        )

        for model in (
            Organisation,
            Membership,
            Subscription,
            Application,
            Person,
            Affiliation,
            ExecutiveSeat,
        ):
            auditlog.register(
                model, m2m_fields={"regions", "themes"} & {f.name for f in model._meta.many_to_many}
            )
        invalidate_on_change(
            Organisation, Membership, MembershipType, Affiliation, Person, ExecutiveSeat, StaffRole
        )
