"""Casting ballots and publishing the count of a priority-setting round."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.governance.models import Ballot, PriorityRound, Proposal, Ranking
from coalition.governance.services.count import instant_runoff


class BallotRefused(Exception):
    """Why a ballot cannot be taken; the message is for the voter. `status` is the HTTP status."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def cast_ballot(
    round: PriorityRound, organisation, user, ranked_ids: list[int]
) -> tuple[Ballot, bool]:
    """Record the organisation's ballot; (ballot, replaced). Raises BallotRefused.

    One ballot per organisation per round, enforced by a unique constraint, so two
    representatives voting at the same moment cannot both be counted.
    """
    now = timezone.now()
    stage = round.stage(now)
    if stage == "closed":
        raise BallotRefused("Voting in this round has closed. Your ballot was not recorded.")
    if stage != "voting":
        raise BallotRefused("Voting in this round has not opened yet.")
    if not ranked_ids:
        raise BallotRefused("Rank at least one priority.", status=400)
    if len(set(ranked_ids)) != len(ranked_ids):
        raise BallotRefused("Give each priority a different rank.", status=400)
    valid = set(round.proposals.values_list("pk", flat=True))
    if not set(ranked_ids) <= valid:
        raise BallotRefused("That is not a priority in this round.", status=400)
    with transaction.atomic():
        existing = (
            Ballot.objects.select_for_update()
            .filter(round=round, organisation=organisation)
            .first()
        )
        replaced = False
        if existing is not None:
            if not round.allow_ballot_change:
                raise BallotRefused(
                    f"{organisation.name} has already voted in this round; its first ballot stands."
                )
            existing.rankings.all().delete()
            existing.cast_by = user
            existing.changed_at = now
            existing.save(update_fields=["cast_by", "changed_at"])
            ballot, replaced = existing, True
        else:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(
                        round=round, organisation=organisation, cast_by=user, cast_at=now
                    )
            except IntegrityError:
                raise BallotRefused(
                    f"{organisation.name} has already voted in this round; its first ballot stands."
                ) from None
        Ranking.objects.bulk_create(
            Ranking(ballot=ballot, proposal_id=pk, rank=index)
            for index, pk in enumerate(ranked_ids, start=1)
        )
    return ballot, replaced


def ballots_of(round: PriorityRound) -> list[list[int]]:
    """Every ballot's ranking, read in one query."""
    rankings: dict[int, list[int]] = {}
    for ballot_id, proposal_id in (
        Ranking.objects.filter(ballot__round=round)
        .order_by("ballot_id", "rank")
        .values_list("ballot_id", "proposal_id")
    ):
        rankings.setdefault(ballot_id, []).append(proposal_id)
    return list(rankings.values())


def count_round(round: PriorityRound) -> dict:
    options = list(round.proposals.order_by("pk").values_list("pk", flat=True))
    return instant_runoff(ballots_of(round), options).as_json()


def close_voting(round: PriorityRound) -> None:
    """Close voting now (if still open) and store the count."""
    now = timezone.now()
    if round.voting_closes_at > now:
        round.voting_closes_at = now
        if round.voting_opens_at > now:
            round.voting_opens_at = now
        if round.proposals_close_at > now:
            round.proposals_close_at = now
    round.count = count_round(round)
    round.save(update_fields=["voting_closes_at", "voting_opens_at", "proposals_close_at", "count"])


def publish_results(round: PriorityRound) -> None:
    if round.stage() != "closed":
        raise BallotRefused("Close voting before publishing the results.")
    round.count = count_round(round)
    round.results_published_at = timezone.now()
    round.save(update_fields=["count", "results_published_at"])


def count_for_display(round: PriorityRound) -> dict | None:
    """The stored count, with proposals instead of ids, for the results page."""
    count = round.count
    if count is None:
        return None
    proposals = {p.pk: p for p in Proposal.objects.filter(round=round)}
    options = [proposals[pk] for pk in count["options"] if pk in proposals]
    rounds = []
    for entry in count["rounds"]:
        votes = dict(entry["votes"])
        counting = sum(votes.values())
        rounds.append(
            {
                "number": entry["number"],
                "rows": [
                    {
                        "proposal": proposals.get(pk),
                        "votes": votes.get(pk),
                        "share": round_share(votes.get(pk), counting),
                        "in_count": pk in votes,
                        "eliminated": pk == entry["eliminated"],
                        "elected": pk == entry["elected"],
                    }
                    for pk in count["options"]
                ],
                "exhausted": entry["exhausted"],
                "counting": counting,
                "eliminated": proposals.get(entry["eliminated"]),
                "elected": proposals.get(entry["elected"]),
                "tie_broken": entry["tie_broken"],
                "transfers": [
                    (proposals.get(pk) if pk else None, n) for pk, n in entry["transfers"]
                ],
            }
        )
    return {
        "ballots": count["ballots"],
        "options": options,
        "rounds": rounds,
        "winner": proposals.get(count["winner"]),
        "order": [proposals[pk] for pk in count["order"] if pk in proposals],
    }


def round_share(votes, counting) -> str:
    if votes is None or not counting:
        return ""
    return f"{100 * votes / counting:.1f}%"
