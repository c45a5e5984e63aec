"""Who may open the campaign pages' URLs (see coalition/core/tests/access.py)."""

from coalition.core.tests.access import STAFF

PUBLIC = {
    "campaigns:campaign_list",
    "campaigns:campaign",
    "campaigns:material",
    "campaigns:evidence_file",
    "campaigns:letter_pdf",
}
PROTECTED = {"campaigns:staff_letters": STAFF}
POST_ONLY: set[str] = set()
PUBLIC_STATUS: dict[str, int] = {}
STAFF_STATUS: dict[str, int] = {}


def url_kwargs(organisation) -> dict:
    """A published campaign led by the organisation, with a material, evidence and a letter."""
    from coalition.campaigns.tests.factories import (
        CampaignFactory,
        DecisionMakerFactory,
        EvidenceItemFactory,
        LetterActionFactory,
        MaterialFactory,
    )

    campaign = CampaignFactory(lead_organisation=organisation)
    material = MaterialFactory(campaign=campaign)
    evidence = EvidenceItemFactory(campaign=campaign, file=material.file.name)
    action = LetterActionFactory(campaign=campaign)
    DecisionMakerFactory(action=action, postcode_districts="NG1 NG7")
    letter = {"slug": campaign.slug, "action_slug": action.slug}
    return {
        "campaigns:campaign": {"slug": campaign.slug},
        "campaigns:material": {"slug": campaign.slug, "pk": material.pk},
        "campaigns:evidence_file": {"slug": campaign.slug, "pk": evidence.pk},
        "campaigns:letter_pdf": letter,
        "campaigns:staff_letters": letter,
    }
