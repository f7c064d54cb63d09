"""Which list entries are roots on a date, under a policy.

Rule: an entry of a list the policy counts is a root on D when ``listed_on <= D`` (or unknown),
it is not delisted on D (``D < delisted_on``), and no measure period the policy does not count
covers D: an ``ended`` period (unless ``count_ended``) or a ``suspended`` one (unless
``count_suspended``). A root whose measures are suspended but still counted keeps that state
(:attr:`RootRef.measure_status` ``suspended``, with the end of the suspension, following
suspensions that continue one another) so screening can
say "listing measures suspended until 2026-11-10". An entity with several entries is one root
naming every list; its state merges its entries' (:func:`merge_states`).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from partyscreen.ownership.model import ENDED, IN_EFFECT, SUSPENDED, UNKNOWN_AFTER, Listing, MeasurePeriod, RootRef
from partyscreen.ownership.policies import Policy


def entry_state(listing: Listing, as_of: date) -> tuple[str, date | None] | None:
    """``(state, day)`` for a published entry on ``as_of``; ``None`` if not listed then.

    ``day`` is, for ``suspended``, the first day the measures apply again (``None``: open-ended);
    for ``ended``, the day they ended (``None``: not known); for ``unknown``, the first day after
    the last known period; for ``in_effect``, ``None``.
    """
    if listing.listed_on is not None and as_of < listing.listed_on:
        return None
    if listing.delisted_on is not None and as_of >= listing.delisted_on:
        return None
    covering = [m for m in listing.measures if m.covers(as_of)]
    ended = [m for m in covering if m.status == ENDED]
    if ended:
        starts = [m.start for m in ended if m.start is not None]
        return ENDED, max(starts) if starts else None
    suspended = [m for m in covering if m.status == SUSPENDED]
    if suspended:
        return SUSPENDED, _suspended_until(listing, suspended)
    lapsed = [m.end for m in listing.measures if m.end is not None and m.end <= as_of]
    if lapsed and not any(m.start is not None and m.start >= max(lapsed) for m in listing.measures):
        return UNKNOWN_AFTER, max(lapsed)
    return IN_EFFECT, None


def _suspended_until(listing: Listing, covering: list[MeasurePeriod]) -> date | None:
    """The first day measures apply again, following suspensions that continue one another
    (a period starting the day the previous one ends); ``None`` if open-ended."""
    ends = [m.end for m in covering]
    if any(e is None for e in ends):
        return None
    until = max(e for e in ends if e is not None)
    followers = [m for m in listing.measures if m.status == SUSPENDED and m.start is not None]
    while True:
        nxt = [m for m in followers if m.start is not None and m.start <= until and (m.end is None or m.end > until)]
        if not nxt:
            return until
        if any(m.end is None for m in nxt):
            return None
        until = max(m.end for m in nxt if m.end is not None)


def select_roots(listings: Iterable[Listing], policy: Policy, as_of: date) -> dict[str, RootRef]:
    """The roots on ``as_of`` under ``policy``, keyed by entity id."""
    found: dict[str, list[tuple[str, str, date | None]]] = {}
    for listing in listings:
        if listing.list_id not in policy.lists:
            continue
        state = entry_state(listing, as_of)
        if state is None:
            continue
        status, until = state
        if status == ENDED and not policy.count_ended:
            continue
        if status == SUSPENDED and not policy.count_suspended:
            continue
        found.setdefault(listing.entity_id, []).append((listing.list_id, status, until))
    return {entity_id: _merge(entity_id, entries) for entity_id, entries in found.items()}


def _merge(entity_id: str, entries: list[tuple[str, str, date | None]]) -> RootRef:
    """One root from the entity's counted entries."""
    list_ids = tuple(sorted({list_id for list_id, _, _ in entries}))
    status, day = merge_states([(status, day) for _, status, day in entries])
    if status == ENDED:
        return RootRef(entity_id, list_ids, ENDED, measure_ended_on=day)
    return RootRef(entity_id, list_ids, status, day)


def merge_states(states: list[tuple[str, date | None]]) -> tuple[str, date | None]:
    """One entity's measure state from its entries' states (as :func:`entry_state` gives them).

    In effect if any entry's measures are; else unknown if any entry's are (from the earliest such
    day: they may be in effect); else suspended if any entry's are (they will apply
    again), until the latest day any resumes (``None`` if one is open-ended); else ended, from the
    day the last of them ended (``None`` if any entry's end day is not known).
    """
    if any(status == IN_EFFECT for status, _ in states):
        return IN_EFFECT, None
    unknown = [day for status, day in states if status == UNKNOWN_AFTER]
    if unknown:
        return UNKNOWN_AFTER, min(d for d in unknown if d) if all(unknown) else None
    suspended = [day for status, day in states if status == SUSPENDED]
    if suspended:
        return SUSPENDED, None if any(day is None for day in suspended) else max(d for d in suspended if d)
    ended = [day for _, day in states]
    return ENDED, None if any(day is None for day in ended) else max(d for d in ended if d)
