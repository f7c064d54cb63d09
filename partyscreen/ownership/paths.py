"""Explanation data for caught entities: the shortest path back to a root, and the roots traced to.

A path uses *contributing* holdings only: from a listed party or affiliate to an affiliate, or from
any caught entity to a possible affiliate (and, under a direct-only policy, only from root-like
owners or along branches). Certain entities get paths through certain entities only. Entities
flagged by look-through alone may have no contributing path; they get the shortest path over any
shareholdings from a root, through entities that are not caught. Among equally short paths the
hop with the largest stake is preferred.

The proof of a caught entity (:func:`proof_legs`) is the set of its owners whose stakes add up to
the threshold: every such owner is one *leg* of the entity's path, each leg the owner's own
shortest path followed by its holding in the entity.
"""

from __future__ import annotations

import numpy as np

from partyscreen.ownership.policies import Policy
from partyscreen.ownership.propagate import flow_or, or_by_target
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, REL_SHARE, REL_VOTING, OwnershipGraph
from partyscreen.ownership.thresholds import certainly_reaches, possibly_reaches

ST_NONE, ST_POSSIBLE, ST_AFFILIATE, ST_LISTED = 0, 1, 2, 3

MAX_LEGS = 20
"""Legs shown per entity; more are summarised as ``+ N more`` (``explain`` lists them all)."""

_NO_PROOF = 4
"""Measure rank of holdings that can never prove the threshold under the policy."""


def contributing(g: OwnershipGraph, policy: Policy, status: np.ndarray, rootlike: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Mask over edges ``e``: holdings that count towards their target's status."""
    src_st, dst_st, rel = status[g.src[e]], status[g.dst[e]], g.rel[e]
    ok = ((dst_st == ST_AFFILIATE) & (src_st >= ST_AFFILIATE)) | ((dst_st == ST_POSSIBLE) & (src_st >= ST_POSSIBLE))
    meaningful = (rel == REL_BRANCH) | (rel == REL_CONTROL) | (((rel == REL_SHARE) | (rel == REL_VOTING)) & (g.high[e] > 0))
    counted = np.bool_(policy.propagate) | rootlike[g.src[e]] | (rel == REL_BRANCH)
    return ok & meaningful & counted


def shortest_paths(g: OwnershipGraph, policy: Policy, status: np.ndarray, rootlike: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(depth, parent_edge)`` arrays of size N (``-1`` where none); roots have depth 0."""
    depth = np.full(g.n, -1, dtype=np.int32)
    parent = np.full(g.n, -1, dtype=np.int64)
    depth[status == ST_LISTED] = 0

    def certain_ok(e: np.ndarray) -> np.ndarray:
        return contributing(g, policy, status, rootlike, e) & (status[g.dst[e]] == ST_AFFILIATE)

    def possible_ok(e: np.ndarray) -> np.ndarray:
        return contributing(g, policy, status, rootlike, e)

    def any_ok(e: np.ndarray) -> np.ndarray:
        return ((g.rel[e] == REL_SHARE) | (g.rel[e] == REL_BRANCH)) & (g.high[e] > 0)

    _bfs(g, depth, parent, certain_ok)
    _bfs(g, depth, parent, possible_ok)
    if ((status > ST_NONE) & (depth < 0)).any():
        _bfs(g, depth, parent, any_ok)
    return depth, parent


def _bfs(g: OwnershipGraph, depth: np.ndarray, parent: np.ndarray, edge_ok) -> None:  # type: ignore[no-untyped-def]
    """Level-synchronous BFS continuing from every labelled node, in order of depth."""
    pre = np.flatnonzero(depth >= 0)
    pre = pre[np.argsort(depth[pre], kind="stable")]
    pre_depth = depth[pre]
    level = 0
    carried = np.empty(0, dtype=np.int64)
    while True:
        lo, hi = np.searchsorted(pre_depth, level, "left"), np.searchsorted(pre_depth, level, "right")
        frontier = np.concatenate([pre[lo:hi], carried])
        if not frontier.size and hi >= len(pre):
            return
        e = g.out_edges(frontier) if frontier.size else np.empty(0, dtype=np.int64)
        e = e[edge_ok(e)] if e.size else e
        e = e[depth[g.dst[e]] < 0]
        if e.size:
            order = np.lexsort((-g.low[e], g.dst[e]))
            e = e[order]
            dst = g.dst[e]
            first = np.ones(len(e), dtype=bool)
            first[1:] = dst[1:] != dst[:-1]
            e, dst = e[first], dst[first]
            depth[dst] = level + 1
            parent[dst] = e
            carried = dst
        else:
            carried = np.empty(0, dtype=np.int64)
        level += 1


class RootSets:
    """For every caught entity, the roots it traces to along contributing holdings, as bitsets.

    One bit per root (``n_roots / 64`` words per row). With scipy available the contributing
    subgraph is condensed into strongly connected components (every entity of a component traces
    to the same roots) and the bits flow once through the components in topological order
    (Kahn's algorithm, vectorised); without scipy a numpy worklist ORs changed rows forward until
    nothing changes (same answer, slower on large cyclic graphs).
    """

    def __init__(self, g: OwnershipGraph, policy: Policy, status: np.ndarray, rootlike: np.ndarray) -> None:
        caught = np.flatnonzero(status > ST_NONE)
        self.roots = np.flatnonzero(status == ST_LISTED)
        self.loc = np.full(g.n, -1, dtype=np.int64)
        self.loc[caught] = np.arange(len(caught))
        words = max(1, (len(self.roots) + 63) // 64)
        seed = np.zeros((len(caught), words), dtype=np.uint64)
        j = np.arange(len(self.roots))
        seed[self.loc[self.roots], j // 64] |= np.left_shift(np.uint64(1), (j % 64).astype(np.uint64))
        e = g.out_edges(caught)
        e = e[contributing(g, policy, status, rootlike, e)]
        e = e[status[g.dst[e]] != ST_LISTED]
        src, dst = self.loc[g.src[e]], self.loc[g.dst[e]]
        labels = _strong_components(len(caught), src, dst)
        if labels is None:
            self.label = np.arange(len(caught))
            self.bits = flow_or(seed, src, dst, self.loc[self.roots], dag=False)
            return
        self.label = labels
        n_comp = int(labels.max()) + 1 if len(labels) else 0
        comp_bits = np.zeros((n_comp, words), dtype=np.uint64)
        if len(caught):
            touched, merged = or_by_target(labels, seed)
            comp_bits[touched] = merged
        cs, cd = labels[src], labels[dst]
        keep = cs != cd
        pairs = np.unique(cs[keep] * max(n_comp, 1) + cd[keep])
        cs, cd = pairs // max(n_comp, 1), pairs % max(n_comp, 1)
        self.bits = flow_or(comp_bits, cs, cd, np.arange(n_comp), dag=True)

    def of(self, node: int) -> list[int]:
        """The root indices ``node`` traces to (sorted)."""
        i = self.loc[node]
        if i < 0:
            return []
        row = self.bits[self.label[i]]
        found = np.flatnonzero(np.unpackbits(row.view(np.uint8), bitorder="little"))
        return self.roots[found].tolist()

    def key(self, node: int) -> bytes:
        """Rows with equal keys have equal root sets (the bitset's bytes)."""
        return self.bits[self.label[self.loc[node]]].tobytes()


def _strong_components(k: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """Strong-component labels via scipy, or ``None`` when scipy is not installed."""
    try:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components
    except ImportError:  # pragma: no cover - exercised only without scipy
        return None
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    graph = csr_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(k, k))
    _, labels = connected_components(graph, directed=True, connection="strong")
    return labels.astype(np.int64)


def proof_legs(
    g: OwnershipGraph, policy: Policy, status: np.ndarray, rootlike: np.ndarray, nodes: np.ndarray,
    max_legs: int | None = MAX_LEGS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The holdings that prove each of ``nodes`` (caught, not listed) caught: ``(ptr, edges, more)``.

    Rule: the measures are tried in the order branch, control (when the policy counts control, or
    for a possible affiliate), shareholding, voting (when counted, or for a possible affiliate);
    on the first measure where the contributing owners' stakes, largest first, reach the
    threshold (lower bounds for an affiliate, upper bounds for a possible affiliate), the legs
    are the shortest such prefix (one branch or control relation is enough). Where no measure
    reaches it (a possible affiliate by look-through or by unrecorded capital), the legs are
    every contributing shareholding. At most ``max_legs`` legs per entity, largest first;
    ``more[i]`` counts the legs left out. Node ``nodes[i]`` has legs ``edges[ptr[i]:ptr[i + 1]]``.
    """
    nodes = np.asarray(nodes, dtype=np.int64)
    k = len(nodes)
    pos = np.full(g.n, -1, dtype=np.int64)
    pos[nodes] = np.arange(k)
    e = g.in_edges_many(nodes)
    e = e[contributing(g, policy, status, rootlike, e)] if e.size else e
    d, rel = g.dst[e], g.rel[e]
    possible = status[d] == ST_POSSIBLE
    rank = np.full(len(e), _NO_PROOF, dtype=np.int64)
    rank[rel == REL_BRANCH] = 0
    rank[(rel == REL_CONTROL) & (policy.count_control | possible)] = 1
    rank[rel == REL_SHARE] = 2
    rank[(rel == REL_VOTING) & (policy.count_voting | possible)] = 3
    value = np.where(possible, g.high[e], g.low[e])
    excl = np.where(possible, g.high_x[e], g.low_x[e]).astype(np.int64)
    order = np.lexsort((g.src[e], -value, rank, pos[d]))
    e, p, rank, value, excl, possible = e[order], pos[d][order], rank[order], value[order], excl[order], possible[order]
    group = p * (_NO_PROOF + 1) + rank
    start = np.ones(len(e), dtype=bool)
    start[1:] = group[1:] != group[:-1]
    gid = np.cumsum(start) - 1
    first = np.flatnonzero(start)
    total = _group_cumsum(value, gid, first)
    excl_total = _group_cumsum(excl, gid, first)
    reached = np.where(
        possible,
        possibly_reaches(total, excl_total, policy.threshold, policy.strict),
        certainly_reaches(total, excl_total, policy.threshold, policy.strict),
    )
    reached = (reached | (rank <= 1)) & (rank < _NO_PROOF)
    hit = np.flatnonzero(reached)
    # the first reaching position of each group, then the lowest-ranked such group of each node
    _, first_hit = np.unique(gid[hit], return_index=True)
    hit = hit[first_hit]
    _, node_first = np.unique(p[hit], return_index=True)
    hit = hit[node_first]
    end = np.full(len(first), -1, dtype=np.int64)
    end[gid[hit]] = hit
    proved = np.zeros(k, dtype=bool)
    proved[p[hit]] = True
    take = np.arange(len(e)) <= end[gid]
    take |= (rank == 2) & ~proved[p]
    e, p = e[take], p[take]
    counts = np.bincount(p, minlength=k)
    if max_legs is not None:
        ptr0 = np.concatenate([[0], np.cumsum(counts)[:-1]]) if k else np.zeros(0, dtype=np.int64)
        within = np.arange(len(e)) - ptr0[p] if len(e) else np.zeros(0, dtype=np.int64)
        keep = within < max_legs
        e, p = e[keep], p[keep]
    kept = np.bincount(p, minlength=k)
    ptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(kept, out=ptr[1:])
    return ptr, e, counts - kept


def _group_cumsum(values: np.ndarray, gid: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running sums of ``values`` restarting at every group (rows grouped, ``first`` their starts)."""
    if not len(values):
        return values.astype(np.int64)
    total = np.cumsum(values.astype(np.int64))
    before = total[first] - values[first]
    return total - before[gid]
