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
flags; then, on first use, depths, paths and roots for explanation
(:mod:`~partyscreen.ownership.paths`).

Per-party policies (``uk``, ``mofcom-61-literal``) run one group per root. Their certain answers
are always exact. Their possible answers are exact while the per-root possible passes visit at
most :data:`PER_PARTY_BUDGET` entities in total; on larger graphs (where possibility percolates
through ranges and unknown remainders) one pass over all roots together gives a superset, and
entities possible only through that aggregation carry reason ``aggregate``
(``AffiliateResult.conservative_per_party`` is then True).

Roots none of whose lists is among the policy's ``affiliate_lists`` (``cn-all``: Unreliable Entity
List parties) are listed parties only: reported as ``listed`` (unless an affiliate of another
root already), their holdings catch nobody.

Work: every pass is linear in the holdings it reaches; look-through is linear per iteration.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from typing import Iterable

import numpy as np

from partyscreen.ownership.lookthrough import LookthroughResult, compute_lookthrough
from partyscreen.ownership.model import Affiliation, Holding, Listing, RootRef
from partyscreen.ownership.paths import ST_AFFILIATE, ST_LISTED, ST_NONE, ST_POSSIBLE
from partyscreen.ownership.policies import Policy, get_policy
from partyscreen.ownership.propagate import BIT_AGGREGATE, EMPTY, Members, Workspace, fixed_point, run_group
from partyscreen.ownership.result import AffiliateResult
from partyscreen.ownership.roots import select_roots
from partyscreen.ownership.table import REL_BRANCH, HoldingTable, OwnershipGraph
from partyscreen.shares import HUNDRED_PERCENT

PER_PARTY_BUDGET = 2_000_000
"""Per-party policies: entities visited by the per-root possible passes before switching to the
conservative single pass (:func:`_per_party_conservative`)."""


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
    listed_only: list[tuple[int | None, RootRef]] = []
    for entity_id, ref in sorted(refs.items()):
        idx = table.index_of(entity_id)
        if not pol.propagating_lists.intersection(ref.list_ids):
            listed_only.append((idx, ref))
        elif idx is None:
            outside.append(ref)
        else:
            roots[idx] = ref
    result = _run(g, pol, day, roots, timings)
    caught = set(result.caught().tolist()) if listed_only else set()
    result.outside_roots = outside + [ref for idx, ref in listed_only if idx is None or idx not in caught]
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
    # Reported bounds are capped at the whole capital: recorded stakes (or their upper bounds)
    # can add up to more than 100%, which no owner can hold. Decisions above are unaffected.
    np.minimum(result.share_min, HUNDRED_PERCENT, out=result.share_min)
    np.minimum(result.share_max, HUNDRED_PERCENT, out=result.share_max)
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
