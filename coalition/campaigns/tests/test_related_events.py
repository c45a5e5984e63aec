import pytest

from coalition.campaigns.tests.factories import CampaignFactory
from coalition.core.models import Theme
from coalition.events.models import Event
from coalition.events.tests.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding():
    return Theme.objects.create(name="Funding and finance", slug="funding-and-finance")


def test_a_campaign_page_lists_coming_events_on_its_themes(client, funding):
    other = Theme.objects.create(name="Youth", slug="youth")
    campaign = CampaignFactory()
    campaign.themes.set([funding])
    shared = EventFactory(title="Small grants briefing", starts_at=in_days(5))
    shared.themes.set([funding])
    unrelated = EventFactory(title="Youth work fair", starts_at=in_days(6))
    unrelated.themes.set([other])
    past = EventFactory(title="Last year's funding forum", starts_at=in_days(-30))
    past.themes.set([funding])
    draft = EventFactory(title="Unpublished funding event", status=Event.Status.DRAFT)
    draft.themes.set([funding])

    content = client.get(campaign.get_absolute_url()).content.decode()

    assert "Related events" in content
    assert "Small grants briefing" in content
    for hidden in (
        "Youth work fair",
        "Last year&#x27;s funding forum",
        "Unpublished funding event",
    ):
        assert hidden not in content


def test_no_related_events_section_without_shared_themes(client, funding):
    campaign = CampaignFactory()
    EventFactory(title="Small grants briefing").themes.set([funding])
    assert "Related events" not in client.get(campaign.get_absolute_url()).content.decode()


def test_a_campaign_page_lists_the_research_linked_to_it(client):
    from coalition.research.models import ResearchItem
    from coalition.research.tests.factories import ResearchItemFactory

    campaign = CampaignFactory()
    evidence = ResearchItemFactory(title="Grants to contracts in West Sussex", year=2009)
    evidence.campaigns.add(campaign)
    waiting = ResearchItemFactory(
        title="A study still in moderation", status=ResearchItem.Status.SUBMITTED
    )
    waiting.campaigns.add(campaign)
    ResearchItemFactory(title="A study of something else")

    content = client.get(campaign.get_absolute_url()).content.decode()

    assert "From the research library" in content
    assert f'href="{evidence.get_absolute_url()}"' in content and "(2009)" in content
    assert "still in moderation" not in content and "something else" not in content
    other = CampaignFactory()
    assert "From the research library" not in client.get(other.get_absolute_url()).content.decode()
