"""Instant-runoff voting (the alternative vote), counted in full, round by round.

The method, as published for members on the round's page:

1. Every ballot counts for the highest-ranked option still in the count.
2. An option with more than half of the ballots still counting wins.
3. Otherwise the option with the fewest votes is eliminated and its ballots pass to
   their next preference still in the count; a ballot with no preference left is
   "exhausted" and stops counting.
4. A tie for fewest votes is broken by the votes the tied options had in the
   previous round, then the one before, back to the first round (the "backwards"
   rule used in Scotland and Australia); if they tied in every round, the option
   proposed last is eliminated (the order is shown on the page, so anyone can
   repeat the count).

After the winner is found the count goes on eliminating to the end, so the full
order of preference is known: the winner, then the others in the reverse order of
their elimination. That order is what staff use to adopt several priorities.

Ballots are grouped by identical ranking first, so 2,000 ballots cost no more than
the number of different rankings among them.
"""

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class Round:
    number: int
    votes: dict[int, int]
    exhausted: int
    eliminated: int | None = None
    elected: int | None = None
    tie_broken: bool = False
    transfers: dict[int, int] = field(default_factory=dict)


@dataclass
class Count:
    options: list[int]
    ballots: int
    rounds: list[Round]
    winner: int | None
    order: list[int]

    def as_json(self) -> dict:
        data = asdict(self)
        # JSON keys are strings; store the per-round figures as lists to keep ids as numbers.
        for entry in data["rounds"]:
            entry["votes"] = [[k, v] for k, v in entry["votes"].items()]
            entry["transfers"] = [[k, v] for k, v in entry["transfers"].items()]
        return data


def instant_runoff(ballots, options) -> Count:
    """Count `ballots` (sequences of option ids, most preferred first) over `options`.

    `options` is the list of option ids in the order they were proposed (the last
    resort for ties). Ids on a ballot that are not options, and repeats, are ignored.
    """
    options = list(options)
    valid = set(options)
    groups: Counter = Counter()
    total = 0
    for ballot in ballots:
        seen = []
        for choice in ballot:
            if choice in valid and choice not in seen:
                seen.append(choice)
        groups[tuple(seen)] += 1
        total += 1

    position = {option: index for index, option in enumerate(options)}
    remaining = set(options)
    rounds: list[Round] = []
    history: list[dict[int, int]] = []
    eliminated_order: list[int] = []
    winner = None
    # Each group's pointer: the index of its current preference.
    pointers = dict.fromkeys(groups, 0)

    def current(ranking):
        index = pointers[ranking]
        while index < len(ranking) and ranking[index] not in remaining:
            index += 1
        pointers[ranking] = index
        return ranking[index] if index < len(ranking) else None

    number = 0
    while remaining:
        number += 1
        votes = dict.fromkeys(sorted(remaining, key=position.get), 0)
        exhausted = 0
        for ranking, weight in groups.items():
            choice = current(ranking)
            if choice is None:
                exhausted += weight
            else:
                votes[choice] += weight
        history.append(votes)
        entry = Round(number=number, votes=votes, exhausted=exhausted)
        rounds.append(entry)
        counting = total - exhausted
        if winner is None:
            leader = max(votes, key=lambda o: (votes[o], -position[o]))
            if len(remaining) == 1 or (counting and votes[leader] * 2 > counting):
                winner = leader
                entry.elected = leader
                if len(remaining) == 1:
                    eliminated_order.append(leader)
                    break
        if len(remaining) == 1:
            eliminated_order.append(next(iter(remaining)))
            break
        fewest = min(votes.values())
        tied = [option for option, count in votes.items() if count == fewest]
        loser, broken = _break_tie(tied, history, position)
        entry.eliminated = loser
        entry.tie_broken = broken
        # Where the loser's ballots go next (shown as the transfer in the next round).
        before = {ranking: current(ranking) for ranking in groups}
        remaining.discard(loser)
        eliminated_order.append(loser)
        for ranking, weight in groups.items():
            if before[ranking] == loser:
                target = current(ranking)
                key = target if target is not None else 0
                entry.transfers[key] = entry.transfers.get(key, 0) + weight
    order = list(reversed(eliminated_order))
    if winner is not None and order and order[0] != winner:
        order.remove(winner)
        order.insert(0, winner)
    return Count(options=options, ballots=total, rounds=rounds, winner=winner, order=order)


def _break_tie(tied, history, position) -> tuple[int, bool]:
    if len(tied) == 1:
        return tied[0], False
    candidates = list(tied)
    for earlier in reversed(history[:-1]):
        fewest = min(earlier.get(option, 0) for option in candidates)
        candidates = [option for option in candidates if earlier.get(option, 0) == fewest]
        if len(candidates) == 1:
            return candidates[0], True
    return max(candidates, key=position.get), True
