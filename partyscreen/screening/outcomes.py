"""What a hit means, in the words of the policy that produced it.

Rules (``mofcom-61`` family, MOFCOM Announcement No. 61 of 2025, Art. II):
- a listed party whose measures are in effect: "presumption of denial (Art. II)";
- an affiliate (≥ 50%): the same presumption; when only the conservative reading catches it
  (the stake is indirect or aggregated — MOFCOM's text names a listed party's own 50% stake),
  the outcome says so;
- a possible affiliate: "possible affiliate — establish ownership";
- a listing whose measures are suspended keeps its outcome and says until when; one whose
  measures have ended says the presumption no longer applies (not an alert).
Other policies use their regime's words (OFAC blocked, BIS licence requirement, EU/UK asset
freeze); a user-defined policy gets neutral words naming the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LISTED = "listed"
AFFILIATE = "affiliate"
POSSIBLE = "possible_affiliate"


@dataclass(frozen=True)
class Wording:
    listed: str
    affiliate: str
    possible: str = "possible affiliate — establish ownership"
    ended: str = "listing measures ended{since}: no restriction from this listing"


WORDINGS = {
    "mofcom-61": Wording(
        "presumption of denial (Art. II)",
        "presumption of denial (Art. II): affiliate of a listed party (≥ 50%)",
        ended="listing measures ended{since}: Art. II presumption does not apply",
    ),
    "ofac": Wording("blocked (SDN)", "blocked: owned ≥ 50% by blocked persons (50 Percent Rule)"),
    "bis-affiliates": Wording(
        "licence requirement (Entity List / MEU)",
        "licence requirement of the listed owner (Affiliates Rule, ≥ 50%)",
    ),
    "eu": Wording("asset freeze (designated)", "asset freeze: owned ≥ 50% or controlled by designated persons"),
    "uk": Wording("asset freeze (designated)", "asset freeze: owned > 50% or controlled by a designated person"),
}
CONSERVATIVE_NOTE = (
    "; caught by the conservative reading only (indirect or aggregate stake) — MOFCOM's text names "
    "a listed party's own 50% stake"
)


def wording_for(policy_name: str) -> Wording:
    """The regime's words: by the policy's name or the built-in it is named after."""
    for key in sorted(WORDINGS, key=len, reverse=True):
        if policy_name == key or policy_name.startswith(key + "-"):
            return WORDINGS[key]
    return Wording(f"listed (policy {policy_name})", f"affiliate of a listed party (policy {policy_name})")


def describe(
    policy_name: str,
    basis: str,
    *,
    measure_state: str = "in_effect",
    measure_date: date | None = None,
    conservative_only: bool = False,
    counted: bool = True,
) -> str:
    """The outcome text for one hit (``counted=False``: the policy does not count this listing's state)."""
    words = wording_for(policy_name)
    if measure_state == "suspended" and not counted:
        until = f" until {measure_date.isoformat()}" if measure_date else ""
        return f"listing measures suspended{until}: not counted under policy {policy_name}"
    if measure_state == "ended":
        since = f" from {measure_date.isoformat()}" if measure_date else ""
        return words.ended.format(since=since)
    text = {LISTED: words.listed, AFFILIATE: words.affiliate, POSSIBLE: words.possible}[basis]
    if conservative_only and basis == AFFILIATE and policy_name.startswith("mofcom-61"):
        text += CONSERVATIVE_NOTE
    if measure_state == "suspended":
        until = f" until {measure_date.isoformat()}" if measure_date else " (end not known)"
        text += f"; listing measures suspended{until}"
    return text


def is_alert(measure_state: str) -> bool:
    """Hits count towards exit code 1 unless their listing's measures have ended."""
    return measure_state != "ended"
