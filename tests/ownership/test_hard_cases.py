"""Hard cases: unknown remainder, control, voting rights, branches, dates, suspended and ended measures."""

from __future__ import annotations

from datetime import date

import pytest

from partyscreen.ownership import Listing, MeasurePeriod, Policy, get_policy
from tests.ownership.factory import POLICY_NAMES, branch, complete, control, h, listing_for, run, statuses, unknown, votes

AGG = ("mofcom-61", "ofac", "bis-affiliates", "eu")
AFF, POSS = "affiliate", "possible_affiliate"


# --- unknown remainder -------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_listed_stake_plus_unaccounted_capital_is_possible(policy: str) -> None:
    """X holds 30%, nobody is recorded for the other 70%: X could hold more than half."""
    got = run([h("X", "A", "30")], policy)
    assert got["A"].status == POSS
    assert got["A"].reasons == ("unknown_remainder",)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_remainder_counts_only_capital_not_held_by_others(policy: str) -> None:
    """X 30 + P 40: the unrecorded 30% could be X's (60%); X 30 + P 70: nothing left, nothing flagged."""
    assert run([h("X", "A", "30"), h("P", "A", "40")], policy)["A"].status == POSS
    assert "A" not in run([h("X", "A", "30"), h("P", "A", "70")], policy)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_entity_with_no_caught_owner_is_never_flagged_for_missing_data(policy: str) -> None:
    """Z has 90% unaccounted but no listed or affiliated owner: it is not flagged."""
    got = run([h("P", "Z", "10"), h("X", "A", "60"), h("Q", "A", "40")], policy)
    assert "Z" not in got
    assert "P" not in got


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_stake_of_unknown_size_is_a_range(policy: str) -> None:
    """A listed owner with an unknown percentage (BIS red flag) must be resolved: possible, reason range."""
    got = run([unknown("X", "A")], policy)
    assert got["A"].status == POSS
    assert got["A"].reasons == ("range",)
    assert (got["A"].share_min, got["A"].share_max) == (0, 100_000_000)


# --- control and voting ------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_control_without_ownership(policy: str) -> None:
    """EU and UK count control; the others report it as possible with reason control."""
    got = run([control("X", "A")], policy)
    if policy in ("eu", "uk"):
        assert got["A"].status == AFF
    else:
        assert got["A"].status == POSS
        assert got["A"].reasons == ("control",)


@pytest.mark.parametrize("policy", ("ofac", "eu"))
def test_control_by_an_affiliate(policy: str) -> None:
    """Control held by an affiliate propagates like its stakes."""
    got = run(complete([h("X", "A", "60"), control("A", "B")]), policy)
    assert got["B"].status == (AFF if policy == "eu" else POSS)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_control_into_a_cross_holding_keeps_its_reason(policy: str) -> None:
    """X controls A; A and B hold 60% of each other. Each is possible only because of X's control:
    the reason is ``control`` for both, not ``range`` (each alone would be caught if the other
    were, which explains nothing)."""
    got = run([control("X", "A"), h("A", "B", "60"), h("B", "A", "60")], policy)
    pol = get_policy(policy)
    if pol.count_control:
        assert (got["A"].status, got["B"].status) == (AFF, AFF)
    elif pol.propagate:
        assert (got["A"].status, got["A"].reasons) == (POSS, ("control",))
        assert (got["B"].status, got["B"].reasons) == (POSS, ("control",))
    else:  # one listed party's own direct stakes only: A's stake in B does not count
        assert (got["A"].status, got["A"].reasons) == (POSS, ("control",))
        assert "B" not in got


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_voting_majority(policy: str) -> None:
    """60% of the votes: counted by mofcom-61, eu and uk; reported as control elsewhere."""
    got = run([votes("X", "A", "60"), h("P", "A", "100")], policy)
    if get_policy(policy).count_voting:
        assert got["A"].status == AFF
    else:
        assert got["A"].status == POSS
        assert got["A"].reasons == ("control",)


# --- branches ----------------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_branch_of_listed_party(policy: str) -> None:
    """A branch is the same legal person: caught at 100% under every policy."""
    got = run([branch("X", "XB")], policy)
    assert got["XB"].status == AFF
    assert (got["XB"].share_min, got["XB"].share_max) == (100_000_000, 100_000_000)
    assert got["XB"].path_text == "X -branch-> XB"


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_branch_of_affiliate(policy: str) -> None:
    """The branch of a caught subsidiary is caught too (even under the literal reading)."""
    got = run(complete([h("X", "A", "60"), branch("A", "AB")]), policy)
    assert got["AB"].status == AFF


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_stake_held_through_a_listed_partys_branch_is_direct(policy: str) -> None:
    """A stake booked by X's branch is X's own direct stake, also under the literal reading."""
    got = run(complete([branch("X", "XB"), h("XB", "C", "60")]), policy)
    assert got["C"].status == AFF


def test_literal_reading_ignores_affiliates_stakes_but_not_their_branches() -> None:
    """mofcom-61-literal: X→A 60, A→B 60: B is not caught; A's branch is."""
    got = run(complete([h("X", "A", "60"), h("A", "B", "60"), branch("A", "AB")]), "mofcom-61-literal")
    assert statuses(got) == {"X": "listed", "A": AFF, "AB": AFF}


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_stake_acquired_after_listing(policy: str) -> None:
    """X listed 2025-01-01 acquires 60% of A on 2025-06-01: caught from that day, not before."""
    pol = get_policy(policy)
    data = [h("X", "A", "60", start_date=date(2025, 6, 1)), h("P", "A", "40")]
    entries = [listing_for(pol, "X", listed_on=date(2025, 1, 1))]
    assert "A" not in run(data, pol, listings=entries, as_of=date(2025, 5, 31))
    assert run(data, pol, listings=entries, as_of=date(2025, 6, 1))["A"].status == AFF


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_divestment_below_fifty_ends_the_status_going_forward(policy: str) -> None:
    """OFAC FAQ 402: X sells down from 60% to 10% on 2026-03-01."""
    data = [
        h("X", "A", "60", end_date=date(2026, 3, 1)), h("P", "A", "40"),
        h("X", "A", "10", start_date=date(2026, 3, 1)), h("Q", "A", "50", start_date=date(2026, 3, 1)),
    ]
    assert run(data, policy, as_of=date(2026, 2, 28))["A"].status == AFF
    assert "A" not in run(data, policy, as_of=date(2026, 3, 1))


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_listing_and_delisting_dates(policy: str) -> None:
    """Not a root before listed_on, nor from delisted_on."""
    pol = get_policy(policy)
    data = complete([h("X", "A", "60")])
    entry = [listing_for(pol, "X", listed_on=date(2026, 2, 1), delisted_on=date(2026, 5, 1))]
    assert run(data, pol, listings=entry, as_of=date(2026, 1, 31)) == {}
    assert run(data, pol, listings=entry, as_of=date(2026, 2, 1))["A"].status == AFF
    assert run(data, pol, listings=entry, as_of=date(2026, 5, 1)) == {}


def test_other_lists_do_not_count() -> None:
    """An OFAC SDN is not a root under mofcom-61 (and vice versa)."""
    data = complete([h("X", "A", "60")])
    assert run(data, "mofcom-61", listings=[Listing("X", "us-ofac-sdn")]) == {}
    assert run(data, "ofac", listings=[Listing("X", "us-ofac-sdn")])["A"].status == AFF


# --- suspended and ended measures --------------------------------------------------------------

SUSPENDED = MeasurePeriod("suspended", None, date(2026, 11, 10))  # start unknown, as the notes require
ENDED = MeasurePeriod("ended", date(2025, 11, 10), None)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_suspended_measures(policy: str) -> None:
    """Suspended until 2026-11-10: counted (and marked) by all but the literal reading; in effect again from then."""
    pol = get_policy(policy)
    data = complete([h("X", "A", "60")])
    entry = [listing_for(pol, "X", measures=(SUSPENDED,))]
    during = run(data, pol, listings=entry, as_of=date(2026, 6, 1))
    if pol.count_suspended:
        assert during["A"].status == AFF
        root = during["A"].roots[0]
        assert (root.measure_status, root.measure_until) == ("suspended", date(2026, 11, 10))
        assert root.describe().endswith("(listing measures suspended until 2026-11-10)")
    else:
        assert during == {}
    after = run(data, pol, listings=entry, as_of=date(2026, 11, 10))
    assert after["A"].status == AFF
    assert after["X"].roots[0].measure_status == "in_effect"


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ended_measures(policy: str) -> None:
    """Measures ended from 2025-11-10 (the entry stays published): the listing no longer denies."""
    pol = get_policy(policy)
    data = complete([h("X", "A", "60")])
    entry = [listing_for(pol, "X", measures=(ENDED,))]
    assert run(data, pol, listings=entry, as_of=date(2025, 11, 9))["A"].status == AFF
    assert run(data, pol, listings=entry, as_of=date(2025, 11, 10)) == {}


def test_user_policy_may_count_ended_measures() -> None:
    """count_ended is a setting."""
    pol = Policy("keep-ended", frozenset({"cn-mofcom-watch"}), count_ended=True)
    entry = [Listing("X", "cn-mofcom-watch", measures=(ENDED,))]
    assert run(complete([h("X", "A", "60")]), pol, listings=entry)["A"].status == AFF


def test_counted_ended_measures_say_when_they_ended() -> None:
    """A policy that counts ended measures keeps the root and says since when they ended."""
    pol = Policy("keep-ended", frozenset({"cn-mofcom-watch"}), count_ended=True)
    entry = [Listing("X", "cn-mofcom-watch", measures=(ENDED,))]
    root = run(complete([h("X", "A", "60")]), pol, listings=entry)["A"].roots[0]
    assert (root.measure_status, root.measure_ended_on, root.measure_until) == ("ended", ENDED.start, None)
    assert root.describe() == f"X on cn-mofcom-watch (listing measures ended from {ENDED.start.isoformat()})"
    assert root.describe("Xenon Ltd").startswith("Xenon Ltd [X] on cn-mofcom-watch")


def test_one_suspended_entry_outlasts_an_ended_one() -> None:
    """Ended on one list, suspended on another: the measures will apply again, so the entity is
    suspended (until that entry's measures resume), not ended."""
    pol = Policy("keep-all", frozenset({"cn-mofcom-watch", "cn-mofcom-export-control"}), count_ended=True)
    entries = [Listing("X", "cn-mofcom-watch", measures=(ENDED,)), Listing("X", "cn-mofcom-export-control", measures=(SUSPENDED,))]
    root = run(complete([h("X", "A", "60")]), pol, listings=entries, as_of=date(2026, 6, 1))["A"].roots[0]
    assert (root.measure_status, root.measure_until) == ("suspended", SUSPENDED.end)


def test_entity_on_two_lists_is_suspended_only_if_every_entry_is() -> None:
    """One live entry keeps the root in effect."""
    entries = [Listing("X", "cn-mofcom-watch", measures=(SUSPENDED,)), Listing("X", "cn-mofcom-export-control")]
    got = run(complete([h("X", "A", "60")]), "mofcom-61", listings=entries, as_of=date(2026, 6, 1))
    assert got["X"].roots[0].measure_status == "in_effect"
    assert got["X"].roots[0].list_ids == ("cn-mofcom-export-control", "cn-mofcom-watch")


def test_continued_suspensions_chain_to_the_last_end() -> None:
    """No. 21: suspended from an unknown date, continued 2025-08-12 for 90 days, then to 2026-11-10."""
    periods = (
        MeasurePeriod("suspended", None, date(2025, 8, 12)),
        MeasurePeriod("suspended", date(2025, 8, 12), date(2025, 11, 10)),
        MeasurePeriod("suspended", date(2025, 11, 10), date(2026, 11, 10)),
    )
    entry = [Listing("X", "cn-mofcom-export-control", measures=periods)]
    data = complete([h("X", "A", "60")])
    for day in (date(2025, 1, 1), date(2025, 9, 1), date(2026, 6, 1)):
        got = run(data, "mofcom-61", listings=entry, as_of=day)
        assert (got["A"].roots[0].measure_status, got["A"].roots[0].measure_until) == ("suspended", date(2026, 11, 10))
        assert run(data, "mofcom-61-literal", listings=entry, as_of=day) == {}
    assert run(data, "mofcom-61", listings=entry, as_of=date(2026, 11, 10))["X"].roots[0].measure_status == "in_effect"


def test_literal_reading_counts_stakes_of_an_entity_found_to_be_a_branch_later() -> None:
    """B is first reached as X's 60% subsidiary, then (one hop later) as the branch of X's branch:
    B is X itself, so B's direct 60% stake in C is X's own direct stake."""
    data = complete([branch("X", "XB"), h("X", "B", "60"), branch("XB", "B"), h("B", "C", "60")])
    got = run(data, "mofcom-61-literal")
    assert got["B"].status == AFF
    assert got["C"].status == AFF


def test_reported_bounds_never_exceed_the_whole_capital():
    from datetime import date

    from partyscreen.ownership import Holding, Listing, compute_affiliates
    from partyscreen.shares import HUNDRED_PERCENT

    holdings = [
        Holding("X", "T", share_min=40_000_000, share_max=80_000_000),
        Holding("Y", "T", share_min=30_000_000, share_max=70_000_000),
    ]
    result = compute_affiliates(holdings, [Listing("X", "us-ofac-sdn"), Listing("Y", "us-ofac-sdn")], "ofac", date(2026, 1, 1))
    assert result["T"].status == "affiliate"  # 40 + 30 >= 50 on lower bounds
    assert result["T"].share_min == 70_000_000
    assert result["T"].share_max == HUNDRED_PERCENT  # 80 + 70 would be 150%


def test_merged_states_never_claim_a_day_they_do_not_know() -> None:
    from partyscreen.ownership.roots import merge_states

    d1, d2 = date(2025, 1, 1), date(2025, 6, 1)
    assert merge_states([("ended", d1), ("ended", d2)]) == ("ended", d2)
    assert merge_states([("ended", d2), ("ended", None)]) == ("ended", None)  # the other may have ended later
    assert merge_states([("suspended", d1), ("suspended", None)]) == ("suspended", None)
    assert merge_states([("ended", d2), ("suspended", d1)]) == ("suspended", d1)
    assert merge_states([("ended", d2), ("in_effect", None)]) == ("in_effect", None)
