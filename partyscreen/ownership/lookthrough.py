"""Look-through (integrated) ownership, used only to flag ``possible_affiliate`` (reason ``lookthrough``).

Definition: the integrated ownership of entity e by the roots is the least solution of
``t(root) = 1``, ``t(e) = sum over holdings o -> e of share(o, e) * t(o)``, i.e. the sum over all
paths from a root of the product of the shares (cycles included: X→A 40, A→B 100, B→A 25 gives
t(A) = 0.4 / (1 - 0.25) = 53.3%). Shareholdings count at their *upper* bound (so the flag is
conservative for ranges), branches at 100%, voting and control not at all. With ``aggregate``
policies all roots are fixed at 1; per-party policies need one root's t to reach the threshold.

Method (provably conservative, exact at the threshold):

1. Only the subgraph reachable from the roots is considered (t is 0 elsewhere), and only entities
   not already caught by the chain method whose in-shares from that subgraph sum to at least the
   threshold are candidates (t(e) <= that sum).
2. Interval iteration in float64 on the reachable subgraph: ``x`` from below (0, roots 1) and
   ``y`` from above (1), applying ``v -> min(1, b + S v)``. The map is monotone, so ``x_k <= t <=
   y_k`` at every step (every iterate from above is a super-solution, which bounds the least fixed
   point). A candidate is decided when ``x >= T + MARGIN`` (flag) or ``y < T - MARGIN`` (no flag);
   ``MARGIN`` (1e-9 of 100%) is many orders above the float rounding of the iteration. Iteration
   stops when every candidate is decided, or when no candidate was decided for :data:`STALL`
   iterations, or after :data:`MAX_ITER`.
3. Candidates still undecided (typically exactly at the threshold, e.g. t = 50% under ">", or in
   slowly converging cycles) are decided with exact ``Fraction`` arithmetic on their ancestor
   subgraph: strongly connected components in topological order, each solved by Gaussian
   elimination. A component nothing flows into from the fixed roots is 0 (the least solution; per
   party, a cycle only other roots reach). If that subgraph has more than :data:`EXACT_LIMIT`
   entities, or a component is not provably convergent (in-share sums above 100%: inconsistent
   data), the candidate is flagged (conservative) and its reported value is the float interval.
4. Per-party policies: the aggregate t bounds every single root's t from above, so only
   candidates the aggregate does not rule out are checked root by root, exactly; with more than
   :data:`PER_ROOT_LIMIT` of them the aggregate flags are used (conservative) and the engine
   switches the policy's possible pass to its conservative mode.

Reported values (``Affiliation.lookthrough_min/max``) are the float bounds rounded outward to
0.000001%, collapsed to one value when they agree within 1e-10, or the exact fraction where the
exact solver ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from partyscreen.ownership.table import REL_BRANCH, REL_SHARE, OwnershipGraph
from partyscreen.shares import HUNDRED_PERCENT

MARGIN = 1e-9
"""Float decisions keep this distance (as a fraction of 100%) from the threshold."""
MAX_ITER = 100
"""Interval iterations before undecided candidates go to the exact solver."""
EXACT_LIMIT = 5000
"""Largest ancestor subgraph solved exactly; above it the candidate is flagged conservatively."""
STALL = 5
"""Stop iterating when this many iterations decided no further candidate (the rest go to the exact solver)."""
MIN_ITER = 12
"""Iterations always run (values for reporting tighten meanwhile)."""
REPORT_BUDGET = 20_000_000
"""Once every candidate is decided, keep iterating only for tighter reported values, within this many edge updates."""
PER_ROOT_LIMIT = 200
"""Per-party policies: most candidates checked root by root (exactly); beyond it, ``per_root`` is
``None`` and the aggregate flags (an upper bound: the sum over roots) are used conservatively."""
CONVERGED = 1e-10
"""Iteration also continues (within ``MAX_ITER``) until values are this tight, for reporting."""


@dataclass
class LookthroughResult:
    """Bounds of t for the reachable entities and the flagged ones."""

    nodes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    low: np.ndarray = field(default_factory=lambda: np.empty(0))
    high: np.ndarray = field(default_factory=lambda: np.empty(0))
    flagged: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    per_root: dict[int, np.ndarray] | None = field(default_factory=dict)
    exact: dict[int, Fraction] = field(default_factory=dict)
    iterations: int = 0

    def bounds_units(self, node: int) -> tuple[int, int] | None:
        """(floor, ceil) of t in share units, or ``None`` if not computed."""
        if node in self.exact:
            v = self.exact[node] * HUNDRED_PERCENT
            return int(v.__floor__()), int(v.__ceil__())
        i = np.searchsorted(self.nodes, node)
        if i >= len(self.nodes) or self.nodes[i] != node:
            return None
        lo, hi = float(self.low[i]), float(self.high[i])
        if hi - lo < CONVERGED:
            v = round((lo + hi) / 2 * HUNDRED_PERCENT)
            return v, v
        return int(np.floor(lo * HUNDRED_PERCENT)), int(np.ceil(hi * HUNDRED_PERCENT))

    def bounds_units_many(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`bounds_units` for many nodes at once: ``(computed, floor, ceil)`` arrays."""
        nodes = np.asarray(nodes, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.nodes, nodes), max(len(self.nodes) - 1, 0))
        found = (self.nodes[at] == nodes) if len(self.nodes) else np.zeros(len(nodes), dtype=bool)
        lo = np.where(found, self.low[at] if len(self.nodes) else 0.0, 0.0)
        hi = np.where(found, self.high[at] if len(self.nodes) else 0.0, 0.0)
        middle = np.rint((lo + hi) / 2 * HUNDRED_PERCENT)
        converged = hi - lo < CONVERGED
        low = np.where(converged, middle, np.floor(lo * HUNDRED_PERCENT)).astype(np.int64)
        high = np.where(converged, middle, np.ceil(hi * HUNDRED_PERCENT)).astype(np.int64)
        for i in np.flatnonzero(np.isin(nodes, np.fromiter(self.exact, dtype=np.int64, count=len(self.exact)))):
            low[i], high[i] = self.bounds_units(int(nodes[i]))
            found[i] = True
        return found, low, high


def compute_lookthrough(
    g: OwnershipGraph, roots: np.ndarray, caught: np.ndarray, threshold: int, strict: bool, aggregate: bool = True
) -> LookthroughResult:
    """Flag entities not in ``caught`` whose integrated ownership by ``roots`` reaches the threshold."""
    if not roots.size:
        return LookthroughResult()
    sub = _Subgraph.build(g, roots)
    t = threshold / HUNDRED_PERCENT
    is_root = np.zeros(sub.k, dtype=bool)
    is_root[sub.root_loc] = True
    excluded = np.isin(sub.nodes, caught) | is_root
    inflow = np.bincount(sub.dst, weights=sub.w, minlength=sub.k)
    cand = np.flatnonzero(~excluded & (inflow >= t - MARGIN))
    if not cand.size:
        return LookthroughResult()
    result = LookthroughResult(nodes=sub.nodes)
    x, y, iterations, pos, neg = _iterate(sub, is_root, cand, t)
    result.low, result.high, result.iterations = x, y, iterations
    undecided = cand[~pos & ~neg]
    flagged_loc = list(cand[pos])
    for loc, value in _resolve(sub, undecided, sub.root_loc).items():
        if value is not None:
            result.exact[int(sub.nodes[loc])] = value
        if value is None or _reaches(value, threshold, strict):
            flagged_loc.append(loc)
    result.flagged = np.sort(sub.nodes[np.array(flagged_loc, dtype=np.int64)])
    if aggregate:
        return result
    per_root_cand = cand[~neg]
    if len(per_root_cand) > PER_ROOT_LIMIT:
        result.per_root = None
        return result
    result.per_root = _per_root(sub, per_root_cand, threshold, strict)
    result.flagged = np.unique(np.concatenate(list(result.per_root.values()) or [np.empty(0, np.int64)]))
    return result


def _reaches(value: Fraction, threshold: int, strict: bool) -> bool:
    """Exact threshold test on a fraction of 100%."""
    v = value * HUNDRED_PERCENT
    return v > threshold if strict else v >= threshold


@dataclass
class _Subgraph:
    """The share/branch edges reachable from the roots, in local indices."""

    nodes: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    w: np.ndarray
    units: np.ndarray
    root_loc: np.ndarray
    _in: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def k(self) -> int:
        return len(self.nodes)

    @classmethod
    def build(cls, g: OwnershipGraph, roots: np.ndarray) -> "_Subgraph":
        usable = ((g.rel == REL_SHARE) | (g.rel == REL_BRANCH)) & (g.high > 0)
        seen = np.zeros(g.n, dtype=bool)
        seen[roots] = True
        frontier = np.unique(roots)
        while frontier.size:
            e = g.out_edges(frontier)
            e = e[usable[e]]
            nxt = g.dst[e]
            frontier = np.unique(nxt[~seen[nxt]])
            seen[frontier] = True
        nodes = np.flatnonzero(seen)
        loc = np.full(g.n, -1, dtype=np.int64)
        loc[nodes] = np.arange(len(nodes))
        e = g.out_edges(nodes)
        e = e[usable[e]]
        units = g.high[e]
        return cls(nodes, loc[g.src[e]], loc[g.dst[e]], units / HUNDRED_PERCENT, units, loc[np.unique(roots)])

    def preds(self, v: int) -> np.ndarray:
        """Local edge indices into local node ``v``."""
        if self._in is None:
            order = np.argsort(self.dst)
            ptr = np.zeros(self.k + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.dst, minlength=self.k), out=ptr[1:])
            self._in = (order, ptr)
        order, ptr = self._in
        return order[ptr[v]:ptr[v + 1]]


def _iterate(sub: _Subgraph, is_root: np.ndarray, cand: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, np.ndarray]:
    """Interval iteration; returns x, y, iterations and the candidates decided positive / negative."""
    x = is_root.astype(np.float64)
    y = np.ones(sub.k)
    pos = neg = np.zeros(len(cand), dtype=bool)
    it = 0
    history: list[int] = []
    for it in range(1, MAX_ITER + 1):
        x = _apply(sub, x, is_root)
        y = _apply(sub, y, is_root)
        pos = x[cand] >= t + MARGIN
        neg = y[cand] < t - MARGIN
        undecided = int(len(cand) - (pos | neg).sum())
        history.append(undecided)
        if undecided == 0 and (float((y - x).max()) < CONVERGED or (it >= MIN_ITER and it * len(sub.src) > REPORT_BUDGET)):
            break
        if it >= MIN_ITER and 0 < undecided <= EXACT_LIMIT and history[-STALL] == undecided:
            break
    return x, y, it, pos, neg


def _apply(sub: _Subgraph, v: np.ndarray, is_root: np.ndarray) -> np.ndarray:
    """One step of ``v -> min(1, b + S v)`` with the roots fixed at 1."""
    out = np.bincount(sub.dst, weights=sub.w * v[sub.src], minlength=sub.k)
    np.minimum(out, 1.0, out=out)
    out[is_root] = 1.0
    return out


def _ancestors(sub: _Subgraph, targets: np.ndarray) -> list[int] | None:
    """Local ancestors of ``targets`` (inclusive), or ``None`` beyond :data:`EXACT_LIMIT`."""
    seen = set(int(v) for v in targets)
    stack = list(seen)
    while stack:
        v = stack.pop()
        for e in sub.preds(v):
            u = int(sub.src[e])
            if u not in seen:
                seen.add(u)
                if len(seen) > EXACT_LIMIT:
                    return None
                stack.append(u)
    return sorted(seen)


def _resolve(sub: _Subgraph, targets: np.ndarray, fixed: np.ndarray) -> dict[int, Fraction | None]:
    """Exact t of each target with the ``fixed`` local nodes at 1; ``None`` where not provable."""
    if not targets.size:
        return {}
    region = _ancestors(sub, targets)
    if region is None:
        return {int(v): None for v in targets}
    values = exact_values(sub, region, {int(r) for r in fixed})
    return {int(v): values.get(int(v)) for v in targets}


def exact_values(sub: _Subgraph, region: list[int], fixed: set[int]) -> dict[int, Fraction | None]:
    """Exact least solution on an ancestor-closed ``region`` (components in topological order)."""
    members = set(region)
    preds: dict[int, list[tuple[int, Fraction]]] = {v: [] for v in region}
    for v in region:
        for e in sub.preds(v):
            preds[v].append((int(sub.src[e]), Fraction(int(sub.units[e]), HUNDRED_PERCENT)))
    succ: dict[int, list[int]] = {v: [] for v in region}
    for v in region:
        if v in fixed:
            continue
        for u, _ in preds[v]:
            if u in members and u not in fixed:
                succ[u].append(v)
    values: dict[int, Fraction | None] = {v: Fraction(1) for v in fixed if v in members}
    for comp in _components([v for v in region if v not in fixed], succ):
        _solve_component(comp, preds, values)
    return values


def _components(nodes: list[int], succ: dict[int, list[int]]) -> list[list[int]]:
    """Strongly connected components in topological order (iterative Tarjan, reversed)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            children = succ[v]
            if i < len(children):
                work.append((v, i + 1))
                w = children[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    out.reverse()
    return out


def _solve_component(comp: list[int], preds: dict[int, list[tuple[int, Fraction]]], values: dict[int, Fraction | None]) -> None:
    """Solve ``t = b + W t`` on one component exactly; ``None`` values if not provably convergent."""
    pos = {v: i for i, v in enumerate(comp)}
    n = len(comp)
    matrix = [[Fraction(0)] * n for _ in range(n)]
    rhs = [Fraction(0)] * n
    unknown = False
    inside_sums = [Fraction(0)] * n
    for v in comp:
        i = pos[v]
        matrix[i][i] += 1
        for u, w in preds[v]:
            if u in pos:
                matrix[i][pos[u]] -= w
                inside_sums[i] += w
            else:
                value = values.get(u, Fraction(0))
                if value is None:
                    unknown = True
                else:
                    rhs[i] += w * value
    if not unknown and not any(rhs):
        # Nothing flows in from the fixed roots: the least solution is 0 here, whatever the shares
        # inside (a per-party root's region can hold a cycle that owns itself whole but that only
        # other roots reach; it is not inconsistent data and this root holds none of it).
        for v in comp:
            values[v] = Fraction(0)
        return
    cyclic = n > 1 or inside_sums[0] > 0
    convergent = not cyclic or (all(s <= 1 for s in inside_sums) and any(s < 1 for s in inside_sums))
    if unknown or not convergent:
        for v in comp:
            values[v] = None
        return
    solution = _gauss(matrix, rhs)
    for v in comp:
        values[v] = None if solution is None else min(Fraction(1), solution[pos[v]])


def _gauss(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gaussian elimination over fractions; ``None`` if singular."""
    n = len(rhs)
    a = [row[:] + [rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if a[r][col] != 0), None)
        if pivot is None:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def _per_root(sub: _Subgraph, cand: np.ndarray, threshold: int, strict: bool) -> dict[int, np.ndarray]:
    """Per-party look-through: for each candidate, each root's own t, exactly (conservative if too big)."""
    flagged: dict[int, list[int]] = {}
    root_set = {int(r) for r in sub.root_loc}
    for c in cand:
        region = _ancestors(sub, np.array([c]))
        roots_here = sorted(root_set.intersection(region)) if region is not None else sorted(root_set)
        for r in roots_here:
            value = None if region is None else exact_values(sub, region, {r}).get(int(c))
            if value is None or _reaches(value, threshold, strict):
                flagged.setdefault(int(sub.nodes[r]), []).append(int(sub.nodes[c]))
    return {root: np.array(sorted(v), dtype=np.int64) for root, v in flagged.items()}
