"""Who may open the pages for taking part in actions, partners' pages and the staff view."""

from coalition.core.tests.access import EDITOR, SIGNED_IN, STAFF

PUBLIC: set[str] = {
    "campaigns:action",
    "campaigns:action_embed",
    "campaigns:confirm",
    "campaigns:resend",
    "campaigns:pledgers",
}
PROTECTED: dict[str, str] = {
    "campaigns:partner_dashboard": SIGNED_IN,
    "campaigns:partner_action": EDITOR,
    "campaigns:staff_index": STAFF,
    "campaigns:staff_campaign": STAFF,
    "campaigns:staff_campaign_csv": STAFF,
    "campaigns:staff_action": STAFF,
    "campaigns:staff_action_csv": STAFF,
    "campaigns:staff_action_close": STAFF,
    "campaigns:staff_participations": STAFF,
    "campaigns:staff_participations_csv": STAFF,
    "campaigns:staff_invalidate": STAFF,
}
POST_ONLY: set[str] = {"campaigns:staff_action_close", "campaigns:staff_invalidate"}
PUBLIC_STATUS: dict[str, int] = {}
STAFF_STATUS: dict[str, int] = {}


def url_kwargs(organisation) -> dict:
    from coalition.campaigns.tests.factories import (
        ActionFactory,
        CampaignFactory,
        ParticipationFactory,
        PartnerLinkFactory,
        PledgeFactory,
    )

    campaign = CampaignFactory(lead_organisation=organisation)
    petition = ActionFactory(campaign=campaign)
    pledge = PledgeFactory(campaign=campaign)
    participation = ParticipationFactory(action=petition)
    PartnerLinkFactory(action=petition, organisation=organisation)
    action = {"campaign_slug": campaign.slug, "action_slug": petition.slug}
    staff_action = {"slug": campaign.slug, "action_slug": petition.slug}
    return {
        "campaigns:action": action,
        "campaigns:action_embed": action,
        "campaigns:confirm": {"token": participation.token},
        "campaigns:resend": action,
        "campaigns:pledgers": {"campaign_slug": campaign.slug, "action_slug": pledge.slug},
        "campaigns:partner_action": {"slug": organisation.slug, **action},
        "campaigns:staff_campaign": {"slug": campaign.slug},
        "campaigns:staff_campaign_csv": {"slug": campaign.slug},
        "campaigns:staff_action": staff_action,
        "campaigns:staff_action_csv": staff_action,
        "campaigns:staff_action_close": staff_action,
        "campaigns:staff_participations": staff_action,
        "campaigns:staff_participations_csv": staff_action,
        "campaigns:staff_invalidate": {**staff_action, "pk": participation.pk},
    }
