import pytest
from django.core.exceptions import ValidationError

from coalition.campaigns.models import Letter, Participation
from coalition.campaigns.tests.factories import (
    ActionFactory,
    CampaignFactory,
    LetterFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def test_the_staff_dashboard_shows_open_actions_and_failed_letters(client, staff):
    action = ActionFactory(title="Keep small grants")
    ParticipationFactory(action=action)
    LetterFactory(status=Letter.Status.FAILED)
    client.force_login(staff)
    content = client.get("/staff/").content.decode()
    assert "Campaign actions" in content
    assert "Keep small grants" in content
    assert "1 taken part this week" in content
    assert "letters failed" in content
    assert "0 held for tomorrow" in content


def test_the_dashboard_says_when_no_action_is_open(client, staff):
    client.force_login(staff)
    assert "No campaign action is open." in client.get("/staff/").content.decode()


def test_a_campaign_cannot_take_a_slug_the_site_uses():
    campaign = CampaignFactory.build(slug="confirm")
    with pytest.raises(ValidationError) as error:
        campaign.full_clean(exclude=["lead_organisation"])
    assert "slug" in error.value.message_dict


def test_representatives_find_their_partner_links_from_their_organisation_page(
    client, representative
):
    client.force_login(representative)
    content = client.get("/my-organisation/").content.decode()
    assert "/my-organisation/campaigns/" in content


def test_confirmed_participations_count_on_the_dashboard(client, staff):
    action = ActionFactory()
    ParticipationFactory(action=action, status=Participation.Status.CONFIRMED)
    ParticipationFactory(action=action)  # pending: not counted
    client.force_login(staff)
    assert "1 confirmed, 2 taken part this week" in client.get("/staff/").content.decode()
