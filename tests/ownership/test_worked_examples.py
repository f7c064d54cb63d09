"""The regulators' worked examples and the hard cases of regulatory-notes.md, for every built-in policy.

Families: ``AGG`` (mofcom-61, ofac, bis-affiliates, eu: >= 50%, aggregate, propagation),
``mofcom-61-literal`` (one listed party's direct >= 50% stake, plus branches) and ``uk`` (> 50%,
no aggregation across designated persons, propagation). ``complete()`` gives every held entity
an unlisted holder for its otherwise unaccounted capital, so that only the stated rule decides.
"""

from __future__ import annotations

import pytest

from partyscreen.ownership import Policy
from tests.ownership.factory import POLICY_NAMES, band, complete, h, run, statuses

AGG = ("mofcom-61", "ofac", "bis-affiliates", "eu")


def expect(policy: str, agg: dict[str, str], literal: dict[str, str], uk: dict[str, str]) -> dict[str, str]:
    """The expected caught entities (besides the listed X) for the policy's family."""
    chosen = agg if policy in AGG else literal if policy == "mofcom-61-literal" else uk
    return {"X": "listed", **chosen}


def caught(result: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {k: v for k, v in statuses(result).items() if not k.startswith("P:")}


AFF = "affiliate"
POSS = "possible_affiliate"


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ofac_example_1_chain_of_fifty(policy: str) -> None:
    """X→A 50, A→B 50 ⇒ A and B blocked (OFAC): the status propagates, shares are not multiplied."""
    got = caught(run(complete([h("X", "A", "50"), h("A", "B", "50")]), policy))
    assert got == expect(policy, {"A": AFF, "B": AFF}, {"A": AFF}, {})


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ofac_example_2_aggregate_through_two_affiliates(policy: str) -> None:
    """X→A 50, X→B 50, A→C 25, B→C 25 ⇒ C blocked."""
    data = complete([h("X", "A", "50"), h("X", "B", "50"), h("A", "C", "25"), h("B", "C", "25")])
    got = caught(run(data, policy))
    assert got == expect(policy, {"A": AFF, "B": AFF, "C": AFF}, {"A": AFF, "B": AFF}, {})


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ofac_example_3_direct_plus_indirect(policy: str) -> None:
    """X→A 50, X→B 10, A→B 40 ⇒ B blocked (10 direct + 40 through an affiliate)."""
    data = complete([h("X", "A", "50"), h("X", "B", "10"), h("A", "B", "40")])
    got = caught(run(data, policy))
    assert got == expect(policy, {"A": AFF, "B": AFF}, {"A": AFF}, {})


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ofac_example_4_not_multiplied_not_aggregated_below_fifty(policy: str) -> None:
    """X→A 25, X→B 25, A→C 50, B→C 50 ⇒ none blocked."""
    data = complete([h("X", "A", "25"), h("X", "B", "25"), h("A", "C", "50"), h("B", "C", "50")])
    assert caught(run(data, policy)) == {"X": "listed"}


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_ofac_example_4_with_unaccounted_capital_is_only_possible(policy: str) -> None:
    """Without the other holders on record, 75% of A and B is unaccounted: possible, never certain."""
    got = run([h("X", "A", "25"), h("X", "B", "25"), h("A", "C", "50"), h("B", "C", "50")], policy)
    assert AFF not in statuses(got).values()
    assert got["A"].status == POSS
    assert got["A"].reasons == ("unknown_remainder",)
    if policy == "mofcom-61-literal":
        assert "C" not in got  # direct only: A's and B's stakes do not count
    else:
        assert got["C"].status == POSS  # possibility propagates through A and B


@pytest.mark.parametrize("policy", POLICY_NAMES)
@pytest.mark.parametrize("share, ge, gt", [("49.999999", False, False), ("50", True, False), ("50.000001", True, True)])
def test_threshold_edges(policy: str, share: str, ge: bool, gt: bool) -> None:
    """49.999999 / 50 / 50.000001 under >= (all but uk) and > (uk), exactly."""
    got = caught(run(complete([h("X", "A", share)]), policy))
    hit = gt if policy == "uk" else ge
    assert got == ({"X": "listed", "A": AFF} if hit else {"X": "listed"})


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_thirds_add_up_exactly_to_fifty_across_listed_parties(policy: str) -> None:
    """33.3333 + 16.6667 from two listed parties is exactly 50: caught only where stakes aggregate and >= applies."""
    got = caught(run(complete([h("X", "A", "33.3333"), h("Y", "A", "16.6667")]), policy, listed=("X", "Y")))
    assert got == {"X": "listed", "Y": "listed", **({"A": AFF} if policy in AGG else {})}


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_thirds_one_party_direct_plus_its_affiliate(policy: str) -> None:
    """X 33.3333 direct + 16.6667 via its wholly owned Z: 50 exactly from one designated person."""
    data = complete([h("X", "Z", "100"), h("X", "A", "33.3333"), h("Z", "A", "16.6667")])
    got = caught(run(data, policy))
    assert got == expect(policy, {"Z": AFF, "A": AFF}, {"Z": AFF}, {"Z": AFF})


def test_uk_does_not_aggregate_different_designated_persons() -> None:
    """UK: X 30 + Y 30 is not ownership by either; the aggregating policies catch it."""
    data = complete([h("X", "A", "30"), h("Y", "A", "30")])
    assert caught(run(data, "uk", listed=("X", "Y"))) == {"X": "listed", "Y": "listed"}
    assert run(data, "eu", listed=("X", "Y"))["A"].status == AFF


def test_uk_propagates_more_than_fifty() -> None:
    """UK: X→A 51, A→B 51 ⇒ A and B owned (indirectly)."""
    got = run(complete([h("X", "A", "51"), h("A", "B", "51")]), "uk")
    assert caught(got) == {"X": "listed", "A": AFF, "B": AFF}
    assert got["B"].path_text == "X -51%-> A -51%-> B"


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_cross_holding_cycle_is_flagged_by_lookthrough_only(policy: str) -> None:
    """X→A 40, A→B 100, B→A 25: the least fixed point catches nothing; look-through is 53.3%."""
    data = complete([h("X", "A", "40"), h("A", "B", "100"), h("B", "A", "25")])
    got = run(data, policy)
    if policy == "mofcom-61-literal":
        assert caught(got) == {"X": "listed"}
        return
    assert caught(got) == {"X": "listed", "A": POSS, "B": POSS}
    assert got["A"].reasons == ("lookthrough",)
    assert got["B"].reasons == ("lookthrough",)  # inherited from A, its 100% owner
    assert got["A"].lookthrough_text == "53.333333"
    assert got["A"].share_min == 40_000_000


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_cycle_caught_by_the_chain_method(policy: str) -> None:
    """X→A 60, A→B 60, B→A 30: the cycle does not stop propagation (and terminates)."""
    data = complete([h("X", "A", "60"), h("A", "B", "60"), h("B", "A", "30")])
    got = caught(run(data, policy))
    assert got == expect(policy, {"A": AFF, "B": AFF}, {"A": AFF}, {"A": AFF, "B": AFF})


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_cycle_away_from_listed_parties_is_ignored(policy: str) -> None:
    """A→B 100, B→A 100 with no listed owner: nothing, whatever the look-through."""
    assert caught(run([h("A", "B", "100"), h("B", "A", "100"), h("X", "C", "10"), h("P", "C", "90")], policy)) == {"X": "listed"}


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_psc_band_25_to_50(policy: str) -> None:
    """A PSC band (25, 50]: could be 50 (possible under >=), never more than 50 (nothing under >)."""
    got = run(complete([band("X", "A", "25", "50")]), policy)
    if policy == "uk":
        assert caught(got) == {"X": "listed"}
    else:
        assert got["A"].status == POSS
        assert got["A"].reasons == ("range",)
        assert (got["A"].share_min, got["A"].share_max) == (25_000_000, 50_000_000)


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_psc_band_50_to_75_is_certainly_more_than_half(policy: str) -> None:
    """(50, 75] is > 50 for certain, so even the strict UK test holds."""
    assert run(complete([band("X", "A", "50", "75")]), policy)["A"].status == AFF


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_two_listed_holders_in_the_25_to_50_band(policy: str) -> None:
    """Two listed holders each (25, 50]: together certainly > 50 where stakes aggregate."""
    got = run([band("X", "A", "25", "50"), band("Y", "A", "25", "50")], policy, listed=("X", "Y"))
    if policy in AGG:
        assert got["A"].status == AFF
    elif policy == "uk":
        assert got["A"].status == POSS  # each alone: at most 50 plus the unaccounted capital
        assert "unknown_remainder" in got["A"].reasons
    else:
        assert got["A"].status == POSS
        assert got["A"].reasons == ("range",)


def test_two_band_holders_are_certain_even_under_strict_aggregate() -> None:
    """Exclusive minimums: 25+ and 25+ is more than 50, so a '>' aggregating policy catches it."""
    strict = Policy("strict", frozenset({"cn-mofcom-watch"}), strict=True)
    got = run([band("X", "A", "25", "50"), band("Y", "A", "25", "50")], strict, listed=("X", "Y"))
    assert got["A"].status == AFF
    inclusive = [band("X", "A", "25", "50", min_exclusive=False), band("Y", "A", "25", "50", min_exclusive=False)]
    assert run(inclusive, strict, listed=("X", "Y"))["A"].status == POSS
