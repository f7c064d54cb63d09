"""Explanation data for caught entities: the shortest path back to a root, and the roots traced to.

A path uses *contributing* holdings only: from a listed party or affiliate to an affiliate, or from
any caught entity to a possible affiliate (and, under a direct-only policy, only from root-like
owners or along branches). Certain entities get paths through certain entities only. Entities
flagged by look-through alone may have no contributing path; they get the shortest path over any
shareholdings from a root, through entities that are not caught. Among equally short paths the
hop with the largest stake is preferred.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from partyscreen.ownership.policies import Policy
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, REL_SHARE, REL_VOTING, OwnershipGraph

ST_NONE, ST_POSSIBLE, ST_AFFILIATE, ST_LISTED = 0, 1, 2, 3


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


def root_sets(g: OwnershipGraph, policy: Policy, status: np.ndarray, rootlike: np.ndarray) -> dict[int, frozenset[int]]:
    """For every caught entity, the roots it traces to along contributing holdings (worklist over sets)."""
    caught = np.flatnonzero(status > ST_NONE)
    e = g.out_edges(caught)
    e = e[contributing(g, policy, status, rootlike, e)]
    succ: dict[int, list[int]] = {}
    for u, v in zip(g.src[e].tolist(), g.dst[e].tolist()):
        succ.setdefault(u, []).append(v)
    roots = np.flatnonzero(status == ST_LISTED).tolist()
    sets: dict[int, frozenset[int]] = {r: frozenset((r,)) for r in roots}
    queue = deque(roots)
    while queue:
        u = queue.popleft()
        su = sets[u]
        for v in succ.get(u, ()):
            if status[v] == ST_LISTED:
                continue
            sv = sets.get(v)
            if sv is None:
                sets[v] = su
                queue.append(v)
            elif not su <= sv:
                sets[v] = sv | su
                queue.append(v)
    return sets
