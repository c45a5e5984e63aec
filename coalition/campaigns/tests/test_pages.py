"""The campaign list, a campaign's page, the home page's section and the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.campaigns import services
from coalition.campaigns.models import Action, Campaign, Participation
from coalition.campaigns.tests.factories import (
    ActionFactory,
    CampaignFactory,
    CampaignTipFactory,
    EvidenceItemFactory,
    LetterActionFactory,
    MaterialFactory,
    ParticipationFactory,
    PledgeFactory,
)
from coalition.members.tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("campaigns:campaign_list")


def titles(response) -> list[str]:
    return [campaign.title for campaign in response.context["page"].object_list]


def confirmed(action, count):
    for _ in range(count):
        ParticipationFactory(action=action, status=Participation.Status.CONFIRMED)


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_active_campaigns_first_then_won_then_closed(client):
    today = timezone.localdate()
    CampaignFactory(title="Closed recently", status=Campaign.Status.CLOSED, starts_on=today)
    CampaignFactory(title="Won last year", status=Campaign.Status.WON)
    CampaignFactory(title="Active older", starts_on=today - timedelta(days=90))
    CampaignFactory(title="Active newer", starts_on=today - timedelta(days=3))
    CampaignFactory(title="Secret draft", status=Campaign.Status.DRAFT)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert titles(response) == ["Active newer", "Active older", "Won last year", "Closed recently"]
    assert "Secret draft" not in response.content.decode()


def test_the_list_filters_by_status_theme_and_policy_area(client):
    theme = ThemeFactory(name="Local democracy")
    governance = CampaignFactory(title="Strengthening Local Governance", policy_area="Democracy")
    governance.themes.add(theme)
    CampaignFactory(title="Funding", policy_area="Funding")
    CampaignFactory(title="Won one", status=Campaign.Status.WON, policy_area="Funding")
    assert titles(client.get(LIST_URL, {"status": "won"})) == ["Won one"]
    assert titles(client.get(LIST_URL, {"theme": "local-democracy"})) == [
        "Strengthening Local Governance"
    ]
    funding = client.get(LIST_URL, {"area": "funding"})
    assert titles(funding) == ["Funding", "Won one"]
    assert "2 campaigns found" in funding.content.decode()
    assert "Clear filters" in funding.content.decode()


def test_unknown_filter_values_show_everything_rather_than_an_error(client):
    CampaignFactory(title="Funding")
    response = client.get(LIST_URL, {"status": "draft", "theme": "nope", "page": "x"})
    assert response.status_code == 200
    assert titles(response) == ["Funding"]


def test_the_list_shows_each_campaigns_main_action_with_its_progress(client):
    campaign = CampaignFactory(title="Funding")
    ActionFactory(campaign=campaign, status=Action.Status.DRAFT, order=0, title="Draft one")
    petition = ActionFactory(campaign=campaign, order=1, goal=10, title="Keep small grants")
    confirmed(petition, 3)
    ParticipationFactory(action=petition)  # pending: not counted
    page = client.get(LIST_URL).content.decode()
    assert "Keep small grants" in page
    assert "Draft one" not in page
    assert '<strong class="progress__number">3</strong> signatures' in page
    assert 'max="10" value="3"' in page
    assert "Sign the petition" in page


def test_the_list_is_cached_for_anonymous_visitors(client, commit):
    CampaignFactory(title="Funding")
    assert client.get(LIST_URL)["X-Page-Cache"] == "miss"
    assert client.get(LIST_URL)["X-Page-Cache"] == "hit"
    with commit():
        CampaignFactory(title="Governance")  # a change empties the page cache
    response = client.get(LIST_URL)
    assert response["X-Page-Cache"] == "miss"
    assert "Governance" in response.content.decode()


def test_the_list_answers_get_only(client):
    assert client.post(LIST_URL).status_code == 405


def test_an_empty_list_says_so(client):
    assert "No campaigns yet" in client.get(LIST_URL).content.decode()
    assert "No campaigns match" in client.get(LIST_URL, {"status": "won"}).content.decode()


# --- A campaign's page -----------------------------------------------------------------------


@pytest.fixture
def campaign():
    lead = OrganisationFactory(name="Urban Forum")
    campaign = CampaignFactory(
        title="Strengthening Local Governance",
        goal="A properly resourced community capacity building strategy.",
        summary="Decisions are moving to neighbourhoods.",
        body="## Why\n\nResidents need **support**.<script>alert(1)</script>",
        lead_organisation=lead,
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    campaign.supporting_organisations.add(lead, OrganisationFactory(name="Community Matters"))
    return campaign


def test_a_campaign_page_shows_everything_about_it(client, campaign):
    petition = ActionFactory(campaign=campaign, title="Keep small grants", goal=100)
    confirmed(petition, 2)
    LetterActionFactory(campaign=campaign, title="Write to your council leader", order=1)
    EvidenceItemFactory(campaign=campaign, title="What residents told us", source="Workshops")
    CampaignTipFactory(campaign=campaign, title="Meet your councillor", body="Bring a *story*.")
    MaterialFactory(campaign=campaign, title="Briefing for trustees")
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "A properly resourced community capacity building strategy.",
        "Decisions are moving to neighbourhoods.",
        "<h2>Why</h2>",
        "<strong>support</strong>",
        "Keep small grants",
        "Write to your council leader",
        "What residents told us",
        "Meet your councillor",
        "Bring a <em>story</em>.",
        "Briefing for trustees",
        "PDF, ",
        "Runs until",
    ):
        assert text in page, text
    assert "<script>alert" not in page
    assert '<strong class="progress__number">2</strong> signatures' in page
    assert petition.get_absolute_url() in page
    lead, other = (
        campaign.lead_organisation,
        campaign.supporting_organisations.get(name="Community Matters"),
    )
    assert f'href="{reverse("members:organisation", args=[lead.slug])}">Urban Forum' in page
    assert f'href="{reverse("members:organisation", args=[other.slug])}">Community Matters' in page
    # The lead is not listed again among the supporters.
    assert page.count(">Urban Forum</a>") == 1


def test_a_petition_handed_in_shows_when_and_what_happened(client, campaign):
    campaign.status = Campaign.Status.WON
    campaign.save()
    ActionFactory(
        campaign=campaign,
        status=Action.Status.CLOSED,
        handed_in_on=timezone.localdate() - timedelta(days=10),
        hand_in_note="Handed in at County Hall; the council kept the fund.",
    )
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Handed in on" in page
    assert "the council kept the fund" in page
    assert "Sign the petition" not in page


def test_drafts_are_hidden_from_the_public_and_shown_to_staff(
    client, campaign, staff, representative
):
    campaign.status = Campaign.Status.DRAFT
    campaign.save()
    url = campaign.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(representative)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "only staff can see it" in response.content.decode()


def test_draft_actions_are_shown_to_staff_only(client, campaign, staff):
    ActionFactory(campaign=campaign, title="Not ready yet", status=Action.Status.DRAFT)
    assert "Not ready yet" not in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(staff)
    assert "Not ready yet" in client.get(campaign.get_absolute_url()).content.decode()


def test_an_unknown_campaign_is_not_found(client):
    assert client.get(reverse("campaigns:campaign", args=["no-such-campaign"])).status_code == 404


def test_the_count_is_the_public_count(client, campaign):
    pledge = PledgeFactory(campaign=campaign, goal=None)
    confirmed(pledge, 4)
    services.recount(pledge)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert f'<strong class="progress__number">{services.public_count(pledge)}</strong>' in page
    assert "pledges" in page
    assert "progress__bar" not in page  # no goal, no bar


# --- Home page and navigation ----------------------------------------------------------------


def test_the_home_page_invites_people_to_take_action(client):
    active = CampaignFactory(title="Funding the Community Sector")
    ActionFactory(campaign=active, title="Keep small grants")
    CampaignFactory(title="Drafted", status=Campaign.Status.DRAFT)
    CampaignFactory(title="All over", status=Campaign.Status.CLOSED)
    page = client.get(reverse("core:home")).content.decode()
    assert 'id="take-action-title"' in page
    assert page.index('id="take-action-title"') < page.index('id="members-title"')
    assert "Funding the Community Sector" in page and "Keep small grants" in page
    assert "Drafted" not in page and "All over" not in page


def test_the_home_page_has_no_section_without_active_campaigns(client):
    assert 'id="take-action-title"' not in client.get(reverse("core:home")).content.decode()


def test_every_page_links_to_the_campaigns(client):
    page = client.get(reverse("core:about")).content.decode()
    assert page.count(f'href="{LIST_URL}"') == 2  # main navigation and footer
    assert 'aria-current="page">Campaigns' in client.get(LIST_URL).content.decode()


# --- The admin -------------------------------------------------------------------------------


def test_staff_manage_a_campaign_with_its_parts_in_the_admin(client, superuser, campaign):
    client.force_login(superuser)
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    page = client.get(url).content.decode()
    for text in ("Evidence (reports", "Campaign tips", "Materials to download", "Actions"):
        assert text in page
    assert (
        client.get(reverse("admin:campaigns_campaign_changelist"), {"q": "Governance"}).status_code
        == 200
    )


def test_an_action_shows_only_its_kinds_fields_in_the_admin(client, superuser, campaign):
    client.force_login(superuser)
    petition = ActionFactory(campaign=campaign)
    letter = LetterActionFactory(campaign=campaign)
    petition_page = client.get(reverse("admin:campaigns_action_change", args=[petition.pk]))
    letter_page = client.get(reverse("admin:campaigns_action_change", args=[letter.pk]))
    assert 'name="target"' in petition_page.content.decode()
    assert 'name="letter_body"' not in petition_page.content.decode()
    assert "decision_makers-TOTAL_FORMS" not in petition_page.content.decode()
    assert 'name="letter_body"' in letter_page.content.decode()
    assert "decision_makers-TOTAL_FORMS" in letter_page.content.decode()
    add_page = client.get(reverse("admin:campaigns_action_add")).content.decode()
    assert 'name="target"' in add_page and 'name="letter_body"' in add_page


def test_staff_add_a_decision_maker_with_the_letter_action(client, superuser, campaign):
    client.force_login(superuser)
    letter = LetterActionFactory(campaign=campaign)
    url = reverse("admin:campaigns_action_change", args=[letter.pk])
    data = {
        "campaign": campaign.pk,
        "title": letter.title,
        "slug": letter.slug,
        "status": "open",
        "intro": "",
        "goal": "",
        "order": 0,
        "letter_subject": letter.letter_subject,
        "letter_body": letter.letter_body,
        "letter_editable": "on",
        "letter_max_length": 5000,
        "decision_makers-TOTAL_FORMS": 1,
        "decision_makers-INITIAL_FORMS": 0,
        "decision_makers-0-name": "Councillor Margaret Hale",
        "decision_makers-0-role": "Leader of the Council",
        "decision_makers-0-body": "Nottingham City Council",
        "decision_makers-0-email": "leader@nottingham.example.org",
        "decision_makers-0-postcode_districts": "NG1 NG2",
        "decision_makers-0-daily_limit": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert letter.decision_makers.get().covers("NG2")
