"""One-line builders for ownership test data (percent strings in, exact units inside)."""

from __future__ import annotations

from datetime import date

from partyscreen.ownership import (
    BRANCH, CONTROL, VOTING, Affiliation, Holding, Listing, MeasurePeriod, Policy, compute_affiliates, get_policy,
)
from partyscreen.shares import HUNDRED_PERCENT, parse_percent

D = date(2026, 1, 1)
"""The default computation date of the tests."""

POLICY_NAMES = ("mofcom-61", "mofcom-61-literal", "ofac", "bis-affiliates", "eu", "uk")


def pct(text: str) -> int:
    """Percent string to units."""
    return parse_percent(text)


def h(owner: str, owned: str, share: str = "50", **kwargs: object) -> Holding:
    """An exact shareholding."""
    return Holding(owner, owned, share_min=pct(share), share_max=pct(share), **kwargs)  # type: ignore[arg-type]


def band(owner: str, owned: str, low: str, high: str, min_exclusive: bool = True, **kwargs: object) -> Holding:
    """A range (by default a UK PSC band: more than ``low`` up to ``high``)."""
    return Holding(owner, owned, share_min=pct(low), share_max=pct(high), min_exclusive=min_exclusive, **kwargs)  # type: ignore[arg-type]


def unknown(owner: str, owned: str) -> Holding:
    """A stake of unknown size."""
    return Holding(owner, owned)


def branch(head: str, office: str) -> Holding:
    """``office`` is a branch of ``head``."""
    return Holding(head, office, BRANCH)


def control(owner: str, owned: str) -> Holding:
    """A control relation without ownership."""
    return Holding(owner, owned, CONTROL)


def votes(owner: str, owned: str, share: str) -> Holding:
    """Voting rights."""
    return Holding(owner, owned, VOTING, pct(share), pct(share))


def complete(holdings: list[Holding]) -> list[Holding]:
    """Add an unlisted holder ``P:<entity>`` for the capital of each held entity nobody accounts for."""
    held: dict[str, int] = {}
    for x in holdings:
        if x.relation == "shareholding":
            held[x.owned_id] = held.get(x.owned_id, 0) + (x.share_max if x.share_max is not None else HUNDRED_PERCENT)
    extra = [Holding(f"P:{e}", e, share_min=HUNDRED_PERCENT - s, share_max=HUNDRED_PERCENT - s) for e, s in held.items() if s < HUNDRED_PERCENT]
    return holdings + extra


def listing_for(policy: Policy, entity_id: str, **kwargs: object) -> Listing:
    """An entry of ``entity_id`` on one of the lists the policy counts."""
    return Listing(entity_id, sorted(policy.lists)[0], **kwargs)  # type: ignore[arg-type]


def run(holdings: list[Holding], policy: str | Policy, listed: tuple[str, ...] = ("X",), as_of: date = D,
        listings: list[Listing] | None = None) -> dict[str, Affiliation]:
    """Compute under ``policy`` with ``listed`` entities on one of its lists."""
    pol = get_policy(policy) if isinstance(policy, str) else policy
    entries = listings if listings is not None else [listing_for(pol, e) for e in listed]
    return compute_affiliates(holdings, entries, pol, as_of)


def statuses(result: dict[str, Affiliation]) -> dict[str, str]:
    """Entity id -> status, without the unlisted ``P:`` filler holders."""
    return {k: a.status for k, a in result.items()}


__all__ = ["D", "POLICY_NAMES", "MeasurePeriod", "band", "branch", "complete", "control", "h", "listing_for", "pct",
           "run", "statuses", "unknown", "votes"]
