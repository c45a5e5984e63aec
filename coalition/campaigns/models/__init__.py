from coalition.campaigns.models.actions import Action, Participation, PartnerLink
from coalition.campaigns.models.campaigns import Campaign, CampaignTip, EvidenceItem, Material
from coalition.campaigns.models.letters import DecisionMaker, Letter

__all__ = [
    "Action",
    "Campaign",
    "CampaignTip",
    "DecisionMaker",
    "EvidenceItem",
    "Letter",
    "Material",
    "Participation",
    "PartnerLink",
]
