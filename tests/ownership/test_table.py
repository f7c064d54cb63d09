"""The array-level fast path: columns in, the same answers as the record path."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from partyscreen.ownership import NO_END, NO_START, HoldingTable, Listing, compute_affiliates, compute_affiliates_table
from tests.ownership.factory import D, band, complete, h


def records() -> list:  # type: ignore[type-arg]
    return complete([h("X", "A", "50"), h("X", "B", "10"), h("A", "B", "40"), band("B", "C", "50", "75"),
                     h("C", "D", "60", end_date=date(2025, 1, 1))])


def test_columns_match_records() -> None:
    data = records()
    ids = sorted({x.owner_id for x in data} | {x.owned_id for x in data})
    index = {e: i for i, e in enumerate(ids)}
    table = HoldingTable(
        ids=ids,
        owner=np.array([index[x.owner_id] for x in data]),
        owned=np.array([index[x.owned_id] for x in data]),
        relation=np.zeros(len(data), dtype=np.int8),
        share_min=np.array([x.share_min for x in data]),
        share_max=np.array([x.share_max for x in data]),
        min_exclusive=np.array([x.min_exclusive for x in data]),
        end=np.array([x.end_date.toordinal() if x.end_date else NO_END for x in data]),
        start=np.full(len(data), NO_START),
    )
    listings = [Listing("X", "us-ofac-sdn")]
    fast = compute_affiliates_table(table, listings, "ofac", D)
    assert fast.affiliations() == compute_affiliates(data, listings, "ofac", D)
    assert fast.counts() == {"listed": 1, "affiliate": 3, "possible_affiliate": 0}
    rows = list(fast.iter_rows(names={"C": "C Ltd"}))
    assert [r["entity_id"] for r in rows] == ["X", "A", "B", "C"]
    assert rows[3] == {
        "entity_id": "C", "entity_name": "C Ltd", "status": "affiliate", "policy": "ofac", "as_of": "2026-01-01",
        "share_min": "50", "share_max": "75", "lookthrough": rows[3]["lookthrough"], "depth": "2", "roots": "X",
        "path": "X -10%-> B ->50-75%-> C Ltd [C]", "reasons": "", "path_ids": "X -10%-> B ->50-75%-> C",
    }


def test_in_force_mask_replaces_dates() -> None:
    table = HoldingTable.from_holdings([h("X", "A", "60"), h("P", "A", "40")])
    listings = [Listing("X", "us-ofac-sdn")]
    everything = compute_affiliates_table(table, listings, "ofac", D, in_force=np.array([True, True]))
    nothing = compute_affiliates_table(table, listings, "ofac", D, in_force=np.array([False, True]))
    assert everything.status[table.index_of("A")] == 2
    assert nothing.status[table.index_of("A")] == 0


def test_listed_root_without_holdings_is_reported() -> None:
    table = HoldingTable.from_holdings([h("P", "A", "100")])
    result = compute_affiliates_table(table, [Listing("LONE", "us-ofac-sdn")], "ofac", D)
    assert [r["entity_id"] for r in result.iter_rows()] == ["LONE"]
    assert result.counts()["listed"] == 1


def test_bad_columns_are_rejected() -> None:
    with pytest.raises(ValueError):
        HoldingTable(["A"], [0], [0, 1], [0], [1], [1])
    table = HoldingTable(["A", "B"], [0], [5], [0], [1], [1])
    with pytest.raises(ValueError):
        compute_affiliates_table(table, [], "ofac", D)
    table = HoldingTable(["A", "B"], [0], [1], [0], [60_000_000], [50_000_000])
    with pytest.raises(ValueError):
        compute_affiliates_table(table, [], "ofac", D)


def test_bad_records_are_rejected() -> None:
    from partyscreen.ownership import Holding

    with pytest.raises(ValueError):
        HoldingTable.from_holdings([Holding("A", "B", "owns")])
    with pytest.raises(ValueError):
        HoldingTable.from_holdings([Holding("A", "B", share_min=50_000_000, share_max=50_000_000, min_exclusive=True)])


def test_rows_can_cap_the_roots_column() -> None:
    data = complete([h("X", "A", "20"), h("Y", "A", "20"), h("Z", "A", "20")])
    table = HoldingTable.from_holdings(data)
    listings = [Listing(e, "us-ofac-sdn") for e in ("X", "Y", "Z")]
    result = compute_affiliates_table(table, listings, "ofac", D)
    row = next(r for r in result.iter_rows(max_roots=2) if r["entity_id"] == "A")
    assert row["roots"] == "X;Y;+1 more"
    assert row["share_min"] == "60" and row["status"] == "affiliate"
    full = next(r for r in result.iter_rows() if r["entity_id"] == "A")
    assert full["roots"] == "X;Y;Z"
