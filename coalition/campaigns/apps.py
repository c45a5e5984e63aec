from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "coalition.campaigns"
    label = "campaigns"
    verbose_name = "Campaigns"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from coalition.campaigns import jobs, letters  # noqa: F401 (registers periodic jobs)
        from coalition.campaigns.models import (
            Action,
            Campaign,
            CampaignTip,
            DecisionMaker,
            EvidenceItem,
            Material,
            PartnerLink,
        )
        from coalition.core.cache import invalidate_on_change

        for model in (Campaign, Action, EvidenceItem, CampaignTip, Material, DecisionMaker):
            auditlog.register(
                model,
                m2m_fields={"themes", "supporting_organisations"}
                & {f.name for f in model._meta.many_to_many},
            )
        # Not Participation or Letter: a signature must not empty the page cache.
        invalidate_on_change(
            Campaign, Action, EvidenceItem, CampaignTip, Material, DecisionMaker, PartnerLink
        )
