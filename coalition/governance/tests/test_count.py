"""Instant-runoff counting: majorities, transfers, exhausted ballots, ties."""

from coalition.governance.services.count import instant_runoff


def test_a_first_round_majority_wins_at_once():
    count = instant_runoff([[1, 2], [1], [2, 1]], [1, 2, 3])
    assert count.winner == 1
    assert count.rounds[0].elected == 1
    assert count.rounds[0].votes == {1: 2, 2: 1, 3: 0}


def test_the_fewest_is_eliminated_and_its_ballots_transfer():
    # A 4, B 3, C 2 (C's voters prefer B next): C goes, B wins 5 to 4.
    ballots = [["A"]] * 4 + [["B"]] * 3 + [["C", "B"]] * 2
    count = instant_runoff(ballots, ["A", "B", "C"])
    assert count.rounds[0].eliminated == "C"
    assert count.rounds[0].transfers == {"B": 2}
    assert count.rounds[1].votes == {"A": 4, "B": 5}
    assert count.winner == "B"
    assert count.order == ["B", "A", "C"]


def test_exhausted_ballots_stop_counting_and_the_majority_is_of_those_left():
    ballots = [["A"]] * 4 + [["B"]] * 3 + [["C"]] * 2
    count = instant_runoff(ballots, ["A", "B", "C"])
    assert count.rounds[1].exhausted == 2
    assert count.rounds[0].transfers == {0: 2}
    # 4 of the 7 still counting is a majority.
    assert count.winner == "A"


def test_a_tie_for_fewest_is_broken_by_the_earlier_round():
    # Round 1: A 5, B 4, C 3, D 2 -> D out, to C: C 5 and B 4... set up a later tie instead.
    ballots = [["A"]] * 6 + [["B"]] * 4 + [["C"]] * 3 + [["D", "B"]] * 1 + [["E", "C"]] * 2
    # Round 1: A6 B4 C3 E2 D1 -> D out (to B): A6 B5 C3 E2 -> E out (to C): A6 B5 C5.
    # B and C tie on 5; in round 2 B had 5 and C 3, so C goes.
    count = instant_runoff(ballots, ["A", "B", "C", "D", "E"])
    third = count.rounds[2]
    assert third.votes == {"A": 6, "B": 5, "C": 5}
    assert third.eliminated == "C"
    assert third.tie_broken


def test_a_tie_in_every_round_eliminates_the_latest_proposed():
    count = instant_runoff([["A"], ["B"], ["C"], ["C"]], ["A", "B", "C"])
    assert count.rounds[0].eliminated == "B"
    assert count.rounds[0].tie_broken


def test_unknown_options_and_repeats_on_a_ballot_are_ignored():
    count = instant_runoff([["X", "A", "A", "B"], ["B"]], ["A", "B"])
    assert count.rounds[0].votes == {"A": 1, "B": 1}


def test_no_ballots_leaves_no_winner_by_majority_but_a_complete_order():
    count = instant_runoff([], ["A", "B"])
    assert count.ballots == 0
    assert sorted(count.order) == ["A", "B"]


def test_the_count_serialises_to_json():
    import json

    data = instant_runoff([["A", "B"], ["B"]], ["A", "B"]).as_json()
    assert json.loads(json.dumps(data))["ballots"] == 2
