"""The ownership engine: who a policy treats like a listed party on a date, and why.

Two entry points:

* :func:`compute_affiliates` — plain records in (:class:`Holding`, :class:`Listing`), a dict of
  :class:`Affiliation` by entity id out. For tests, small data and callers without a database.
* :func:`compute_affiliates_table` — the fast path for millions of holdings: a
  :class:`HoldingTable` of numpy columns (see :mod:`partyscreen.ownership.table`), the listings
  (a few thousand records), and an :class:`AffiliateResult` of per-entity arrays out; build
  :class:`Affiliation` records only for the entities you output (``result.affiliations()`` or
  ``result.affiliation(index)``).

Steps: roots on the date (:mod:`~partyscreen.ownership.roots`); the certain fixed point per group
(all roots if the policy aggregates, else each root); look-through on the reachable subgraph
(:mod:`~partyscreen.ownership.lookthrough`); the possible fixed point seeded with the look-through
flags; then depths, paths and roots for explanation (:mod:`~partyscreen.ownership.paths`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable, Iterator, Mapping

import numpy as np

from partyscreen.ownership.lookthrough import LookthroughResult, compute_lookthrough
from partyscreen.ownership.model import (
    AFFILIATE, LISTED, POSSIBLE, REASONS, RELATIONS, Affiliation, Contribution, Holding, Listing, RootRef, render_share,
)
from partyscreen.ownership.paths import ST_AFFILIATE, ST_LISTED, ST_NONE, ST_POSSIBLE, RootSets, contributing, shortest_paths
from partyscreen.ownership.policies import Policy, get_policy
from partyscreen.ownership.propagate import BIT_AGGREGATE, EMPTY, Members, Workspace, fixed_point, run_group
from partyscreen.ownership.roots import select_roots
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, HoldingTable, OwnershipGraph
from partyscreen.shares import HUNDRED_PERCENT, format_percent

STATUS_NAMES = {ST_POSSIBLE: POSSIBLE, ST_AFFILIATE: AFFILIATE, ST_LISTED: LISTED}
PER_PARTY_BUDGET = 2_000_000
"""Per-party policies: entities visited by the per-root possible passes before switching to the
conservative single pass (:func:`_per_party_conservative`)."""


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

    def iter_rows(self, *, names: Mapping[str, str] | None = None, max_roots: int | None = None) -> Iterator[dict[str, str]]:
        """The ``affiliates`` output contract rows for every caught entity, fast (no per-row records).

        Args:
            names: entity id -> display name for ``entity_name`` (optional).
            max_roots: list at most this many roots per row, then ``+N more`` (``None``: all).
        """
        names = names or {}
        depth, parent = self.paths()
        g, ids = self.graph, self.graph.table.ids
        path_memo: dict[int, str] = {}
        roots_memo: dict[object, str] = {}
        reason_text = [";".join(r for i, r in enumerate(REASONS) if m & (1 << i)) for m in range(1 << len(REASONS))]
        base = {"policy": self.policy.name, "as_of": self.as_of.isoformat()}
        for a in (_listed(ref) for ref in self.outside_roots):
            yield a.to_row(policy=self.policy.name, as_of=self.as_of, entity_name=names.get(a.entity_id, ""))
        caught = self.caught()
        order = np.lexsort((caught, depth[caught], -self.status[caught]))
        for node in caught[order].tolist():
            st = int(self.status[node])
            lt = self.lookthrough.bounds_units(node) if st != ST_LISTED else None
            yield {
                "entity_id": ids[node], "entity_name": names.get(ids[node], ""), "status": STATUS_NAMES[st], **base,
                "share_min": format_percent(int(self.share_min[node])),
                "share_max": format_percent(int(self.share_max[node])),
                "lookthrough": "" if lt is None else (format_percent(lt[1]) if lt[1] - lt[0] <= 1 else f"{format_percent(lt[0])}-{format_percent(lt[1])}"),
                "depth": str(int(depth[node])),
                "roots": self._roots_text(node, roots_memo, max_roots),
                "path": _path_text(g, ids, parent, node, path_memo),
                "reasons": reason_text[int(self.reasons[node])],
            }

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


def _edge_text(g: OwnershipGraph, e: int) -> str:
    """The share label of one compiled edge in a path (``50%``, ``25-50%``, ``branch``, ``control``)."""
    rel = int(g.rel[e])
    if rel in (REL_BRANCH, REL_CONTROL):
        return RELATIONS[rel]
    text = render_share(int(g.low[e]), int(g.high[e]), bool(g.low_x[e]), bool(g.high_x[e]))
    return text if rel != 1 else f"{text} votes"


def _path_text(g: OwnershipGraph, ids, parent: np.ndarray, node: int, memo: dict[int, str]) -> str:  # type: ignore[no-untyped-def]
    """``X -50%-> A -50%-> B`` for ``node``, sharing prefixes through ``memo``."""
    chain: list[int] = []
    v = node
    while v not in memo:
        chain.append(v)
        e = int(parent[v])
        if e < 0 or len(chain) > g.n:
            memo[v] = ids[v]
            chain.pop()
            break
        v = int(g.src[e])
    for v in reversed(chain):
        e = int(parent[v])
        memo[v] = f"{memo[int(g.src[e])]} -{_edge_text(g, e)}-> {ids[v]}"
    return memo[node]


def _listed(ref: RootRef) -> Affiliation:
    """The answer for a listed root outside the holdings table."""
    return Affiliation(ref.entity_id, LISTED, HUNDRED_PERCENT, HUNDRED_PERCENT, 0, (ref,), path=(("", ref.entity_id),))


def compute_affiliates(
    holdings: Iterable[Holding],
    roots: Iterable[Listing],
    policy: Policy | str | None = None,
    as_of: date | None = None,
) -> dict[str, Affiliation]:
    """Every entity the policy treats like a listed party on ``as_of`` (default today), by entity id.

    Args:
        holdings: the recorded holdings (any dates; those in force on ``as_of`` are used).
        roots: list entries (any list; the policy picks its lists and the entries live that day).
        policy: a :class:`Policy` or a built-in name (default ``mofcom-61``).
        as_of: the date.
    """
    listings = list(roots)
    table = HoldingTable.from_holdings(holdings, extra_ids=[l.entity_id for l in listings])
    day = as_of or date.today()
    return compute_affiliates_table(table, listings, policy, day).affiliations()


def compute_affiliates_table(
    table: HoldingTable,
    listings: Iterable[Listing],
    policy: Policy | str | None = None,
    as_of: date | None = None,
    *,
    graph: OwnershipGraph | None = None,
    in_force: np.ndarray | None = None,
) -> AffiliateResult:
    """The array-level engine; see the module docstring.

    Args:
        table: holdings as columns.
        listings: list entries; their ``entity_id`` is looked up in ``table.ids``.
        policy: a :class:`Policy` or a built-in name.
        as_of: the date (default today).
        graph: a graph already compiled for this date (reuse it across policies).
        in_force: a mask of rows in force, if the caller filtered by date already.
    """
    pol = policy if isinstance(policy, Policy) else get_policy(policy)
    day = as_of or date.today()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    g = graph or OwnershipGraph.build(table, day, in_force)
    timings["graph"] = time.perf_counter() - started
    refs = select_roots(listings, pol, day)
    roots: dict[int, RootRef] = {}
    outside: list[RootRef] = []
    for entity_id, ref in sorted(refs.items()):
        idx = table.index_of(entity_id)
        if idx is None:
            outside.append(ref)
        else:
            roots[idx] = ref
    result = _run(g, pol, day, roots, timings)
    result.outside_roots = outside
    timings["total"] = time.perf_counter() - started
    return result


def _run(g: OwnershipGraph, policy: Policy, day: date, roots: dict[int, RootRef], timings: dict[str, float]) -> AffiliateResult:
    """Certain passes, look-through, possible passes, combined into per-entity arrays."""
    n = g.n
    root_idx = np.array(sorted(roots), dtype=np.int64)
    groups = [root_idx] if policy.aggregate else [np.array([r], dtype=np.int64) for r in root_idx]
    ws = Workspace(n)
    t0 = time.perf_counter()
    certain = [fixed_point(g, policy, ws, grp, possible=False) for grp in groups]
    caught = np.unique(np.concatenate([m.nodes for m in certain] or [EMPTY]))
    t1 = time.perf_counter()
    if policy.lookthrough and root_idx.size:
        lt = compute_lookthrough(g, root_idx, caught, policy.threshold, policy.strict, policy.aggregate)
    else:
        lt = LookthroughResult()
    t2 = time.perf_counter()
    result = AffiliateResult(
        g, policy, day, roots, [],
        status=np.zeros(n, dtype=np.int8), reasons=np.zeros(n, dtype=np.int8),
        share_min=np.zeros(n, dtype=np.int64), share_max=np.zeros(n, dtype=np.int64),
        rootlike=np.zeros(n, dtype=bool), lookthrough=lt,
        group_roots=None if policy.aggregate else {}, timings=timings,
    )
    if policy.aggregate:
        _combine(result, root_idx, run_group(g, policy, ws, root_idx, lt.flagged, certain=certain[0]), certain[0])
    elif not _per_party(result, groups, certain, ws):
        _per_party_conservative(result, root_idx, certain, ws)
    _finish(result, root_idx)
    t3 = time.perf_counter()
    timings.update(certain=t1 - t0, lookthrough=t2 - t1, possible=t3 - t2)
    return result


def _per_party(result: AffiliateResult, groups: list[np.ndarray], certain: list[Members], ws: Workspace) -> bool:
    """Exact per-party possible passes, one root at a time; ``False`` if over :data:`PER_PARTY_BUDGET`."""
    lt, g, policy = result.lookthrough, result.graph, result.policy
    if lt.per_root is None:
        return False
    outcomes = []
    spent = 0
    for grp, cert in zip(groups, certain):
        out = run_group(g, policy, ws, grp, lt.per_root.get(int(grp[0]), EMPTY), certain=cert)
        spent += len(out.report_nodes)
        if spent > PER_PARTY_BUDGET:
            return False
        outcomes.append((grp, out, cert))
    for grp, out, cert in outcomes:
        _combine(result, grp, out, cert)
    return True


def _per_party_conservative(result: AffiliateResult, root_idx: np.ndarray, certain: list[Members], ws: Workspace) -> None:
    """Per-party policy on a large possible region: certain answers stay exact per party; possible
    ones come from one pass over all roots together (a superset of the per-party union), and those
    that only the aggregation makes possible carry the reason ``aggregate``."""
    g, policy = result.graph, result.policy
    result.conservative_per_party = True
    nodes = np.concatenate([m.nodes for m in certain])
    rootlike = np.concatenate([m.rootlike for m in certain])
    order = np.argsort(nodes, kind="stable")
    nodes, rootlike = nodes[order], rootlike[order]
    keep = np.ones(len(nodes), dtype=bool)
    keep[1:] = nodes[1:] != nodes[:-1]
    merged = Members(nodes[keep], np.maximum.reduceat(rootlike, np.flatnonzero(keep)) if len(nodes) else rootlike)
    for grp, cert in zip((np.array([r]) for r in root_idx), certain):
        result.status[cert.nodes[~np.isin(cert.nodes, root_idx)]] = ST_AFFILIATE
        for node in cert.nodes.tolist():
            if node != int(grp[0]):
                result.group_roots.setdefault(node, []).append(int(grp[0]) * 2 + 1)  # type: ignore[union-attr]
    together = replace(policy, aggregate=True)
    out = run_group(g, together, ws, root_idx, result.lookthrough.flagged, certain=merged, fallback_bit=BIT_AGGREGATE)
    _combine(result, root_idx, out, merged, record_roots=False)


def _combine(result: AffiliateResult, grp: np.ndarray, out, cert: Members, record_roots: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Merge one group's outcome into the result arrays (status is the best over groups)."""
    st = result.status
    st[out.possible] = np.maximum(st[out.possible], ST_POSSIBLE)
    st[out.certain] = ST_AFFILIATE
    result.reasons[out.possible] |= out.reasons
    np.maximum.at(result.share_min, out.report_nodes, out.share_min)
    np.maximum.at(result.share_max, out.report_nodes, out.share_max)
    result.rootlike[cert.nodes[cert.rootlike]] = True
    if result.group_roots is not None and record_roots:
        root = int(grp[0])
        for node in out.certain.tolist():
            result.group_roots.setdefault(node, []).append(root * 2 + 1)
        for node in out.possible.tolist():
            result.group_roots.setdefault(node, []).append(root * 2)


def _finish(result: AffiliateResult, root_idx: np.ndarray) -> None:
    """Roots listed at 100%, branches at 100%, reasons only on possible ones, per-party roots by status."""
    g, st = result.graph, result.status
    st[root_idx] = ST_LISTED
    result.share_min[root_idx] = result.share_max[root_idx] = HUNDRED_PERCENT
    b = np.flatnonzero(g.rel == REL_BRANCH)
    b = b[(st[g.dst[b]] > ST_NONE) & (st[g.dst[b]] < ST_LISTED) & (st[g.src[b]] > ST_NONE)]
    result.share_max[g.dst[b]] = HUNDRED_PERCENT
    sure = b[st[g.src[b]] >= ST_AFFILIATE]
    result.share_min[g.dst[sure]] = HUNDRED_PERCENT
    result.reasons[st != ST_POSSIBLE] = 0
    if result.group_roots is not None:
        result.group_roots = _roots_by_status(result)


def _roots_by_status(result: AffiliateResult) -> dict[int, list[int]]:
    """Per-party: for each entity, the roots under which it reached its final status.

    ``_combine`` records ``root * 2 + 1`` for a certain catch and ``root * 2`` for a possible one.
    """
    assert result.group_roots is not None
    out: dict[int, list[int]] = {}
    for node, tagged in result.group_roots.items():
        want = 1 if result.status[node] == ST_AFFILIATE else 0
        out[node] = sorted({t // 2 for t in tagged if t % 2 == want})
    return out
