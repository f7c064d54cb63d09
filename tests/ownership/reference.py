"""A deliberately simple reference implementation of the ownership rules, for property tests.

Everything is dicts, sets and full re-scans until nothing changes; look-through is solved exactly
with fractions over the whole reachable subgraph. Slow (quadratic and worse) and obviously
correct is the point. It implements the rules as written in ``partyscreen.ownership.propagate``
and ``lookthrough`` docstrings, without sharing any of their code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from partyscreen.ownership import Holding, Listing, Policy
from partyscreen.shares import HUNDRED_PERCENT

SHARE, VOTE, BRANCH, CONTROL = "shareholding", "voting", "branch", "control"


@dataclass
class RefAnswer:
    """Status, reasons and share bounds of one caught entity."""

    status: str
    reasons: frozenset[str]
    share_min: int
    share_max: int


def _certain(low: int, excl: bool, pol: Policy) -> bool:
    if pol.strict:
        return low > pol.threshold or (low == pol.threshold and excl)
    return low >= pol.threshold


def _possible(high: int, excl: bool, pol: Policy) -> bool:
    if pol.strict:
        return high > pol.threshold
    return high > pol.threshold or (high == pol.threshold and not excl)


def _bounds(x: Holding) -> tuple[int, int]:
    if x.relation in (BRANCH, CONTROL):
        return HUNDRED_PERCENT, HUNDRED_PERCENT
    return (x.share_min or 0, HUNDRED_PERCENT if x.share_max is None else x.share_max)


def _roots(listings: list[Listing], pol: Policy, day: date) -> set[str]:
    out = set()
    for entry in listings:
        if entry.list_id not in pol.lists:
            continue
        if entry.listed_on is not None and day < entry.listed_on:
            continue
        if entry.delisted_on is not None and day >= entry.delisted_on:
            continue
        live = True
        for m in entry.measures:
            covers = (m.start is None or m.start <= day) and (m.end is None or day < m.end)
            if covers and m.status == "ended" and not pol.count_ended:
                live = False
            if covers and m.status == "suspended" and not pol.count_suspended:
                live = False
        if live:
            out.add(entry.entity_id)
    return out


class _Group:
    """Sums into one entity from a set of members."""

    def __init__(self, hs: list[Holding], members: set[str], rootlike: set[str], pol: Policy, target: str) -> None:
        self.low = self.high = self.vlow = self.vhigh = 0
        self.low_x = self.high_x = self.vlow_x = self.vhigh_x = False
        self.branch = self.control = self.has_stake = False
        for x in hs:
            if x.owned_id != target or x.owner_id not in members:
                continue
            if not (pol.propagate or x.owner_id in rootlike or x.relation == BRANCH):
                continue
            lo, hi = _bounds(x)
            if x.relation == SHARE:
                self.low += lo
                self.high += hi
                self.low_x |= x.min_exclusive
                self.high_x |= x.max_exclusive
                self.has_stake |= hi > 0
            elif x.relation == VOTE:
                self.vlow += lo
                self.vhigh += hi
                self.vlow_x |= x.min_exclusive
                self.vhigh_x |= x.max_exclusive
            elif x.relation == BRANCH:
                self.branch = True
            else:
                self.control = True


def _accounted(hs: list[Holding], target: str) -> int:
    return sum(_bounds(x)[0] for x in hs if x.owned_id == target and x.relation == SHARE)


def _closure(hs: list[Holding], entities: set[str], group: set[str], pol: Policy, possible: bool, seeds: set[str]) -> tuple[set[str], set[str]]:
    """Members and root-like members of one group, by full re-scans until stable."""
    members = set(group) | set(seeds)
    rootlike = set(group)
    changed = True
    while changed:
        changed = False
        for x in hs:
            if x.relation == BRANCH and x.owner_id in rootlike and x.owned_id not in rootlike:
                rootlike.add(x.owned_id)
                members.add(x.owned_id)
                changed = True
        for e in sorted(entities - members):
            if possible:
                ok = _possible_from(hs, members, rootlike, pol, e)
            else:
                s = _Group(hs, members, rootlike, pol, e)
                ok = s.branch or _certain(s.low, s.low_x, pol)
                ok = ok or (pol.count_voting and _certain(s.vlow, s.vlow_x, pol)) or (pol.count_control and s.control)
            if ok:
                members.add(e)
                changed = True
    return members, rootlike


def _exact_lookthrough(hs: list[Holding], fixed: set[str]) -> dict[str, Fraction]:
    """Integrated ownership by ``fixed`` (each at 1) over share/branch holdings, by exact elimination."""
    edges = [(x.owner_id, x.owned_id, Fraction(_bounds(x)[1], HUNDRED_PERCENT)) for x in hs
             if x.relation in (SHARE, BRANCH) and _bounds(x)[1] > 0]
    reach = set(fixed)
    grew = True
    while grew:
        grew = False
        for o, d, _ in edges:
            if o in reach and d not in reach:
                reach.add(d)
                grew = True
    unknowns = sorted(reach - fixed)
    pos = {v: i for i, v in enumerate(unknowns)}
    n = len(unknowns)
    a = [[Fraction(int(i == j)) for j in range(n)] + [Fraction(0)] for i in range(n)]
    for o, d, w in edges:
        if d in pos and o in reach:
            if o in fixed:
                a[pos[d]][n] += w
            else:
                a[pos[d]][pos[o]] -= w
    for col in range(n):
        pivot = next(r for r in range(col, n) if a[r][col] != 0)
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col and a[r][col] != 0:
                f = a[r][col] / a[col][col]
                a[r] = [p - f * q for p, q in zip(a[r], a[col])]
    values = {v: a[pos[v]][n] / a[pos[v]][pos[v]] for v in unknowns}
    values.update({v: Fraction(1) for v in fixed})
    return values


def _reaches(value: Fraction, pol: Policy) -> bool:
    v = value * HUNDRED_PERCENT
    return v > pol.threshold if pol.strict else v >= pol.threshold


def reference(holdings: list[Holding], listings: list[Listing], pol: Policy, day: date) -> dict[str, RefAnswer]:
    """Every caught entity's answer, computed naively."""
    hs = [x for x in holdings if x.in_force(day) and x.owner_id != x.owned_id]
    entities = {x.owner_id for x in hs} | {x.owned_id for x in hs}
    roots = _roots(listings, pol, day)
    groups = [roots] if pol.aggregate else [{r} for r in sorted(roots)]
    certain = [_closure(hs, entities, g, pol, False, set()) for g in groups]
    caught_any = set().union(*[c for c, _ in certain]) if certain else set()
    seeds: list[set[str]] = [set() for _ in groups]
    if pol.lookthrough and roots:
        for i, g in enumerate(groups):
            values = _exact_lookthrough(hs, g)
            seeds[i] = {e for e, v in values.items() if e not in caught_any and e not in roots and _reaches(v, pol)}
    status: dict[str, int] = {r: 3 for r in roots}
    reasons: dict[str, set[str]] = {}
    smin: dict[str, int] = {}
    smax: dict[str, int] = {}
    for g, (c_members, c_rootlike), seed in zip(groups, certain, seeds):
        p_members, p_rootlike = _closure(hs, entities, g, pol, True, seed)
        # The group's possible-only members. Under a per-party policy another group's listed root
        # can be one of them (this root possibly holds it): its reasons pass on like any possible
        # member's, since its holdings count towards this root only through that possibility.
        maybe = p_members - c_members - g
        for e in p_members - roots:
            cs = _Group(hs, c_members, c_rootlike, pol, e)
            ps = _Group(hs, p_members, p_rootlike, pol, e)
            smin[e] = max(smin.get(e, 0), cs.low)
            smax[e] = max(smax.get(e, 0), ps.high)
        for e in c_members - roots:
            status[e] = 2
        for e in maybe:
            status[e] = max(status.get(e, 0), 1)
        own = {e: _own_reasons(hs, p_members, p_rootlike, pol, e, e in seed) for e in maybe}
        _pass_on(hs, maybe, p_rootlike, pol, own)
        # Possible only through each other (as if certain, inheriting nothing): measure each
        # against the other possible members alone; those possible so get their reasons there.
        while True:
            stuck = {e for e in maybe if not own[e]}
            others = p_members - stuck
            grounded = {e: _own_reasons(hs, others, p_rootlike & others, pol, e, False) for e in stuck
                        if _possible_from(hs, others, p_rootlike & others, pol, e)}
            grounded = {e: r for e, r in grounded.items() if r}
            if not grounded:
                break
            own.update(grounded)
            _pass_on(hs, maybe, p_rootlike, pol, own)
        for e, r in own.items():
            reasons.setdefault(e, set()).update(r or {"range"})
    out = {}
    for e, st in status.items():
        name = {3: "listed", 2: "affiliate", 1: "possible_affiliate"}[st]
        lo, hi = (HUNDRED_PERCENT, HUNDRED_PERCENT) if st == 3 else (smin.get(e, 0), smax.get(e, 0))
        for x in hs:
            if x.relation == BRANCH and x.owned_id == e and st < 3 and status.get(x.owner_id, 0) >= 1:
                hi = HUNDRED_PERCENT
                if status[x.owner_id] >= 2:
                    lo = HUNDRED_PERCENT
        out[e] = RefAnswer(name, frozenset(reasons.get(e, set())) if st == 1 else frozenset(), lo, hi)
    return out


def _pass_on(hs: list[Holding], maybe: set[str], rootlike: set[str], pol: Policy, own: dict[str, set[str]]) -> None:
    """Each possible member's reasons flow into the possible members it holds, until stable."""
    changed = True
    while changed:
        changed = False
        for x in hs:
            if x.owner_id in maybe and x.owned_id in maybe and _bounds(x)[1] > 0:
                if not (pol.propagate or x.owner_id in rootlike or x.relation == BRANCH):
                    continue
                if not own[x.owner_id] <= own[x.owned_id]:
                    own[x.owned_id] |= own[x.owner_id]
                    changed = True


def _possible_from(hs: list[Holding], members: set[str], rootlike: set[str], pol: Policy, e: str) -> bool:
    """The possible pass's membership test for ``e`` against ``members``."""
    s = _Group(hs, members, rootlike, pol, e)
    ok = s.branch or s.control or _possible(s.high, s.high_x, pol) or _possible(s.vhigh, s.vhigh_x, pol)
    return ok or (_known_floor(s, pol) and _possible(HUNDRED_PERCENT - (_accounted(hs, e) - s.low), False, pol))


def _known_floor(s: "_Group", pol: Policy) -> bool:
    """Members hold a stake in the entity that possibly reaches the policy's ``remainder_floor``."""
    floor = pol.remainder_floor
    return s.has_stake and (s.high > floor or (s.high == floor and not s.high_x))


def _own_reasons(hs: list[Holding], members: set[str], rootlike: set[str], pol: Policy, e: str, seeded: bool) -> set[str]:
    s = _Group(hs, members, rootlike, pol, e)
    as_if_certain = s.branch or _certain(s.low, s.low_x, pol)
    as_if_certain = as_if_certain or (pol.count_voting and _certain(s.vlow, s.vlow_x, pol)) or (pol.count_control and s.control)
    ranged = _possible(s.high, s.high_x, pol) or (pol.count_voting and _possible(s.vhigh, s.vhigh_x, pol))
    control = (s.control and not pol.count_control) or (not pol.count_voting and _possible(s.vhigh, s.vhigh_x, pol))
    remainder = not ranged and _known_floor(s, pol) and _possible(HUNDRED_PERCENT - (_accounted(hs, e) - s.low), False, pol)
    out: set[str] = set()
    if not as_if_certain:
        if ranged:
            out.add("range")
        if remainder:
            out.add("unknown_remainder")
        if control:
            out.add("control")
    if seeded and not out:
        out.add("lookthrough")  # only where no range, remainder or control reason applies
    return out
