"""Explanations: ownership tree upward (cycle-safe, depth-limited) and the proof."""

from __future__ import annotations

import json

import pytest

from partyscreen.errors import NotFound
from partyscreen.ownership import Listing, explain
from tests.ownership.factory import D, complete, h


def example_2() -> list:  # type: ignore[type-arg]
    return complete([h("X", "A", "50"), h("X", "B", "50"), h("A", "C", "25"), h("B", "C", "25")])


def test_proof_lists_the_owners_that_add_up_and_their_paths() -> None:
    exp = explain(example_2(), [Listing("X", "us-ofac-sdn")], "ofac", D, "C")
    assert exp.status == "affiliate"
    assert exp.proof_measure == "shareholding"
    assert [(p.contribution.owner_id, p.contribution.share_text, p.path) for p in exp.proof] == [
        ("A", "25%", "X -50%-> A"),
        ("B", "25%", "X -50%-> B"),
    ]
    text = exp.render_text()
    assert "C: affiliate under ofac" in text
    assert "A [affiliate] holds 25% via X -50%-> A" in text
    json.dumps(exp.to_dict())


def test_proof_takes_the_fewest_largest_owners() -> None:
    data = complete([h("X", "A", "60"), h("X", "B", "100"), h("B", "A", "10")])
    exp = explain(data, [Listing("X", "us-ofac-sdn")], "ofac", D, "A")
    assert [p.contribution.owner_id for p in exp.proof] == ["X"]


def test_tree_is_cycle_safe_and_depth_limited() -> None:
    data = complete([h("X", "A", "40"), h("A", "B", "100"), h("B", "A", "25")])
    exp = explain(data, [Listing("X", "us-ofac-sdn")], "ofac", D, "A", max_depth=5)
    b = next(o for o in exp.owners if o.entity_id == "B")
    assert b.owners[0].entity_id == "A" and b.owners[0].note == "cycle"
    chain = [h(f"E{i}", f"E{i + 1}", "100") for i in range(10)]
    deep = explain(chain, [Listing("E0", "us-ofac-sdn")], "ofac", D, "E10", max_depth=3)
    node = deep.owners[0]
    assert node.owners[0].owners[0].note == "depth limit"
    assert deep.affiliation is not None and deep.affiliation.depth == 10


def test_possible_affiliate_explains_its_reasons() -> None:
    exp = explain(complete([h("X", "A", "40"), h("A", "B", "100"), h("B", "A", "25")]), [Listing("X", "us-ofac-sdn")], "ofac", D, "A")
    assert exp.status == "possible_affiliate"
    assert "possible because: lookthrough" in exp.render_text()
    assert "look-through ownership: 53.333333%" in exp.render_text()
    assert exp.to_dict()["affiliation"]["reasons"] == ["lookthrough"]  # type: ignore[index]


def test_uncaught_and_listed_entities() -> None:
    exp = explain([h("X", "A", "10"), h("P", "A", "90")], [Listing("X", "us-ofac-sdn")], "ofac", D, "A")
    assert exp.status is None and exp.proof == []
    assert "A: not caught" in exp.render_text()
    listed = explain([], [Listing("X", "us-ofac-sdn")], "ofac", D, "X")
    assert listed.status == "listed"
    assert "listed: X on us-ofac-sdn" in listed.render_text()


def test_unknown_entity() -> None:
    from partyscreen.ownership import compute_affiliates_table, explain_result, HoldingTable

    table = HoldingTable.from_holdings([h("X", "A", "60")])
    result = compute_affiliates_table(table, [Listing("X", "us-ofac-sdn")], "ofac", D)
    with pytest.raises(NotFound):
        explain_result(result, "nobody")
