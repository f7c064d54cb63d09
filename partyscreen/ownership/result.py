"""The engine's answer as per-entity arrays, and its rendering into records and output rows.

An :class:`AffiliateResult` holds status, reasons and share bounds for every entity index; the
explanation data (paths, roots, contributing owners) is computed on first use, and
:meth:`AffiliateResult.iter_rows` renders the ``affiliates`` output contract of ``design.md``
without building a record per entity.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator, Mapping, NamedTuple

import numpy as np

from partyscreen.ownership.lookthrough import LookthroughResult
from partyscreen.ownership.model import (
    AFFILIATE, LEG_SEPARATOR, LISTED, POSSIBLE, REASONS, RELATIONS, Affiliation, Contribution, Legs, RootRef,
    entity_label, parse_path, render_lookthrough, render_path, render_share,
)
from partyscreen.ownership.paths import (
    ST_AFFILIATE, ST_LISTED, ST_NONE, ST_POSSIBLE, RootSets, contributing, proof_legs, shortest_paths,
)
from partyscreen.ownership.policies import Policy
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, REL_VOTING, OwnershipGraph
from partyscreen.shares import HUNDRED_PERCENT, format_percent

STATUS_NAMES = {ST_POSSIBLE: POSSIBLE, ST_AFFILIATE: AFFILIATE, ST_LISTED: LISTED}


@dataclass
class AffiliateResult:
    """Per-entity arrays (size N, indexed like ``graph.table.ids``) for one policy and date.

    Attributes:
        status: 0 not caught, 1 possible affiliate, 2 affiliate, 3 listed.
        reasons: bit mask over :data:`~partyscreen.ownership.model.REASONS` (possible only).
        share_min / share_max: aggregate share bounds in units (see :class:`Affiliation`).
        roots: the listed roots by index; ``outside_roots`` are listed entities with no holdings
            in the table (reported as ``listed``, they cannot own anything here).
        timings: seconds per step, for benchmarks.
        conservative_per_party: a per-party policy's possible answers came from the conservative
            single pass (see ``_per_party_conservative``); certain answers are exact regardless.
    """

    graph: OwnershipGraph
    policy: Policy
    as_of: date
    roots: dict[int, RootRef]
    outside_roots: list[RootRef]
    status: np.ndarray
    reasons: np.ndarray
    share_min: np.ndarray
    share_max: np.ndarray
    rootlike: np.ndarray
    lookthrough: LookthroughResult
    group_roots: dict[int, list[int]] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    conservative_per_party: bool = False
    _paths: tuple[np.ndarray, np.ndarray] | None = None
    _root_sets: RootSets | None = None
    _legs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    @property
    def ids(self) -> list[str] | object:
        """Entity ids by index."""
        return self.graph.table.ids

    def caught(self) -> np.ndarray:
        """Indices of every listed, affiliate and possible-affiliate entity."""
        return np.flatnonzero(self.status > ST_NONE)

    def counts(self) -> dict[str, int]:
        """How many entities have each status."""
        values = np.bincount(self.status, minlength=4)
        return {
            LISTED: int(values[ST_LISTED]) + len(self.outside_roots),
            AFFILIATE: int(values[ST_AFFILIATE]),
            POSSIBLE: int(values[ST_POSSIBLE]),
        }

    def paths(self) -> tuple[np.ndarray, np.ndarray]:
        """``(depth, parent_edge)`` arrays (computed on first use)."""
        if self._paths is None:
            started = time.perf_counter()
            self._paths = shortest_paths(self.graph, self.policy, self.status, self.rootlike)
            self.timings["paths"] = time.perf_counter() - started
        return self._paths

    def root_indices(self, node: int) -> list[int]:
        """The roots ``node`` traces to (sorted indices)."""
        if self.status[node] == ST_LISTED:
            return [node]
        if self.group_roots is not None and (node in self.group_roots or not self.conservative_per_party):
            return sorted(self.group_roots.get(node, []))
        return self._ensure_root_sets().of(node)

    def _ensure_root_sets(self) -> RootSets:
        """Compute the root bitsets on first use."""
        if self._root_sets is None:
            started = time.perf_counter()
            self._root_sets = RootSets(self.graph, self.policy, self.status, self.rootlike)
            self.timings["root_sets"] = time.perf_counter() - started
        return self._root_sets

    def path_of(self, node: int) -> tuple[tuple[str, str], ...]:
        """The path from a root to ``node`` as ``(("", root_id), (share_text, entity_id), ...)``."""
        _, parent = self.paths()
        g, ids = self.graph, self.graph.table.ids
        hops: list[tuple[str, str]] = []
        seen = set()
        while node not in seen:
            seen.add(node)
            e = int(parent[node])
            if e < 0:
                hops.append(("", ids[node]))
                break
            hops.append((_edge_text(g, e), ids[node]))
            node = int(g.src[e])
        return tuple(reversed(hops))

    def legs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(slot, ptr, edges, more)``: each caught, non-listed entity's proof legs (computed on
        first use, see :func:`~partyscreen.ownership.paths.proof_legs`); ``slot`` maps an entity
        index to its row (``-1``: none)."""
        if self._legs is None:
            started = time.perf_counter()
            nodes = np.flatnonzero((self.status > ST_NONE) & (self.status != ST_LISTED))
            ptr, edges, more = proof_legs(self.graph, self.policy, self.status, self.rootlike, nodes)
            slot = np.full(self.graph.n, -1, dtype=np.int64)
            slot[nodes] = np.arange(len(nodes))
            self._legs = (slot, ptr, edges, more)
            self.timings["legs"] = time.perf_counter() - started
        return self._legs

    def legs_of(self, node: int) -> tuple[list[int], int]:
        """The holdings (compiled edge indices) proving ``node`` caught, and how many were left out."""
        slot, ptr, edges, more = self.legs()
        i = int(slot[node])
        if i < 0:
            return [], 0
        return edges[ptr[i]:ptr[i + 1]].tolist(), int(more[i])

    def path_legs(self, node: int) -> tuple[Legs, int]:
        """The path of ``node`` as legs (each a root-to-``node`` chain of ``(share, entity_id)``
        hops, the root's share empty), and the number of legs left out."""
        ids, g = self.graph.table.ids, self.graph
        found, more = self.legs_of(node)
        if not found:
            return (self.path_of(node),), 0
        return tuple(self.path_of(int(g.src[e])) + ((_edge_text(g, e), ids[node]),) for e in found), more

    def contributions(self, node: int) -> tuple[Contribution, ...]:
        """The caught owners' holdings that count towards ``node`` (largest first)."""
        g = self.graph
        e = g.in_edges(node)
        e = e[contributing(g, self.policy, self.status, self.rootlike, e)]
        rows = [
            Contribution(
                g.table.ids[int(g.src[i])], STATUS_NAMES[int(self.status[g.src[i]])], RELATIONS[int(g.rel[i])],
                int(g.low[i]), int(g.high[i]), bool(g.low_x[i]), bool(g.high_x[i]),
            )
            for i in e
        ]
        return tuple(sorted(rows, key=lambda c: (-c.share_min, -c.share_max, c.owner_id)))

    def affiliation(self, node: int) -> Affiliation:
        """The full answer for one caught entity index."""
        depth, _ = self.paths()
        st = int(self.status[node])
        roots = tuple(self.roots[r] for r in self.root_indices(node) if r in self.roots)
        bounds = self.lookthrough.bounds_units(node) if st != ST_LISTED else None
        legs, more = self.path_legs(node)
        return Affiliation(
            entity_id=self.graph.table.ids[node],
            status=STATUS_NAMES[st],
            share_min=int(self.share_min[node]),
            share_max=int(self.share_max[node]),
            depth=int(depth[node]),
            roots=roots,
            owners=self.contributions(node) if st != ST_LISTED else (),
            path=self.path_of(node),
            reasons=tuple(name for i, name in enumerate(REASONS) if int(self.reasons[node]) & (1 << i)),
            lookthrough_min=bounds[0] if bounds else None,
            lookthrough_max=bounds[1] if bounds else None,
            legs=legs,
            more_legs=more,
        )

    def iter_affiliations(self) -> Iterator[Affiliation]:
        """Every caught entity's answer (listed roots first, then by depth)."""
        for ref in self.outside_roots:
            yield _listed(ref)
        depth, _ = self.paths()
        caught = self.caught()
        order = np.lexsort((caught, depth[caught], -self.status[caught]))
        for node in caught[order]:
            yield self.affiliation(int(node))

    def iter_records(self, *, max_roots: int | None = None, names: Mapping[str, str] | None = None) -> Iterator["OutputRecord"]:
        """Every caught entity's output record (listed roots first, then by depth), shares in units.

        Args:
            max_roots: list at most this many roots per record, then ``+N more`` (``None``: all).
            names: entity id -> name: also render each path with names (``path_names``; see
                :meth:`path_nodes` for the entities a path can mention).
        """
        depth, parent = self.paths()
        slot, ptr, edges, more = self.legs()
        ptr_list, edge_list, more_list = ptr.tolist(), edges.tolist(), more.tolist()
        g, ids = self.graph, self.graph.table.ids
        edge_texts = _EdgeTexts(g)
        texts = _PathTexts(g, ids, parent, None, edge_texts)
        named = _PathTexts(g, ids, parent, names, edge_texts) if names is not None else None
        roots_memo: dict[object, str] = {}
        reason_text = [";".join(r for i, r in enumerate(REASONS) if m & (1 << i)) for m in range(1 << len(REASONS))]
        for ref in self.outside_roots:
            label = entity_label(ref.entity_id, names.get(ref.entity_id)) if names is not None else ""
            yield OutputRecord(ref.entity_id, LISTED, HUNDRED_PERCENT, HUNDRED_PERCENT, "", 0, ref.entity_id,
                               ref.entity_id, "", label)
        caught = self.caught()
        order = caught[np.lexsort((caught, depth[caught], -self.status[caught]))]
        lookthrough = self._lookthrough_texts(order)
        for node, st, low, high, d, reasons, lt, i in zip(
            order.tolist(), self.status[order].tolist(), self.share_min[order].tolist(), self.share_max[order].tolist(),
            depth[order].tolist(), self.reasons[order].tolist(), lookthrough, slot[order].tolist(),
        ):
            found = edge_list[ptr_list[i]:ptr_list[i + 1]] if i >= 0 else ()
            extra = more_list[i] if i >= 0 else 0
            yield OutputRecord(
                ids[node], STATUS_NAMES[st], low, high, lt, d, self._roots_text(node, roots_memo, max_roots),
                texts.path(node, found, extra), reason_text[reasons], named.path(node, found, extra) if named else "",
            )

    def path_nodes(self) -> np.ndarray:
        """Indices of every entity a caught entity's path can mention (caught entities and the
        entities on their shortest paths), to look their names up in one batch."""
        _, parent = self.paths()
        g = self.graph
        seen = self.status > ST_NONE
        frontier = np.flatnonzero(seen)
        while frontier.size:
            e = parent[frontier]
            up = g.src[e[e >= 0]]
            frontier = np.unique(up[~seen[up]])
            seen[frontier] = True
        return np.flatnonzero(seen)

    def iter_rows(self, *, names: Mapping[str, str] | None = None, max_roots: int | None = None) -> Iterator[dict[str, str]]:
        """The ``affiliates`` output contract rows (all values strings) for every caught entity.

        Args:
            names: entity id -> display name for ``entity_name`` (optional).
            max_roots: list at most this many roots per row, then ``+N more`` (``None``: all).
        """
        records = self.iter_records(max_roots=max_roots, names=names)
        return rows_of(records, policy=self.policy.name, as_of=self.as_of, names=names)

    def _lookthrough_texts(self, nodes: np.ndarray) -> list[str]:
        """The ``lookthrough`` column for ``nodes``: empty for listed roots and where not computed."""
        found, low, high = self.lookthrough.bounds_units_many(nodes)
        found &= self.status[nodes] != ST_LISTED
        return [render_lookthrough(lo, hi) if f else "" for f, lo, hi in zip(found.tolist(), low.tolist(), high.tolist())]

    def _roots_text(self, node: int, memo: dict[object, str], max_roots: int | None) -> str:
        """``;``-joined root ids (memoised per root-set key)."""
        ids = self.graph.table.ids
        if self.status[node] == ST_LISTED:
            return ids[node]
        key: object = node
        if self.group_roots is None or (node not in self.group_roots and self.conservative_per_party):
            key = ("set", self._ensure_root_sets().key(node))
        if key not in memo:
            found = self.root_indices(node)
            shown = found if max_roots is None else found[:max_roots]
            text = ";".join(ids[r] for r in shown)
            if len(found) > len(shown):
                text += f";+{len(found) - len(shown)} more"
            memo[key] = text
        return memo[key]

    def affiliations(self) -> dict[str, Affiliation]:
        """Every caught entity's answer keyed by entity id."""
        return {a.entity_id: a for a in self.iter_affiliations()}


class OutputRecord(NamedTuple):
    """One row of the ``affiliates`` contract as stored: shares in units, depth an integer,
    empty strings where there is nothing to say."""

    entity_id: str
    status: str
    share_min: int
    share_max: int
    lookthrough: str
    depth: int
    roots: str
    path: str
    """The path with entity ids (``X -50%-> A``; legs joined by `` + ``): stored and ``path_ids``."""
    reasons: str
    path_names: str = ""
    """The path with every entity as ``Name [id]`` (when rendered with names)."""


def rows_of(
    records: Iterable[OutputRecord], *, policy: str, as_of: date, names: Mapping[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """The ``affiliates`` output contract rows (all values strings) of ``records``.

    ``path`` names every entity with its id (``Name [id]``, see :func:`render_path`) when
    ``names`` has it; ``path_ids`` is the same path with ids only.
    """
    names = names or {}
    day = as_of.isoformat()
    labels: dict[str, str] = {}
    for r in records:
        yield {
            "entity_id": r.entity_id, "entity_name": names.get(r.entity_id, ""), "status": r.status,
            "policy": policy, "as_of": day,
            "share_min": format_percent(r.share_min), "share_max": format_percent(r.share_max), "lookthrough": r.lookthrough,
            "depth": str(r.depth), "roots": r.roots,
            "path": r.path_names or (render_path(*parse_path(r.path), names, labels) if names else r.path),
            "reasons": r.reasons, "path_ids": r.path,
        }


def _edge_text(g: OwnershipGraph, e: int) -> str:
    """The share label of one compiled edge in a path (``50%``, ``25-50%``, ``branch``, ``control``)."""
    rel = int(g.rel[e])
    if rel in (REL_BRANCH, REL_CONTROL):
        return RELATIONS[rel]
    text = render_share(int(g.low[e]), int(g.high[e]), bool(g.low_x[e]), bool(g.high_x[e]))
    return text if rel != REL_VOTING else f"{text} votes"


class _EdgeTexts(dict):  # type: ignore[type-arg]
    """Edge index -> share label, memoised (paths repeat the same edges)."""

    def __init__(self, g: OwnershipGraph) -> None:
        super().__init__()
        self.g = g

    def __missing__(self, e: int) -> str:
        text = self[e] = _edge_text(self.g, e)
        return text


class _PathTexts:
    """Path texts of entities, sharing prefixes: each entity's shortest path is rendered once."""

    def __init__(self, g: OwnershipGraph, ids, parent: np.ndarray, names: Mapping[str, str] | None,  # type: ignore[no-untyped-def]
                 edges: "_EdgeTexts") -> None:
        self.g, self.ids, self.parent, self.names, self.edges = g, ids, parent, names, edges
        self.memo: dict[int, str] = {}

    def label(self, node: int) -> str:
        """``Name [id]`` with names, else the id."""
        entity_id = self.ids[node]
        return entity_label(entity_id, self.names.get(entity_id)) if self.names is not None else entity_id

    def chain(self, node: int) -> str:
        """``X -50%-> A -50%-> node`` along the shortest path."""
        memo, g, parent = self.memo, self.g, self.parent
        stack: list[int] = []
        v = node
        while v not in memo:
            stack.append(v)
            e = int(parent[v])
            if e < 0 or len(stack) > g.n:
                memo[v] = self.label(v)
                stack.pop()
                break
            v = int(g.src[e])
        for v in reversed(stack):
            e = int(parent[v])
            memo[v] = f"{memo[int(g.src[e])]} -{self.edges[e]}-> {self.label(v)}"
        return memo[node]

    def path(self, node: int, legs, more: int) -> str:  # type: ignore[no-untyped-def]
        """The entity's path: one leg per proof edge (each the owner's chain plus its stake), or
        its shortest path when it has no legs."""
        if not legs:
            return self.chain(node)
        src, own = self.g.src, self.label(node)
        texts = [f"{self.chain(int(src[e]))} -{self.edges[e]}-> {own}" for e in legs]
        if more:
            texts.append(f"{more} more")
        return LEG_SEPARATOR.join(texts)


def _listed(ref: RootRef) -> Affiliation:
    """The answer for a listed root outside the holdings table."""
    return Affiliation(ref.entity_id, LISTED, HUNDRED_PERCENT, HUNDRED_PERCENT, 0, (ref,), path=(("", ref.entity_id),),
                       legs=((("", ref.entity_id),),))
