"""Priority rounds: proposing, one ballot per organisation, refusals, the published count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.governance.models import Ballot, Proposal, Ranking
from coalition.governance.services.priorities import BallotRefused, cast_ballot, publish_results
from coalition.governance.tests.factories import ProposalFactory, RoundFactory
from coalition.members.tests.factories import AffiliationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_round():
    round = RoundFactory(slug="2010-priorities")
    a = ProposalFactory(round=round, title="Challenge privatisation")
    b = ProposalFactory(round=round, title="Defend participative ways of working")
    c = ProposalFactory(round=round, title="Promote the community sector")
    return round, [a, b, c]


def ballot_data(proposals, ranks):
    return {f"rank_{p.pk}": str(r) if r else "" for p, r in zip(proposals, ranks, strict=True)}


def test_a_representative_votes_once_for_the_organisation(
    client, representative, organisation, voting_round
):
    round, proposals = voting_round
    client.force_login(representative)
    url = reverse("governance:vote", args=[round.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, ballot_data(proposals, [2, 1, None]))
    assert response.status_code == 302
    ballot = Ballot.objects.get(round=round, organisation=organisation)
    assert ballot.ranked_ids() == [proposals[1].pk, proposals[0].pk]

    # A second ballot from the same organisation (another representative) is refused.
    other = UserFactory()
    AffiliationFactory(
        person=PersonFactory(email=other.email, user=other),
        organisation=organisation,
        is_representative=True,
    )
    client.force_login(other)
    response = client.post(url, ballot_data(proposals, [1, 2, 3]))
    assert response.status_code == 409
    assert "first ballot stands" in response.content.decode()
    assert Ballot.objects.filter(round=round).count() == 1
    assert ballot.ranked_ids() == [proposals[1].pk, proposals[0].pk]


def test_when_the_round_allows_it_a_ballot_is_replaced_never_added(
    client, representative, organisation, voting_round
):
    round, proposals = voting_round
    round.allow_ballot_change = True
    round.save()
    client.force_login(representative)
    url = reverse("governance:vote", args=[round.slug])
    client.post(url, ballot_data(proposals, [1, 2, 3]))
    client.post(url, ballot_data(proposals, [3, None, 1]))
    ballot = Ballot.objects.get(round=round)
    assert ballot.ranked_ids() == [proposals[2].pk, proposals[0].pk]
    assert ballot.changed_at is not None
    assert Ranking.objects.filter(ballot__round=round).count() == 2


def test_bad_ballots_are_refused_with_a_message(client, representative, voting_round):
    round, proposals = voting_round
    client.force_login(representative)
    url = reverse("governance:vote", args=[round.slug])
    response = client.post(url, ballot_data(proposals, [1, 1, None]))
    assert response.status_code == 400
    assert "Give each a different rank" in response.content.decode()
    response = client.post(url, ballot_data(proposals, [None, None, None]))
    assert response.status_code == 400
    assert "Rank at least one priority" in response.content.decode()
    response = client.post(url, {f"rank_{proposals[0].pk}": "99"})
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_a_ballot_after_close_is_refused(client, representative, organisation, voting_round):
    round, proposals = voting_round
    round.voting_closes_at = timezone.now() - timedelta(minutes=1)
    round.save()
    client.force_login(representative)
    response = client.post(
        reverse("governance:vote", args=[round.slug]), ballot_data(proposals, [1, 2, 3])
    )
    assert response.status_code in (302, 409)
    assert not Ballot.objects.exists()
    with pytest.raises(BallotRefused, match="closed"):
        cast_ballot(round, organisation, representative, [proposals[0].pk])


def test_a_ballot_before_voting_opens_is_refused(organisation, representative):
    round = RoundFactory(voting_opens_at=timezone.now() + timedelta(days=1))
    proposal = ProposalFactory(round=round)
    with pytest.raises(BallotRefused, match="not opened"):
        cast_ballot(round, organisation, representative, [proposal.pk])


def test_a_proposal_from_another_round_is_refused(organisation, representative, voting_round):
    round, _ = voting_round
    stranger = ProposalFactory()
    with pytest.raises(BallotRefused):
        cast_ballot(round, organisation, representative, [stranger.pk])


def test_people_without_an_organisation_cannot_vote_and_staff_do_not(
    client, outsider, staff, voting_round
):
    round, proposals = voting_round
    url = reverse("governance:vote", args=[round.slug])
    client.force_login(outsider)
    assert client.post(url, ballot_data(proposals, [1, 2, 3])).status_code == 404
    client.force_login(staff)
    assert client.post(url, ballot_data(proposals, [1, 2, 3])).status_code == 302
    assert not Ballot.objects.exists()


def test_members_propose_and_comment_while_proposals_are_open(client, representative, organisation):
    round = RoundFactory(
        slug="open-round",
        proposals_close_at=timezone.now() + timedelta(days=3),
        voting_opens_at=timezone.now() + timedelta(days=4),
    )
    client.force_login(representative)
    url = reverse("governance:propose", args=[round.slug])
    response = client.post(url, {"title": "", "case": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"title": "Personalisation", "case": "The changes start in April.", "evidence": ""}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(round=round)
    assert proposal.organisation == organisation
    response = client.post(url, {"title": "personalisation", "case": "Again."})
    assert response.status_code == 400
    assert "already proposed" in response.content.decode()
    response = client.post(
        reverse("governance:comment", args=[round.slug, proposal.pk]), {"text": "Agreed."}
    )
    assert response.status_code == 302
    assert proposal.comments.get().text == "Agreed."


def test_the_count_is_shown_once_results_are_published(client, staff, voting_round):
    round, proposals = voting_round
    from coalition.members.tests.factories import MembershipFactory

    for ranks in ([0, 1], [0, 2], [1, 0], [2, 1], [2, 0]):
        organisation = MembershipFactory().organisation
        Ballot.objects.create(round=round, organisation=organisation)
        ballot = Ballot.objects.get(round=round, organisation=organisation)
        for position, index in enumerate(ranks, start=1):
            Ranking.objects.create(ballot=ballot, proposal=proposals[index], rank=position)
    page = client.get(round.get_absolute_url()).content.decode()
    assert "Round 1" not in page
    with pytest.raises(BallotRefused):
        publish_results(round)
    client.force_login(staff)
    client.post(reverse("governance:staff_round_close", args=[round.pk]))
    client.post(reverse("governance:staff_round_publish", args=[round.pk]))
    round.refresh_from_db()
    assert round.results_published
    client.logout()
    page = client.get(round.get_absolute_url()).content.decode()
    # Round 1: A 2, B 1, C 2 -> B out, its ballot goes to A: A 3 of 5.
    assert "Round 1" in page and "Round 2" in page
    assert round.count["winner"] == proposals[0].pk


def test_round_dates_out_of_order_are_refused(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("governance:staff_round_new"),
        {
            "title": "Bad",
            "slug": "bad",
            "proposals_close_at": "2026-05-10T12:00",
            "voting_opens_at": "2026-05-01T12:00",
            "voting_closes_at": "2026-04-01T12:00",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voting must open after proposals close." in page
    assert "Voting must close after it opens." in page
