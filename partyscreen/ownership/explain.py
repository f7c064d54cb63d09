"""Why an entity is (or is not) treated like a listed party: ownership tree and proof.

The explanation has two parts:

* the ownership tree upward: every in-force holding into the entity, then into each owner, with
  shares and statuses, cut at ``max_depth`` levels and wherever an entity repeats on its own
  branch (a cycle), and at :data:`MAX_OWNERS` owners per entity;
* the proof, if caught: the fewest caught owners whose stakes (largest first) add up to the
  threshold — lower bounds for an affiliate, upper bounds for a possible affiliate — with each
  owner's path back to a listed root, plus the reasons a possible affiliate is only possible.
  These owners are the legs of the entity's ``path`` in ``affiliates`` and ``screen`` output
  (one rule: :func:`~partyscreen.ownership.paths.proof_legs`).

Given entity names (``names``), every entity is shown as ``Name [id]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

import numpy as np

from partyscreen.errors import NotFound
from partyscreen.ownership.engine import compute_affiliates_table
from partyscreen.ownership.result import STATUS_NAMES, AffiliateResult, _edge_text, _listed
from partyscreen.ownership.model import (
    BRANCH, CONTROL, LISTED, POSSIBLE, RELATIONS, Affiliation, Contribution, Holding, Listing, entity_label, render_path,
)
from partyscreen.ownership.paths import proof_legs
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

    def to_dict(self, names: Mapping[str, str] | None = None) -> dict[str, object]:
        """JSON-ready nested dict."""
        return {
            "entity_id": self.entity_id, "name": (names or {}).get(self.entity_id), "status": self.status,
            "relation": self.relation, "share": self.share,
            "note": self.note or None, "owners": [o.to_dict(names) for o in self.owners],
        }


@dataclass
class ProofLine:
    """One owner that counts towards the threshold, with its path to a listed root."""

    contribution: Contribution
    path: str
    """The owner's own path to a root, with ids."""
    hops: tuple[tuple[str, str], ...] = ()
    """The same path as ``(share, entity_id)`` hops (for rendering with names)."""


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
    names: dict[str, str] = field(default_factory=dict)
    """Entity id -> name, for every entity shown (may be empty: ids only)."""
    notes: list[str] = field(default_factory=list)
    """What the data says beside the graph: list-entry links, parents or owners not reported."""

    def label(self, entity_id: str) -> str:
        """``Name [id]``, or the id when its name is not known."""
        return entity_label(entity_id, self.names.get(entity_id))

    def ids(self) -> set[str]:
        """Every entity id the explanation mentions (to look their names up)."""
        found = {self.entity_id}
        if self.affiliation is not None:
            found.update(r.entity_id for r in self.affiliation.roots)
            found.update(e for leg in self.affiliation.path_legs for _, e in leg)
        for p in self.proof:
            found.add(p.contribution.owner_id)
            found.update(e for _, e in p.hops)
        stack = list(self.owners)
        while stack:
            node = stack.pop()
            found.add(node.entity_id)
            stack.extend(node.owners)
        return found

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (``--format json``): ids everywhere, names beside them (``null`` if unknown);
        ``path`` with names and ids, ``path_ids`` with ids only."""
        names = self.names
        affiliation = self.affiliation.to_dict() if self.affiliation else None
        if affiliation is not None and self.affiliation is not None:
            affiliation["path_ids"] = affiliation["path"]
            affiliation["path"] = self.affiliation.path_with_names(names)
            for root in affiliation["roots"]:  # type: ignore[union-attr]
                root["name"] = names.get(root["entity_id"])  # type: ignore[index]
            for owner in affiliation["owners"]:  # type: ignore[union-attr]
                owner["owner_name"] = names.get(owner["owner_id"])  # type: ignore[index]
        return {
            "entity_id": self.entity_id,
            "entity_name": names.get(self.entity_id),
            "policy": self.policy,
            "policy_summary": self.policy_summary,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "affiliation": affiliation,
            "proof": {
                "measure": self.proof_measure or None,
                "owners": [
                    {"owner_id": p.contribution.owner_id, "owner_name": names.get(p.contribution.owner_id),
                     "owner_status": p.contribution.owner_status, "relation": p.contribution.relation,
                     "share": p.contribution.share_text, "path": self._path(p), "path_ids": p.path}
                    for p in self.proof
                ],
            },
            "owners": [o.to_dict(names) for o in self.owners],
            "omitted_owners": self.omitted_owners,
            "notes": list(self.notes),
        }

    def _path(self, line: ProofLine) -> str:
        """A proof line's path with names."""
        return render_path((line.hops,), 0, self.names) if line.hops else line.path

    def render_text(self) -> str:
        """A terminal rendering: verdict, proof, then the ownership tree."""
        lines = [f"{self.label(self.entity_id)}: {self.status or 'not caught'} under {self.policy_summary}",
                 f"as of {self.as_of.isoformat()}"]
        a = self.affiliation
        if a is not None:
            if a.status == LISTED:
                lines.append("listed: " + ", ".join(r.describe(self.names.get(r.entity_id, "")) for r in a.roots))
            else:
                lines.append(f"share held by listed parties and affiliates: {format_percent(a.share_min)}%"
                             + (f" (up to {format_percent(a.share_max)}%)" if a.share_max != a.share_min else ""))
                if a.lookthrough_text:
                    lines.append(f"look-through ownership: {a.lookthrough_text}%")
                if a.reasons:
                    lines.append("possible because: " + ", ".join(a.reasons))
                if a.roots:
                    lines.append("roots: " + ", ".join(r.describe(self.names.get(r.entity_id, "")) for r in a.roots))
                lines.append(f"path: {a.path_with_names(self.names)}")
        if self.proof:
            lines.append(f"proof ({self.proof_measure}):")
            for p in self.proof:
                c = p.contribution
                lines.append(f"  {self.label(c.owner_id)} [{c.owner_status}] holds {c.share_text} via {self._path(p)}")
        lines.append("owners:")
        if not self.owners:
            lines.append("  (no recorded owners in force)")
        for node in self.owners:
            self._render_node(node, 1, lines)
        lines.extend(self.notes)
        return "\n".join(lines)

    def _render_node(self, node: OwnerNode, level: int, lines: list[str]) -> None:
        """Indented tree lines."""
        status = f" [{node.status}]" if node.status else ""
        note = f" ({node.note})" if node.note else ""
        lines.append(f"{'  ' * level}<- {node.share} {self.label(node.entity_id)}{status}{note}")
        for child in node.owners:
            self._render_node(child, level + 1, lines)


def explain(
    holdings: Iterable[Holding], roots: Iterable[Listing], policy: Policy | str | None, as_of: date, entity_id: str,
    max_depth: int = 4,
) -> Explanation:
    """Compute and explain one entity from plain records (see :func:`explain_result`)."""
    listings = list(roots)
    table = HoldingTable.from_holdings(holdings, extra_ids=[l.entity_id for l in listings] + [entity_id])
    return explain_result(compute_affiliates_table(table, listings, policy, as_of), entity_id, max_depth)


def explain_result(
    result: AffiliateResult, entity_id: str, max_depth: int = 4, names: Mapping[str, str] | None = None
) -> Explanation:
    """Explain ``entity_id`` from a computed result (``names``: entity id -> name, optional).

    Raises:
        NotFound: the entity is neither in the holdings table nor a listed root.
    """
    pol = result.policy
    node = result.graph.table.index_of(entity_id)
    if node is None:
        for ref in result.outside_roots:
            if ref.entity_id == entity_id:
                return Explanation(entity_id, pol.name, pol.summary(), result.as_of, LISTED, _listed(ref), [], [],
                                   names=dict(names or {}))
        raise NotFound(f"entity {entity_id!r} is not in the ownership data")
    st = int(result.status[node])
    affiliation = result.affiliation(node) if st else None
    owners, omitted = _tree(result, node, max_depth)
    measure, proof = _proof(result, node, affiliation) if affiliation and affiliation.status != LISTED else ("", [])
    return Explanation(entity_id, pol.name, pol.summary(), result.as_of, STATUS_NAMES.get(st), affiliation, owners, proof,
                       measure, omitted, dict(names or {}))


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


def _proof(result: AffiliateResult, node: int, a: Affiliation) -> tuple[str, list[ProofLine]]:
    """Every leg of ``node``'s proof (see :func:`proof_legs`, no cap) and the measure that reaches the
    threshold (``partial`` when none does)."""
    g, pol = result.graph, result.policy
    _, edges, _ = proof_legs(g, pol, result.status, result.rootlike, np.array([node]), max_legs=None)
    chosen = [_contribution(result, int(e)) for e in edges.tolist()]
    lines = [ProofLine(c, _owner_path(result, c.owner_id), _owner_hops(result, c.owner_id)) for c in chosen]
    if not chosen:
        return "partial", lines
    if chosen[0].relation in (BRANCH, CONTROL):
        return chosen[0].relation, lines
    possible = a.status == POSSIBLE
    if possible:
        total, excl = sum(c.share_max for c in chosen), sum(c.max_exclusive for c in chosen)
        reached = possibly_reaches(total, excl, pol.threshold, pol.strict)
    else:
        total, excl = sum(c.share_min for c in chosen), sum(c.min_exclusive for c in chosen)
        reached = certainly_reaches(total, excl, pol.threshold, pol.strict)
    return (chosen[0].relation if reached else "partial"), lines


def _contribution(result: AffiliateResult, e: int) -> Contribution:
    """The proof row of one compiled edge."""
    g = result.graph
    return Contribution(
        g.table.ids[int(g.src[e])], STATUS_NAMES[int(result.status[g.src[e]])], RELATIONS[int(g.rel[e])],
        int(g.low[e]), int(g.high[e]), bool(g.low_x[e]), bool(g.high_x[e]),
    )


def _owner_hops(result: AffiliateResult, owner_id: str) -> tuple[tuple[str, str], ...]:
    """An owner's own path to a root as ``(share, entity_id)`` hops."""
    idx = result.graph.table.index_of(owner_id)
    return result.path_of(idx) if idx is not None else (("", owner_id),)


def _owner_path(result: AffiliateResult, owner_id: str) -> str:
    """``X -50%-> A`` for an owner (its own path to a root)."""
    return render_path((_owner_hops(result, owner_id),))
