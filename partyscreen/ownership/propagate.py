"""Status propagation: the least fixed points "affiliate" and "possible affiliate" over a graph.

Rule (one *group* of roots: all roots when the policy aggregates, else one root at a time):

* members start as the group's roots;
* an entity becomes a member when the holdings of members into it reach the threshold
  (:mod:`~partyscreen.ownership.thresholds`), measured separately on shareholdings and (if the
  policy counts them) voting rights; a ``branch`` of a member is a member; a ``control`` relation
  from a member makes a member if the policy counts control;
* with ``propagate=False`` only *root-like* members' holdings count (the roots and their
  branches, the same legal persons); branches of any member are still caught.

The *certain* pass sums lower bounds; the *possible* pass sums upper bounds and also admits
entities reached by a control relation or a voting majority the policy does not count (reason
``control``), entities in which members hold a stake and whose capital not held by non-members
could reach the threshold (``unknown_remainder``: the members could hold everything except what
non-members hold at least, ``100% - (accounted - members' lower bounds)``) provided the members'
known stakes (upper bounds) reach the policy's ``remainder_floor``, and look-through seeds.
Possibility therefore propagates. Each pass is a level-synchronous worklist over the out-CSR:
every edge is read at most once per pass (twice for an entity upgraded to root-like), so the work
is linear in the holdings reachable from the group's roots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partyscreen.ownership.policies import Policy
from partyscreen.ownership.table import REL_BRANCH, REL_CONTROL, REL_SHARE, REL_VOTING, OwnershipGraph
from partyscreen.ownership.thresholds import certainly_reaches, possibly_reaches
from partyscreen.shares import HUNDRED_PERCENT

BIT_RANGE, BIT_REMAINDER, BIT_LOOKTHROUGH, BIT_CONTROL, BIT_AGGREGATE = 1, 2, 4, 8, 16
"""Reason bits, in the order of :data:`~partyscreen.ownership.model.REASONS`."""

EMPTY = np.empty(0, dtype=np.int64)


class Workspace:
    """Per-entity accumulators of size N, reused across groups and reset only where touched."""

    def __init__(self, n: int) -> None:
        self.state = np.zeros(n, dtype=np.int8)  # 0 outside, 1 member, 2 root-like member
        self.acc_s = np.zeros(n, dtype=np.int64)
        self.acc_sl = np.zeros(n, dtype=np.int64)
        self.acc_sx = np.zeros(n, dtype=np.int32)
        self.acc_v = np.zeros(n, dtype=np.int64)
        self.acc_vx = np.zeros(n, dtype=np.int32)
        self.has_s = np.zeros(n, dtype=bool)
        self.ctl = np.zeros(n, dtype=bool)
        self.branch = np.zeros(n, dtype=bool)
        self.pos = np.full(n, -1, dtype=np.int64)  # scratch: local positions, reset after each use
        self.touched: list[np.ndarray] = []

    def reset(self) -> None:
        """Zero every accumulator at the indices touched since the last reset."""
        if not self.touched:
            return
        idx = np.concatenate(self.touched)
        for arr in (self.state, self.acc_s, self.acc_sl, self.acc_sx, self.acc_v, self.acc_vx, self.has_s, self.ctl, self.branch):
            arr[idx] = 0
        self.touched = []


@dataclass
class Members:
    """The members found by one pass and whether each is root-like."""

    nodes: np.ndarray
    rootlike: np.ndarray


def fixed_point(
    g: OwnershipGraph, policy: Policy, ws: Workspace, seeds: np.ndarray, possible: bool, extra: np.ndarray = EMPTY
) -> Members:
    """Run one pass (certain when ``possible`` is False) from ``seeds`` (roots) and ``extra`` (look-through seeds)."""
    ws.reset()
    ws.state[seeds] = 2
    extra = extra[ws.state[extra] == 0]
    ws.state[extra] = 1
    ws.touched.append(seeds)
    ws.touched.append(extra)
    frontier = np.unique(np.concatenate([seeds, extra]))
    found = [frontier]
    while frontier.size:
        e = g.out_edges(frontier)
        if not e.size:
            break
        newm, upgraded = _step(g, policy, ws, e, possible)
        found.append(newm)
        frontier = newm if policy.propagate else np.concatenate([newm, upgraded])
    nodes = np.unique(np.concatenate(found))
    return Members(nodes, ws.state[nodes] == 2)


def _step(g: OwnershipGraph, policy: Policy, ws: Workspace, e: np.ndarray, possible: bool) -> tuple[np.ndarray, np.ndarray]:
    """Add the frontier's holdings to the accumulators; return the new members and upgraded ones."""
    src, rel = g.src[e], g.rel[e]
    if not policy.propagate:
        keep = (rel == REL_BRANCH) | (ws.state[src] == 2)
        e, src, rel = e[keep], src[keep], rel[keep]
    dst = g.dst[e]
    val = (g.high if possible else g.low)[e]
    excl = (g.high_x if possible else g.low_x)[e]
    s = rel == REL_SHARE
    np.add.at(ws.acc_s, dst[s], val[s])
    np.add.at(ws.acc_sx, dst[s], excl[s])
    if possible:
        np.add.at(ws.acc_sl, dst[s], g.low[e][s])
    ws.has_s[dst[s & (g.high[e] > 0)]] = True
    v = rel == REL_VOTING
    np.add.at(ws.acc_v, dst[v], val[v])
    np.add.at(ws.acc_vx, dst[v], excl[v])
    ws.ctl[dst[rel == REL_CONTROL]] = True
    b = rel == REL_BRANCH
    ws.branch[dst[b]] = True
    ws.touched.append(dst)
    to_rootlike = np.unique(dst[b & (ws.state[src] == 2)])
    upgraded = to_rootlike[ws.state[to_rootlike] == 1]
    cand = dst[ws.state[dst] == 0]
    cand = np.unique(cand)
    newm = cand[_admits(g, policy, ws, cand, possible)]
    ws.state[newm] = 1
    ws.state[to_rootlike] = 2
    return newm, upgraded


def _admits(g: OwnershipGraph, policy: Policy, ws: Workspace, cand: np.ndarray, possible: bool) -> np.ndarray:
    """The membership test of one pass for the candidate entities."""
    t, strict = policy.threshold, policy.strict
    hit = ws.branch[cand].copy()
    if not possible:
        hit |= certainly_reaches(ws.acc_s[cand], ws.acc_sx[cand], t, strict)
        if policy.count_voting:
            hit |= certainly_reaches(ws.acc_v[cand], ws.acc_vx[cand], t, strict)
        if policy.count_control:
            hit |= ws.ctl[cand]
        return hit
    hit |= possibly_reaches(ws.acc_s[cand], ws.acc_sx[cand], t, strict)
    hit |= possibly_reaches(ws.acc_v[cand], ws.acc_vx[cand], t, strict)
    hit |= ws.ctl[cand]
    remainder = ws.has_s[cand] & possibly_reaches(ws.acc_s[cand], ws.acc_sx[cand], policy.remainder_floor, False)
    hit |= remainder & possibly_reaches(HUNDRED_PERCENT - (g.accounted[cand] - ws.acc_sl[cand]), 0, t, strict)
    return hit


@dataclass
class GroupOutcome:
    """What one group of roots catches, with share sums and the possible ones' reasons."""

    certain: np.ndarray
    certain_rootlike: np.ndarray
    possible: np.ndarray
    reasons: np.ndarray
    report_nodes: np.ndarray
    share_min: np.ndarray
    share_max: np.ndarray


def run_group(
    g: OwnershipGraph, policy: Policy, ws: Workspace, roots: np.ndarray,
    lookthrough_seeds: np.ndarray = EMPTY, certain: Members | None = None, fallback_bit: int = BIT_RANGE,
) -> GroupOutcome:
    """Both passes for one group (``certain`` may be passed if already computed).

    ``GroupOutcome.certain``/``possible`` exclude the roots; ``possible`` excludes ``certain``.
    """
    c = certain if certain is not None else fixed_point(g, policy, ws, roots, possible=False)
    p = fixed_point(g, policy, ws, roots, possible=True, extra=lookthrough_seeds)
    cert_mask = np.isin(p.nodes, c.nodes)
    root_mask = np.isin(p.nodes, roots)
    sums = _member_sums(g, policy, c, p, ws)
    certain = c.nodes[~np.isin(c.nodes, roots)]
    certain_rootlike = c.rootlike[~np.isin(c.nodes, roots)]
    maybe = p.nodes[~cert_mask & ~root_mask]
    reasons = _reasons(g, policy, c, p, maybe, lookthrough_seeds, sums, ws, fallback_bit)
    report = p.nodes[~root_mask]
    idx = np.searchsorted(sums.nodes, report)
    return GroupOutcome(certain, certain_rootlike, maybe, reasons, report, sums.cert_low[idx], sums.poss_high[idx])


@dataclass
class _Sums:
    """Per-entity sums over counted edges from members (``nodes`` sorted, other arrays aligned)."""

    nodes: np.ndarray
    cert_low: np.ndarray
    p_low: np.ndarray
    p_low_x: np.ndarray
    poss_high: np.ndarray
    p_high_x: np.ndarray
    p_vlow: np.ndarray
    p_vlow_x: np.ndarray
    p_vhigh: np.ndarray
    p_vhigh_x: np.ndarray
    p_ctl: np.ndarray
    p_branch: np.ndarray
    p_has_s: np.ndarray


def counted_edges(g: OwnershipGraph, policy: Policy, nodes: np.ndarray, rootlike: np.ndarray) -> np.ndarray:
    """Out-edges of member ``nodes`` that count (all, or only root-like ones' and branches if direct only)."""
    e = g.out_edges(nodes)
    if policy.propagate or not e.size:
        return e
    is_rl = np.isin(g.src[e], nodes[rootlike])
    return e[is_rl | (g.rel[e] == REL_BRANCH)]


def _member_sums(g: OwnershipGraph, policy: Policy, c: Members, p: Members, ws: Workspace, targets: np.ndarray | None = None) -> _Sums:
    """Sums into ``targets`` (default: every possible member) from certain members (lower) and
    possible members (both)."""
    nodes = p.nodes if targets is None else targets
    pos = ws.pos
    pos[nodes] = np.arange(len(nodes))
    try:
        return _fold_sums(g, policy, c, p, pos, nodes)
    finally:
        pos[nodes] = -1


def _fold_sums(g: OwnershipGraph, policy: Policy, c: Members, p: Members, pos: np.ndarray, nodes: np.ndarray) -> _Sums:
    """The folds of :func:`_member_sums` (``pos`` maps ``nodes`` to 0..k-1, others to -1)."""
    k = len(nodes)

    def fold(e: np.ndarray, values: np.ndarray) -> np.ndarray:
        at = pos[g.dst[e]]
        inside = at >= 0
        return np.bincount(at[inside], weights=values[inside], minlength=k).astype(np.int64)

    ce = counted_edges(g, policy, c.nodes, c.rootlike)
    ce = ce[g.rel[ce] == REL_SHARE]
    pe = counted_edges(g, policy, p.nodes, p.rootlike)
    rel = g.rel[pe]
    s, v = pe[rel == REL_SHARE], pe[rel == REL_VOTING]
    ctl, br = pe[rel == REL_CONTROL], pe[rel == REL_BRANCH]
    return _Sums(
        nodes,
        fold(ce, g.low[ce]),
        fold(s, g.low[s]), fold(s, g.low_x[s]), fold(s, g.high[s]), fold(s, g.high_x[s]),
        fold(v, g.low[v]), fold(v, g.low_x[v]), fold(v, g.high[v]), fold(v, g.high_x[v]),
        fold(ctl, np.ones(len(ctl))) > 0,
        fold(br, np.ones(len(br))) > 0,
        fold(s, (g.high[s] > 0).astype(np.float64)) > 0,
    )


def _reasons(
    g: OwnershipGraph, policy: Policy, c: Members, p: Members, maybe: np.ndarray, lt_seeds: np.ndarray,
    sums: _Sums, ws: Workspace, fallback_bit: int = BIT_RANGE,
) -> np.ndarray:
    """Reason bits of each possible-only entity: its own, plus those inherited from possible owners.

    An entity is possible "as if certain" when its possible owners' lower bounds would make it a
    member: it has no reason of its own and inherits its owners'. Possible entities that are so
    only through each other (a cycle) inherit nothing; they are *grounded*: measured against the
    other possible members only, those that are possible without the cycle get their own reasons
    there (``control`` for a control relation into the cycle, say), which then pass round it.
    What is still without a reason then (only in the conservative per-party pass: possible only
    with the stakes of different listed parties added up) gets ``fallback_bit``.
    """
    if not maybe.size:
        return np.zeros(0, dtype=np.int8)
    _, bits = _own_bits(g, policy, maybe, lt_seeds, sums)
    bits = _inherit(g, policy, p.nodes, p.rootlike, maybe, bits)
    return _fallback(_ground(g, policy, c, p, maybe, bits, ws), fallback_bit)


def _own_bits(g: OwnershipGraph, policy: Policy, nodes: np.ndarray, lt_seeds: np.ndarray, sums: _Sums) -> tuple[np.ndarray, np.ndarray]:
    """Whether each of ``nodes`` is possible from the summed members, and its own reason bits."""
    i = np.searchsorted(sums.nodes, nodes)
    t, strict = policy.threshold, policy.strict
    as_if_certain = sums.p_branch[i] | certainly_reaches(sums.p_low[i], sums.p_low_x[i], t, strict)
    if policy.count_voting:
        as_if_certain |= certainly_reaches(sums.p_vlow[i], sums.p_vlow_x[i], t, strict)
    if policy.count_control:
        as_if_certain |= sums.p_ctl[i]
    ranged = possibly_reaches(sums.poss_high[i], sums.p_high_x[i], t, strict)
    if policy.count_voting:
        ranged |= possibly_reaches(sums.p_vhigh[i], sums.p_vhigh_x[i], t, strict)
    control = sums.p_ctl[i] & (not policy.count_control)
    if not policy.count_voting:
        control |= possibly_reaches(sums.p_vhigh[i], sums.p_vhigh_x[i], t, strict)
    outside = g.accounted[nodes] - sums.p_low[i]
    known = sums.p_has_s[i] & possibly_reaches(sums.poss_high[i], sums.p_high_x[i], policy.remainder_floor, False)
    remainder = ~ranged & known & possibly_reaches(HUNDRED_PERCENT - outside, 0, t, strict)
    possible = as_if_certain | ranged | control | remainder
    own = np.where(as_if_certain, 0, np.where(ranged, BIT_RANGE, 0) | np.where(remainder, BIT_REMAINDER, 0))
    own = own | np.where(control & ~as_if_certain, BIT_CONTROL, 0)
    own = own | np.where(np.isin(nodes, lt_seeds) & (own == 0), BIT_LOOKTHROUGH, 0)
    return possible, own.astype(np.int8)


def _ground(
    g: OwnershipGraph, policy: Policy, c: Members, p: Members, maybe: np.ndarray, bits: np.ndarray, ws: Workspace,
) -> np.ndarray:
    """Give reasons to possible entities left without any (see :func:`_reasons`), round by round."""
    while True:
        stuck = maybe[bits == 0]
        if not stuck.size:
            return bits
        keep = ~np.isin(p.nodes, stuck)
        others = Members(p.nodes[keep], p.rootlike[keep])
        possible, own = _own_bits(g, policy, stuck, EMPTY, _member_sums(g, policy, c, others, ws, targets=stuck))
        grounded = possible & (own != 0)
        if not grounded.any():
            return bits
        bits[np.searchsorted(maybe, stuck[grounded])] = own[grounded]
        bits = _inherit(g, policy, p.nodes, p.rootlike, maybe, bits)


def _inherit(
    g: OwnershipGraph, policy: Policy, p_nodes: np.ndarray, p_rootlike: np.ndarray, maybe: np.ndarray, bits: np.ndarray,
) -> np.ndarray:
    """OR each possible owner's reasons into the possible entities it holds, to a fixed point (worklist)."""
    mask = np.isin(p_nodes, maybe)
    e = counted_edges(g, policy, p_nodes[mask], p_rootlike[mask])
    e = e[(g.high[e] > 0) & np.isin(g.dst[e], maybe)]
    if not e.size:
        return bits
    src, dst = np.searchsorted(maybe, g.src[e]), np.searchsorted(maybe, g.dst[e])
    return flow_or(bits, src, dst, np.flatnonzero(bits), dag=False)


def flow_or(bits: np.ndarray, src: np.ndarray, dst: np.ndarray, start: np.ndarray, dag: bool) -> np.ndarray:
    """OR ``bits`` (one value or one row of words per node) forward along the edges ``src -> dst``,
    starting from ``start``: once, in topological order (``dag``), or else to a fixed point."""
    k = len(bits)
    order = np.argsort(src)
    src, dst = src[order], dst[order]
    ptr = np.zeros(k + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=k), out=ptr[1:])
    indeg = np.bincount(dst, minlength=k)
    frontier = start[indeg[start] == 0] if dag else start
    while frontier.size:
        idx = gather(ptr, frontier)
        if not idx.size:
            break
        touched, merged = or_by_target(dst[idx], bits[src[idx]])
        new = bits[touched] | merged
        if dag:
            bits[touched] = new
            indeg -= np.bincount(dst[idx], minlength=k)
            frontier = touched[indeg[touched] == 0]
        else:
            changed = (new != bits[touched]).reshape(len(touched), -1).any(axis=1)
            bits[touched] = new
            frontier = touched[changed]
    return bits


def gather(ptr: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Positions ``ptr[v]:ptr[v+1]`` for every ``v`` in ``nodes``, concatenated (CSR gather)."""
    starts = ptr[nodes]
    counts = ptr[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return EMPTY
    return np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total, dtype=np.int64)


def or_by_target(targets: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct targets and the bitwise OR of the values sent to each (rows may be 2-D)."""
    order = np.argsort(targets)
    targets, values = targets[order], values[order]
    starts = np.flatnonzero(np.concatenate([[True], targets[1:] != targets[:-1]]))
    return targets[starts], np.bitwise_or.reduceat(values, starts, axis=0)


def _fallback(bits: np.ndarray, fallback_bit: int = BIT_RANGE) -> np.ndarray:
    """A possible entity left without a reason gets ``fallback_bit``: ``range`` (cannot normally
    happen), or ``aggregate`` in the conservative per-party pass (possible only with the stakes of
    different listed parties added up)."""
    return np.where(bits == 0, fallback_bit, bits).astype(np.int8)
