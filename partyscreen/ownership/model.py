"""Plain input and output records of the ownership engine.

Shares are integers in millionths of a percent (:mod:`partyscreen.shares`); a holding is either
exact (``share_min == share_max``) or a range whose bounds may be exclusive (BODS
``exclusiveMinimum`` / ``exclusiveMaximum``; the UK PSC band "more than 25% but not more than 50%"
is ``share_min=25%, min_exclusive=True, share_max=50%``). A holding of unknown size has both bounds
``None`` and is read as [0, 100]. Dates are half-open: a holding is in force on D when
``start_date <= D < end_date`` (a missing bound is open).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Tuple

from partyscreen.shares import HUNDRED_PERCENT, format_percent

SHAREHOLDING = "shareholding"
VOTING = "voting"
BRANCH = "branch"
CONTROL = "control"
RELATIONS = (SHAREHOLDING, VOTING, BRANCH, CONTROL)
"""Relation names, in the order of their integer codes in :class:`HoldingTable`."""

LISTED = "listed"
AFFILIATE = "affiliate"
POSSIBLE = "possible_affiliate"

RANGE = "range"
UNKNOWN_REMAINDER = "unknown_remainder"
LOOKTHROUGH = "lookthrough"
CONTROL_REASON = "control"
AGGREGATE_REASON = "aggregate"
REASONS = (RANGE, UNKNOWN_REMAINDER, LOOKTHROUGH, CONTROL_REASON, AGGREGATE_REASON)
"""Reasons a ``possible_affiliate`` is only possible; bit ``1 << i`` in the engine's masks.

``aggregate`` appears only under a per-party policy (uk, mofcom-61-literal) on graphs too large
for exact per-party possible passes: the entity is possible only when different listed parties'
stakes are added up, which that policy does not do (a conservative over-approximation)."""

SUSPENDED = "suspended"
ENDED = "ended"
IN_EFFECT = "in_effect"


@dataclass(frozen=True)
class Holding:
    """One recorded relation: ``owner_id`` holds (votes in, controls, has as branch) ``owned_id``."""

    owner_id: str
    owned_id: str
    relation: str = SHAREHOLDING
    share_min: int | None = None
    share_max: int | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    start_date: date | None = None
    end_date: date | None = None

    @classmethod
    def exact(cls, owner_id: str, owned_id: str, share: int, **kwargs: object) -> "Holding":
        """A holding of an exact share (units)."""
        return cls(owner_id, owned_id, share_min=share, share_max=share, **kwargs)  # type: ignore[arg-type]

    def in_force(self, as_of: date) -> bool:
        """True when ``start_date <= as_of < end_date`` (open bounds when missing)."""
        if self.start_date is not None and as_of < self.start_date:
            return False
        return self.end_date is None or as_of < self.end_date


@dataclass(frozen=True)
class MeasurePeriod:
    """A period in which a list entry's measures are ``suspended`` or ``ended``.

    ``start=None`` means the period began before anything we know (treated as already in
    effect); ``end=None`` means open. ``end`` is exclusive: the first day the measures apply
    again.
    """

    status: str
    start: date | None = None
    end: date | None = None

    def covers(self, as_of: date) -> bool:
        """True when the period is in effect on ``as_of``."""
        if self.start is not None and as_of < self.start:
            return False
        return self.end is None or as_of < self.end


@dataclass(frozen=True)
class Listing:
    """One list entry of an entity, with its dated measure periods."""

    entity_id: str
    list_id: str
    listed_on: date | None = None
    delisted_on: date | None = None
    measures: tuple[MeasurePeriod, ...] = ()


@dataclass(frozen=True)
class RootRef:
    """A listed root as of the computation date, with the state of its measures."""

    entity_id: str
    list_ids: tuple[str, ...]
    measure_status: str = IN_EFFECT
    measure_until: date | None = None
    """Suspended measures: the first day they apply again (``None``: not known / open-ended)."""
    measure_ended_on: date | None = None
    """Ended measures (a policy that counts them): the day they ended, when known."""

    def describe(self, name: str = "") -> str:
        """``ACME Ltd [acme] on cn-mofcom-watch``, plus ``(listing measures suspended until 2026-11-10)``
        or ``(listing measures ended from …)`` when they are."""
        text = f"{entity_label(self.entity_id, name)} on {' + '.join(self.list_ids)}"
        if self.measure_status == SUSPENDED:
            until = f" until {self.measure_until.isoformat()}" if self.measure_until else ""
            text += f" (listing measures suspended{until})"
        elif self.measure_status == ENDED:
            since = f" from {self.measure_ended_on.isoformat()}" if self.measure_ended_on else ""
            text += f" (listing measures ended{since})"
        return text


Hop = Tuple[str, str]
"""One step of a path: ``(share label, entity id)``; the first step of a chain (the root) has no share."""
Legs = Tuple[Tuple[Hop, ...], ...]
"""A path as legs: one root-to-entity chain per owner whose stake counts towards the threshold."""

LEG_SEPARATOR = " + "
_HOP = re.compile(r" -(\S+(?: votes)?)-> ")
_MORE = re.compile(r"(?: \+ (\d+) more)$")


def entity_label(entity_id: str, name: str | None = "") -> str:
    """``Name [id]`` (just ``id`` when the name is unknown or is the id)."""
    return f"{name} [{entity_id}]" if name and name != entity_id else entity_id


def render_path(legs: Legs, more: int = 0, names: Mapping[str, str] | None = None, memo: dict[str, str] | None = None) -> str:
    """``X -50%-> A -25%-> C``; legs joined by `` + `` (``+ N more`` for legs left out).

    With ``names``, every entity shows as ``Name [id]`` (see :func:`entity_label`); ``memo``
    caches those labels across calls.
    """
    if names is None:
        label = str
    else:
        cache = {} if memo is None else memo

        def label(entity_id: str) -> str:
            found = cache.get(entity_id)
            if found is None:
                found = cache[entity_id] = entity_label(entity_id, names.get(entity_id))
            return found

    texts = []
    for chain in legs:
        parts = [label(chain[0][1])]
        for share, entity_id in chain[1:]:
            parts.append(f"-{share}-> {label(entity_id)}")
        texts.append(" ".join(parts))
    if more:
        texts.append(f"{more} more")
    return LEG_SEPARATOR.join(texts)


def parse_path(text: str) -> tuple[Legs, int]:
    """The legs of a path with ids (as :func:`render_path` writes it without names), and the
    number of legs left out. Ids containing `` + `` or `` -…-> `` cannot be told apart from the
    separators."""
    if not text:
        return (), 0
    more = 0
    found = _MORE.search(text)
    if found:
        more, text = int(found.group(1)), text[: found.start()]
    legs = []
    for leg in text.split(LEG_SEPARATOR):
        parts = _HOP.split(leg)
        legs.append((("", parts[0]),) + tuple(zip(parts[1::2], parts[2::2])))
    return tuple(legs), more


@lru_cache(maxsize=1 << 16)  # paths repeat the same few shares millions of times
def render_share(share_min: int, share_max: int, min_exclusive: bool = False, max_exclusive: bool = False) -> str:
    """``50%``, ``25-50%``, ``>25-50%`` or ``?%`` (unknown size) for a share or range in units."""
    if share_min == share_max:
        return f"{format_percent(share_min)}%"
    if share_min == 0 and share_max == HUNDRED_PERCENT and not (min_exclusive or max_exclusive):
        return "?%"
    low = (">" if min_exclusive else "") + format_percent(share_min)
    high = ("<" if max_exclusive else "") + format_percent(share_max)
    return f"{low}-{high}%"


@dataclass(frozen=True)
class Contribution:
    """A caught owner's holding in a caught entity (one row of the proof)."""

    owner_id: str
    owner_status: str
    relation: str
    share_min: int
    share_max: int
    min_exclusive: bool = False
    max_exclusive: bool = False

    @property
    def share_text(self) -> str:
        """The share as rendered in paths and explanations."""
        if self.relation in (CONTROL, BRANCH):
            return self.relation
        return render_share(self.share_min, self.share_max, self.min_exclusive, self.max_exclusive)


def render_lookthrough(low: int, high: int) -> str:
    """Look-through ownership as text: one value when its bounds meet (within a unit), else ``low-high``."""
    return format_percent(high) if high - low <= 1 else f"{format_percent(low)}-{format_percent(high)}"


@dataclass(frozen=True)
class Affiliation:
    """The engine's answer for one caught entity.

    ``share_min`` sums the lower bounds held by listed parties and affiliates; ``share_max`` sums
    the upper bounds held by listed parties, affiliates and possible affiliates (both on the
    shareholding measure, in units; 100% for a branch and for a listed root). ``lookthrough_min``
    / ``lookthrough_max`` bound the integrated (multiplied-through) ownership by listed roots
    when it was computed (rounded outward to units). ``path`` runs from a listed root to the entity.
    """

    entity_id: str
    status: str
    share_min: int
    share_max: int
    depth: int
    roots: tuple[RootRef, ...]
    owners: tuple[Contribution, ...] = ()
    path: tuple[tuple[str, str], ...] = ()
    reasons: tuple[str, ...] = ()
    lookthrough_min: int | None = None
    lookthrough_max: int | None = None
    legs: Legs = ()
    """One chain per owner whose stake counts towards the threshold (the proof), each from a
    root through that owner to the entity; empty when there is no proof (then ``path``)."""
    more_legs: int = 0
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def path_legs(self) -> Legs:
        """The legs, or the shortest path as the only leg."""
        return self.legs or ((self.path,) if self.path else ((("", self.entity_id),),))

    @property
    def path_text(self) -> str:
        """``X -50%-> A -50%-> B``: each leg from a root, then ``(share, entity)`` hops; the legs of an
        aggregate joined by `` + `` (``X -30%-> B + X -50%-> A -20%-> B``)."""
        return render_path(self.path_legs, self.more_legs)

    def path_with_names(self, names: Mapping[str, str]) -> str:
        """:attr:`path_text` with every entity as ``Name [id]``."""
        return render_path(self.path_legs, self.more_legs, names)

    @property
    def lookthrough_text(self) -> str:
        """The look-through share in percent (``53.333333``), a ``lo-hi`` interval, or ``""``."""
        if self.lookthrough_min is None or self.lookthrough_max is None:
            return ""
        return render_lookthrough(self.lookthrough_min, self.lookthrough_max)

    def to_row(self, *, policy: str, as_of: date, entity_name: str = "", names: Mapping[str, str] | None = None) -> dict[str, str]:
        """One row of the ``affiliates`` output contract of ``design.md`` (all values strings)."""
        return {
            "entity_id": self.entity_id,
            "entity_name": entity_name,
            "status": self.status,
            "policy": policy,
            "as_of": as_of.isoformat(),
            "share_min": format_percent(self.share_min),
            "share_max": format_percent(self.share_max),
            "lookthrough": self.lookthrough_text,
            "depth": str(self.depth),
            "roots": ";".join(r.entity_id for r in self.roots),
            "path": self.path_with_names(names) if names else self.path_text,
            "reasons": ";".join(self.reasons),
            "path_ids": self.path_text,
        }

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (shares as exact percent strings)."""
        return {
            "entity_id": self.entity_id,
            "status": self.status,
            "share_min": format_percent(self.share_min),
            "share_max": format_percent(self.share_max),
            "lookthrough": self.lookthrough_text or None,
            "depth": self.depth,
            "roots": [
                {
                    "entity_id": r.entity_id,
                    "list_ids": list(r.list_ids),
                    "measure_status": r.measure_status,
                    "measure_until": r.measure_until.isoformat() if r.measure_until else None,
                    "measure_ended_on": r.measure_ended_on.isoformat() if r.measure_ended_on else None,
                }
                for r in self.roots
            ],
            "owners": [
                {"owner_id": c.owner_id, "owner_status": c.owner_status, "relation": c.relation, "share": c.share_text}
                for c in self.owners
            ],
            "path": self.path_text,
            "reasons": list(self.reasons),
        }
