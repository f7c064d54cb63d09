"""Which entities form one listed party (``partyscreen.ownership.parties``), and the engine on a
holding table whose members were merged the way the store merges them."""

from __future__ import annotations

from datetime import date

from partyscreen.ownership import Holding, HoldingTable, Listing, compute_affiliates_table, get_policy
from partyscreen.ownership.parties import PartyLink, PartyMap
from partyscreen.shares import HUNDRED_PERCENT
from partyscreen.store.ownership_data import _as_parties

PCT = HUNDRED_PERCENT // 100


def _link(own: str, entity: str, entry: str = "") -> PartyLink:
    list_id, _, entry_id = own.partition(":")
    return PartyLink(list_id, entry or entry_id, own, entity, "name", 91.0, "", "alice", date(2026, 1, 2), "checked")


def test_an_entry_linked_to_a_registry_entity_is_one_party_named_by_the_entity():
    parties = PartyMap.from_links([_link("mofcom:06", "lei:GD")])
    assert parties.of("mofcom:06") == "lei:GD" and parties.of("lei:GD") == "lei:GD"
    assert parties.group("mofcom:06") == ("lei:GD", "mofcom:06")
    assert parties.merged() == {"mofcom:06": "lei:GD"}
    assert parties.of("other") == "other" and parties.group("other") == ("other",)
    assert "accepted by alice on 2026-01-02" in parties.links_of("mofcom:06")[0].describe()


def test_entries_of_two_lists_linked_to_one_entity_are_one_party():
    parties = PartyMap.from_links([_link("mofcom:06", "lei:GD"), _link("uel:12", "lei:GD")])
    assert parties.group("uel:12") == ("lei:GD", "mofcom:06", "uel:12")
    assert len(parties.links_of("lei:GD")) == 2


def test_links_chain_through_an_entry_linked_to_another_entrys_entity():
    # entry A is linked to B's own entity, and B to the registry entity: one party, named by it
    parties = PartyMap.from_links([_link("l1:A", "l2:B"), _link("l2:B", "lei:R")])
    assert {parties.of(e) for e in ("l1:A", "l2:B", "lei:R")} == {"lei:R"}
    # a cycle of links has no member without a link leading away: the lowest id names it
    cycle = PartyMap.from_links([_link("l1:A", "l2:B"), _link("l2:B", "l1:A")])
    assert cycle.of("l2:B") == "l1:A"


def test_no_links_is_an_empty_map():
    parties = PartyMap.from_links([])
    assert not parties and parties.merged() == {} and parties.of("x") == "x"


def test_holdings_of_both_members_add_up_and_a_holding_inside_the_party_is_dropped():
    # entry entity P holds 30% of D, the registry entity R holds another 30%, R holds 100% of P
    holdings = [Holding.exact("P", "D", 30 * PCT), Holding.exact("R", "D", 30 * PCT), Holding.exact("R", "P", 100 * PCT)]
    table = HoldingTable.from_holdings(holdings, extra_ids=["R"])
    merged = _as_parties(table, {table.index_of("P"): table.index_of("R")})
    assert len(merged) == 2  # R -> P is inside the party
    policy = get_policy("mofcom-61").with_lists(["l"])
    result = compute_affiliates_table(merged, [Listing("R", "l")], policy, date(2026, 1, 1))
    found = result.affiliations()
    assert found["D"].status == "affiliate" and found["D"].share_min == 60 * PCT  # exactly 60%
    assert "P" not in found
    # unmerged (and without R's stake in P), the 30% held by the unlisted P does not count
    apart = HoldingTable.from_holdings(holdings[:2], extra_ids=["R"])
    alone = compute_affiliates_table(apart, [Listing("R", "l")], policy, date(2026, 1, 1))
    assert alone.affiliations()["D"].status == "possible_affiliate" and alone.affiliations()["D"].share_min == 30 * PCT
