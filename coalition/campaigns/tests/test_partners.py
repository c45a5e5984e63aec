"""Partners: tracked links and the embeddable widget, attribution, and each partner's numbers."""

import pytest
from django.test import Client
from django.urls import reverse

from coalition.campaigns.models import Action, Participation, PartnerLink
from coalition.campaigns.services import public_count
from coalition.campaigns.tests.factories import (
    ActionFactory,
    ParticipationFactory,
    PartnerLinkFactory,
)
from coalition.campaigns.tests.test_actions import form_data

pytestmark = pytest.mark.django_db


def partner_url(organisation, action):
    return reverse(
        "campaigns:partner_action", args=[organisation.slug, action.campaign.slug, action.slug]
    )


def embed_url(action, link=None):
    path = reverse("campaigns:action_embed", args=[action.campaign.slug, action.slug])
    return f"{path}?via={link.code}" if link else path


def test_a_representative_gets_a_link_and_widget_once(representative, organisation):
    action = ActionFactory()
    client = Client()
    client.force_login(representative)
    page = client.get(partner_url(organisation, action))
    assert page.status_code == 200
    assert b"Create" in page.content
    response = client.post(partner_url(organisation, action))
    assert response.status_code == 302
    client.post(partner_url(organisation, action))
    link = PartnerLink.objects.get()
    assert link.organisation == organisation
    page = client.get(partner_url(organisation, action)).content.decode()
    assert f"?via={link.code}" in page
    assert "&lt;iframe src=&quot;" in page or '&lt;iframe src="' in page
    assert embed_url(action, link) in page


def test_other_organisations_links_are_not_found(representative, other_organisation):
    action = ActionFactory()
    client = Client()
    client.force_login(representative)
    assert client.get(partner_url(other_organisation, action)).status_code == 404
    assert client.post(partner_url(other_organisation, action)).status_code == 404
    assert not PartnerLink.objects.exists()


def test_closed_actions_get_no_new_links(representative, organisation):
    action = ActionFactory(status=Action.Status.CLOSED)
    client = Client()
    client.force_login(representative)
    assert client.post(partner_url(organisation, action)).status_code == 409
    assert not PartnerLink.objects.exists()


def test_taking_part_through_a_link_or_the_embed_is_attributed(client, organisation):
    action = ActionFactory()
    link = PartnerLinkFactory(action=action, organisation=organisation)
    page = client.get(f"{action.get_absolute_url()}?via={link.code}")
    assert f'value="{link.code}"'.encode() in page.content
    assert organisation.name.encode() in page.content
    client.post(
        action.get_absolute_url(),
        form_data(action, via=link.code, email="a@example.net", contact_by_partner="on"),
    )
    client.post(embed_url(action, link), form_data(action, via=link.code, email="b@example.net"))
    client.post(action.get_absolute_url(), form_data(action, email="c@example.net"))
    client.post(action.get_absolute_url(), form_data(action, via="made-up", email="d@example.net"))
    by_email = {p.email: p for p in Participation.objects.all()}
    assert by_email["a@example.net"].partner == link
    assert by_email["a@example.net"].contact_by_partner
    assert organisation.name in by_email["a@example.net"].consent_wording
    assert by_email["b@example.net"].partner == link
    assert by_email["c@example.net"].partner is None
    assert by_email["d@example.net"].partner is None


def test_a_link_for_another_action_is_ignored(client):
    action = ActionFactory()
    other_link = PartnerLinkFactory()
    client.post(action.get_absolute_url(), form_data(action, via=other_link.code))
    assert Participation.objects.get().partner is None


def test_the_embed_may_be_framed_by_other_sites_but_the_page_may_not(client):
    action = ActionFactory()
    link = PartnerLinkFactory(action=action)
    embed = client.get(embed_url(action, link))
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    policy = embed["Content-Security-Policy"]
    assert "frame-ancestors https: http:" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert b'name="email"' in embed.content
    assert b"site-header" not in embed.content  # no site chrome inside the widget
    page = client.get(action.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_embed_posts_from_our_origin_inside_another_site(action_in_iframe):
    action, link, client = action_in_iframe
    response = client.post(embed_url(action, link), form_data(action, via=link.code))
    assert response.status_code == 200
    assert b"Check your email" in response.content
    assert "X-Frame-Options" not in response
    assert Participation.objects.get().partner == link


@pytest.fixture
def action_in_iframe():
    """A browser inside a partner's iframe: the form's origin is ours, and no cookies."""
    action = ActionFactory()
    link = PartnerLinkFactory(action=action)
    return action, link, Client(HTTP_ORIGIN="http://testserver")


def test_each_partner_sees_its_own_numbers_and_totals_add_up(
    representative, organisation, other_organisation
):
    action = ActionFactory()
    ours = PartnerLinkFactory(action=action, organisation=organisation)
    theirs = PartnerLinkFactory(action=action, organisation=other_organisation)
    ParticipationFactory.create_batch(
        3, action=action, partner=ours, status=Participation.Status.CONFIRMED
    )
    ParticipationFactory(action=action, partner=ours)  # pending
    ParticipationFactory.create_batch(
        2, action=action, partner=theirs, status=Participation.Status.CONFIRMED
    )
    ParticipationFactory(action=action, status=Participation.Status.CONFIRMED)  # direct
    assert public_count(action) == 6
    client = Client()
    client.force_login(representative)
    dashboard = client.get(reverse("campaigns:partner_dashboard")).content.decode()
    assert organisation.name in dashboard
    assert other_organisation.name not in dashboard
    assert "<strong>4</strong> took part, <strong>3</strong> confirmed" in dashboard
    page = client.get(partner_url(organisation, action)).content.decode()
    assert '<p class="stat__value">3</p>' in page  # ours confirmed
    assert '<p class="stat__value">6</p>' in page  # everyone's


def test_the_dashboard_offers_open_actions_without_a_link(representative, organisation):
    open_action = ActionFactory()
    closed = ActionFactory(status=Action.Status.CLOSED)
    client = Client()
    client.force_login(representative)
    html = client.get(reverse("campaigns:partner_dashboard")).content.decode()
    assert open_action.title in html
    assert closed.title not in html


def test_people_who_represent_nobody_see_an_empty_page(outsider):
    client = Client()
    client.force_login(outsider)
    response = client.get(reverse("campaigns:partner_dashboard"))
    assert response.status_code == 200
    assert b"does not represent an organisation" in response.content
