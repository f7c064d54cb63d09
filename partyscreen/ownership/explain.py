"""Why an entity is (or is not) treated like a listed party: ownership tree and proof.

The explanation has two parts:

* the ownership tree upward: every in-force holding into the entity, then into each owner, with
  shares and statuses, cut at ``max_depth`` levels and wherever an entity repeats on its own
  branch (a cycle), and at :data:`MAX_OWNERS` owners per entity;
* the proof, if caught: the fewest caught owners whose stakes (largest first) add up to the
  threshold — lower bounds for an affiliate, upper bounds for a possible affiliate — with each
  owner's path back to a listed root, plus the reasons a possible affiliate is only possible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from partyscreen.errors import NotFound
from partyscreen.ownership.engine import compute_affiliates_table
from partyscreen.ownership.result import STATUS_NAMES, AffiliateResult, _edge_text, _listed
from partyscreen.ownership.model import (
    AFFILIATE, BRANCH, CONTROL, LISTED, RELATIONS, SHAREHOLDING, VOTING, Affiliation, Contribution, Holding, Listing,
)
from partyscreen.ownership.policies import Policy
from partyscreen.ownership.table import HoldingTable, OwnershipGraph
from partyscreen.ownership.thresholds import certainly_reaches, possibly_reaches
from partyscreen.shares import format_percent

MAX_OWNERS = 25
"""Owners shown per entity in the tree (the rest are counted)."""


@dataclass
class OwnerNode:
    """One owner in the tree: its holding in the child and its own owners."""

    entity_id: str
    status: str | None
    relation: str
    share: str
    owners: list["OwnerNode"] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready nested dict."""
        return {
            "entity_id": self.entity_id, "status": self.status, "relation": self.relation, "share": self.share,
            "note": self.note or None, "owners": [o.to_dict() for o in self.owners],
        }


@dataclass
class ProofLine:
    """One owner that counts towards the threshold, with its path to a listed root."""

    contribution: Contribution
    path: str


@dataclass
class Explanation:
    """Everything ``partyscreen explain`` shows for one entity."""

    entity_id: str
    policy: str
    policy_summary: str
    as_of: date
    status: str | None
    affiliation: Affiliation | None
    owners: list[OwnerNode]
    proof: list[ProofLine]
    proof_measure: str = ""
    omitted_owners: int = 0
    notes: list[str] = field(default_factory=list)  # what the data says beside the graph (links, unreported parents)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (``--format json``)."""
        return {
            "entity_id": self.entity_id,
            "policy": self.policy,
            "policy_summary": self.policy_summary,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "affiliation": self.affiliation.to_dict() if self.affiliation else None,
            "proof": {
                "measure": self.proof_measure or None,
                "owners": [
                    {"owner_id": p.contribution.owner_id, "owner_status": p.contribution.owner_status,
                     "relation": p.contribution.relation, "share": p.contribution.share_text, "path": p.path}
                    for p in self.proof
                ],
            },
            "owners": [o.to_dict() for o in self.owners],
            "omitted_owners": self.omitted_owners,
            "notes": list(self.notes),
        }

    def render_text(self) -> str:
        """A terminal rendering: verdict, proof, then the ownership tree."""
        lines = [f"{self.entity_id}: {self.status or 'not caught'} under {self.policy_summary}", f"as of {self.as_of.isoformat()}"]
        a = self.affiliation
        if a is not None:
            if a.status == LISTED:
                lines.append("listed: " + ", ".join(r.describe() for r in a.roots))
            else:
                lines.append(f"share held by listed parties and affiliates: {format_percent(a.share_min)}%"
                             + (f" (up to {format_percent(a.share_max)}%)" if a.share_max != a.share_min else ""))
                if a.lookthrough_text:
                    lines.append(f"look-through ownership: {a.lookthrough_text}%")
                if a.reasons:
                    lines.append("possible because: " + ", ".join(a.reasons))
                if a.roots:
                    lines.append("roots: " + ", ".join(r.describe() for r in a.roots))
        if self.proof:
            lines.append(f"proof ({self.proof_measure}):")
            for p in self.proof:
                c = p.contribution
                lines.append(f"  {c.owner_id} [{c.owner_status}] holds {c.share_text} via {p.path}")
        lines.append("owners:")
        if not self.owners:
            lines.append("  (no recorded owners in force)")
        for node in self.owners:
            _render_node(node, 1, lines)
        lines.extend(self.notes)
        return "\n".join(lines)


def _render_node(node: OwnerNode, level: int, lines: list[str]) -> None:
    """Indented tree lines."""
    status = f" [{node.status}]" if node.status else ""
    note = f" ({node.note})" if node.note else ""
    lines.append(f"{'  ' * level}<- {node.share} {node.entity_id}{status}{note}")
    for child in node.owners:
        _render_node(child, level + 1, lines)


def explain(
    holdings: Iterable[Holding], roots: Iterable[Listing], policy: Policy | str | None, as_of: date, entity_id: str,
    max_depth: int = 4,
) -> Explanation:
    """Compute and explain one entity from plain records (see :func:`explain_result`)."""
    listings = list(roots)
    table = HoldingTable.from_holdings(holdings, extra_ids=[l.entity_id for l in listings] + [entity_id])
    return explain_result(compute_affiliates_table(table, listings, policy, as_of), entity_id, max_depth)


def explain_result(result: AffiliateResult, entity_id: str, max_depth: int = 4) -> Explanation:
    """Explain ``entity_id`` from a computed result.

    Raises:
        NotFound: the entity is neither in the holdings table nor a listed root.
    """
    pol = result.policy
    node = result.graph.table.index_of(entity_id)
    if node is None:
        for ref in result.outside_roots:
            if ref.entity_id == entity_id:
                return Explanation(entity_id, pol.name, pol.summary(), result.as_of, LISTED, _listed(ref), [], [])
        raise NotFound(f"entity {entity_id!r} is not in the ownership data")
    st = int(result.status[node])
    affiliation = result.affiliation(node) if st else None
    owners, omitted = _tree(result, node, max_depth)
    measure, proof = _proof(result, affiliation) if affiliation and affiliation.status != LISTED else ("", [])
    return Explanation(entity_id, pol.name, pol.summary(), result.as_of, STATUS_NAMES.get(st), affiliation, owners, proof, measure, omitted)


def _tree(result: AffiliateResult, node: int, max_depth: int) -> tuple[list[OwnerNode], int]:
    """The owners of ``node`` upward, cycle-safe and depth-limited; also how many owners were cut."""
    g, ids = result.graph, result.graph.table.ids
    omitted = 0

    def owners_of(v: int, level: int, on_path: frozenset[int]) -> list[OwnerNode]:
        nonlocal omitted
        edges = sorted(g.in_edges(v).tolist(), key=lambda e: (-int(g.high[e]), -int(g.low[e]), ids[int(g.src[e])]))
        if len(edges) > MAX_OWNERS:
            omitted += len(edges) - MAX_OWNERS
            edges = edges[:MAX_OWNERS]
        out = []
        for e in edges:
            u = int(g.src[e])
            st = STATUS_NAMES.get(int(result.status[u]))
            child = OwnerNode(ids[u], st, _relation(g, e), _edge_text(g, e))
            if u in on_path:
                child.note = "cycle"
            elif level >= max_depth:
                child.note = "depth limit" if len(g.in_edges(u)) else ""
            else:
                child.owners = owners_of(u, level + 1, on_path | {u})
            out.append(child)
        return out

    return owners_of(node, 1, frozenset({node})), omitted


def _relation(g: OwnershipGraph, e: int) -> str:
    """Relation name of a compiled edge."""
    return RELATIONS[int(g.rel[e])]


def _proof(result: AffiliateResult, a: Affiliation) -> tuple[str, list[ProofLine]]:
    """The fewest contributing owners (largest first) that reach the threshold, on the first measure that does."""
    pol = result.policy
    possible = a.status != AFFILIATE
    contributions = [c for c in a.owners if possible or c.owner_status in (LISTED, AFFILIATE)]
    measures = [BRANCH] + ([CONTROL] if pol.count_control or possible else []) + [SHAREHOLDING]
    measures += [VOTING] if pol.count_voting or possible else []
    for measure in measures:
        chosen = _prefix(pol, [c for c in contributions if c.relation == measure], possible)
        if chosen:
            return measure, [ProofLine(c, _owner_path(result, c.owner_id)) for c in chosen]
    shares = [c for c in contributions if c.relation == SHAREHOLDING]
    return "partial", [ProofLine(c, _owner_path(result, c.owner_id)) for c in shares]


def _prefix(pol: Policy, rows: list[Contribution], possible: bool) -> list[Contribution]:
    """The shortest largest-first prefix of ``rows`` reaching the threshold (empty if none does)."""
    if rows and rows[0].relation in (BRANCH, CONTROL):
        return rows[:1]
    rows = sorted(rows, key=lambda c: -(c.share_max if possible else c.share_min))
    total = excl = 0
    for i, c in enumerate(rows):
        if possible:
            total, excl = total + c.share_max, excl + c.max_exclusive
            if possibly_reaches(total, excl, pol.threshold, pol.strict):
                return rows[: i + 1]
        else:
            total, excl = total + c.share_min, excl + c.min_exclusive
            if certainly_reaches(total, excl, pol.threshold, pol.strict):
                return rows[: i + 1]
    return []


def _owner_path(result: AffiliateResult, owner_id: str) -> str:
    """``X -50%-> A`` for an owner (its own path to a root)."""
    idx = result.graph.table.index_of(owner_id)
    if idx is None:
        return owner_id
    hops = result.path_of(idx)
    parts = [hops[0][1]] + [f"-{share}-> {eid}" for share, eid in hops[1:]]
    return " ".join(parts)
