"""A caught entity's path names every owner that adds up to the threshold (one leg per owner)."""

from __future__ import annotations

from partyscreen.ownership import HoldingTable, Listing, compute_affiliates, compute_affiliates_table
from partyscreen.ownership.model import parse_path, render_path
from partyscreen.ownership.paths import MAX_LEGS
from tests.ownership.factory import D, band, complete, h


def test_aggregate_affiliate_path_shows_every_leg() -> None:
    """X 30% direct + X 50%-> A 20%: both stakes make the 50%, so both legs are in the path."""
    data = complete([h("X", "B", "30"), h("X", "A", "50"), h("A", "B", "20")])
    got = compute_affiliates(data, [Listing("X", "us-ofac-sdn")], "ofac", D)
    assert got["B"].status == "affiliate"
    assert got["B"].path_text == "X -30%-> B + X -50%-> A -20%-> B"
    assert got["B"].depth == 1  # the shortest path is still the depth


def test_single_owner_path_goes_through_the_owner_that_counts() -> None:
    """C: 10% held by X directly (the shortest path), 60% by X's affiliate A: the path shows A's 60%."""
    data = complete([h("X", "C", "10"), h("X", "A", "100"), h("A", "C", "60")])
    got = compute_affiliates(data, [Listing("X", "us-ofac-sdn")], "ofac", D)
    assert got["C"].path_text == "X -100%-> A -60%-> C"


def test_possible_affiliate_legs_use_upper_bounds_and_stop_at_the_threshold() -> None:
    data = complete([band("X", "D", "25", "40"), h("X", "E", "100"), h("E", "D", "10"), h("X", "F", "100"), h("F", "D", "5")])
    got = compute_affiliates(data, [Listing("X", "us-ofac-sdn")], "ofac", D)
    assert got["D"].status == "possible_affiliate"
    assert got["D"].path_text == "X ->25-40%-> D + X -100%-> E -10%-> D"  # F's 5% is not needed


def test_bulk_rows_and_records_render_the_same_legs_with_names() -> None:
    data = complete([h("X", "B", "30"), h("X", "A", "50"), h("A", "B", "20")])
    table = HoldingTable.from_holdings(data)
    result = compute_affiliates_table(table, [Listing("X", "us-ofac-sdn")], "ofac", D)
    names = {"X": "Xylo Group", "A": "Alpha Ltd", "B": "Beta GmbH"}
    row = next(r for r in result.iter_rows(names=names) if r["entity_id"] == "B")
    assert row["path"] == "Xylo Group [X] -30%-> Beta GmbH [B] + Xylo Group [X] -50%-> Alpha Ltd [A] -20%-> Beta GmbH [B]"
    assert row["path_ids"] == "X -30%-> B + X -50%-> A -20%-> B"
    assert parse_path(row["path_ids"]) == (((("", "X"), ("30%", "B")), (("", "X"), ("50%", "A"), ("20%", "B"))), 0)


def test_legs_are_capped_with_a_count() -> None:
    owners = [f"O{i:02d}" for i in range(MAX_LEGS + 5)]
    data = [h(o, "T", "2") for o in owners] + [h("P", "T", str(100 - 2 * len(owners)))]
    listings = [Listing(o, "us-ofac-sdn") for o in owners]
    got = compute_affiliates(data, listings, "ofac", D)
    assert got["T"].status == "possible_affiliate" or got["T"].status == "affiliate" or "T" not in got
    rows = compute_affiliates_table(HoldingTable.from_holdings(data), listings, "ofac", D)
    legs, more = rows.path_legs(rows.graph.table.index_of("T"))
    assert len(legs) == MAX_LEGS and more == 5
    assert render_path(legs, more).endswith(" + 5 more")
    assert parse_path(render_path(legs, more)) == (legs, more)
