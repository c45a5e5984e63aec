from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "coalition.research"
    label = "research"
    verbose_name = "Research"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.core.cache import invalidate_on_change
        from coalition.research import jobs, search  # noqa: F401 (jobs registers periodic jobs)
        from coalition.research.models import (
            Authorship,
            EvidenceRequest,
            GapSupport,
            Institution,
            LearningMaterial,
            LearningOpportunity,
            Researcher,
            ResearchGap,
            ResearchItem,
        )

        auditlog.register(ResearchItem, exclude_fields=["file_text", "updated"])
        auditlog.register(ResearchGap, exclude_fields=["support_count", "updated"])
        auditlog.register(Researcher)
        auditlog.register(EvidenceRequest, exclude_fields=["updated"])
        invalidate_on_change(
            ResearchItem,
            Authorship,
            ResearchGap,
            GapSupport,
            Researcher,
            Institution,
            LearningOpportunity,
            LearningMaterial,
        )
        search.register()
