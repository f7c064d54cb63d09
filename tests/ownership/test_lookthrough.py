"""Look-through: exact at the threshold, conservative where it cannot prove, quiet elsewhere."""

from __future__ import annotations

import pytest

from partyscreen.ownership import lookthrough
from partyscreen.ownership import Listing, Policy, compute_affiliates
from tests.ownership.factory import D, complete, control, h, run


def test_exactly_at_threshold_is_decided_exactly() -> None:
    """t(A) = 50% exactly: not more than 50 (uk), and the float iteration alone cannot tell."""
    got = run(complete([h("X", "A", "50")]), "uk")
    assert "A" not in got


def test_undecidable_within_limits_is_flagged_conservatively(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the exact solver disallowed, a value at the threshold is flagged, never silently dropped."""
    monkeypatch.setattr(lookthrough, "EXACT_LIMIT", 0)
    got = run(complete([h("X", "A", "50")]), "uk")
    assert got["A"].status == "possible_affiliate"
    assert got["A"].reasons == ("lookthrough",)


def test_inconsistent_capital_is_flagged_conservatively() -> None:
    """A owned 110% (bad data) in a cycle: integrated ownership is unbounded, so the flag is raised."""
    got = run([h("X", "A", "10"), h("A", "B", "100"), h("B", "A", "100")], "ofac")
    assert got["A"].status == "possible_affiliate"


def test_cycle_value_is_exact_fraction() -> None:
    """X→A 40, A→B 100, B→A 25: 0.4 / 0.75 = 53.333333...%, reported to the unit."""
    got = run(complete([h("X", "A", "40"), h("A", "B", "100"), h("B", "A", "25")]), "ofac")
    assert (got["A"].lookthrough_min, got["A"].lookthrough_max) == (53_333_333, 53_333_333)


def test_below_threshold_chains_are_not_flagged() -> None:
    """Multiplied-through 60% x 60% = 36%: not flagged; the chain method catches both anyway."""
    got = run(complete([h("X", "A", "60"), h("A", "B", "60")]), "ofac")
    assert got["B"].status == "affiliate" and got["B"].reasons == ()
    quiet = run(complete([h("X", "A", "45"), h("A", "B", "60"), h("X", "B", "20")]), "ofac")
    assert "B" not in quiet  # 20 + 0.45 * 60 = 47


def test_per_party_lookthrough_uses_each_root_alone() -> None:
    """UK: X and Y each reach 30% + 30% x ... only together; per person the flag must not fire."""
    data = complete([h("X", "A", "30"), h("Y", "A", "30"), h("A", "B", "100"), h("B", "A", "10")])
    got = run(data, "uk", listed=("X", "Y"))
    assert "A" not in got
    agg = run(data, "ofac", listed=("X", "Y"))
    assert agg["A"].status == "affiliate"


def test_per_party_conservative_mode_keeps_certain_answers_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the per-party budget, possible answers may only grow (reason ``aggregate``); certain ones do not change."""
    from partyscreen.ownership import engine

    data = complete([h("X", "A", "30"), h("Y", "A", "30"), h("X", "B", "60"), h("B", "C", "60")])
    exact = run(data, "uk", listed=("X", "Y"))
    assert {k: a.status for k, a in exact.items() if not k.startswith("P:")} == {
        "X": "listed", "Y": "listed", "B": "affiliate", "C": "affiliate"}
    monkeypatch.setattr(engine, "PER_PARTY_BUDGET", 0)
    loose = run(data, "uk", listed=("X", "Y"))
    assert {k: a.status for k, a in loose.items() if a.status != "possible_affiliate"} == {
        k: a.status for k, a in exact.items()}
    assert loose["A"].status == "possible_affiliate"
    assert loose["A"].reasons == ("aggregate",)
    assert [r.entity_id for r in loose["C"].roots] == ["X"]


def test_conservative_pass_keeps_the_reason_of_a_cycle_one_party_brings_in(monkeypatch) -> None:
    """X controls A; A and B hold 60% of each other. Under a per-party policy, exact or
    conservative, both are possible because of X's control: ``control``, not ``aggregate``."""
    from partyscreen.ownership import engine

    data = [control("X", "A"), h("A", "B", "60"), h("B", "A", "60")]
    policy = Policy("per-party", frozenset({"l1"}), aggregate=False)
    exact = compute_affiliates(data, [Listing("X", "l1")], policy, D)
    monkeypatch.setattr(engine, "PER_PARTY_BUDGET", -1)
    monkeypatch.setattr(lookthrough, "PER_ROOT_LIMIT", -1)
    loose = compute_affiliates(data, [Listing("X", "l1")], policy, D)
    for got in (exact, loose):
        assert (got["A"].status, got["A"].reasons) == ("possible_affiliate", ("control",))
        assert (got["B"].status, got["B"].reasons) == ("possible_affiliate", ("control",))


def test_per_root_lookthrough_limit_falls_back_to_the_aggregate_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Too many per-root candidates: the aggregate look-through (an upper bound) decides, conservatively."""
    monkeypatch.setattr(lookthrough, "PER_ROOT_LIMIT", 0)
    data = complete([h("X", "A", "30"), h("Y", "A", "30"), h("A", "B", "100"), h("B", "A", "10")])
    got = run(data, "uk", listed=("X", "Y"))
    assert got["A"].status == "possible_affiliate"


def test_per_party_root_holds_nothing_of_a_cycle_only_other_roots_reach() -> None:
    """Per party, > 25%: A (listed) and E own each other 100%; B (listed) holds 25% of X, E 25%
    and P the other 50%. B's own integrated share of X is exactly 25%: the A-E cycle is closed to
    B (its value under B is 0, not "not provably convergent"), so X is not flagged under B, and
    under A it is 25% too: X is not caught at all."""
    from partyscreen.ownership import Listing, Policy
    from tests.ownership.factory import D
    from tests.ownership.reference import reference

    pol = Policy("per-party-25", frozenset({"l1"}), threshold=25_000_000, strict=True, aggregate=False)
    data = [h("E", "X", "25"), h("B", "X", "25"), h("P", "X", "50"), h("A", "E", "100"), h("E", "A", "100")]
    entries = [Listing("A", "l1"), Listing("B", "l1")]
    got = run(data, pol, listings=entries)
    assert "X" not in got
    assert {k: a.status for k, a in got.items()} == {k: a.status for k, a in reference(data, entries, pol, D).items()}
