"""What a hit means, in the words of the policy that produced it — all wording lives here.

Rules (``mofcom-61`` family and ``cn-all``, MOFCOM Announcement No. 61 of 2025, Art. II):
- a listed party's outcome states, separately, Art. II's state on the date (``partyscreen.regimes``:
  in force → "presumption of denial (Art. II in force)"; suspended → "Art. II suspended until D
  (No. 70 of 2025)"; unknown after the last known fact → "status of Announcement 61 after D
  unknown: last known fact: …"; not yet in force) and the listing's measures ("listing measures
  in effect" / "suspended until D" / "nothing known from D");
- an affiliate (≥ 50%): Art. II's state — in force: "presumption of denial (Art. II): affiliate of
  a listed party (≥ 50%)"; suspended: "Art. II affiliate rule suspended until D (No. 70 of
  2025): …"; unknown: the unknown-status text, then how it reads literally. When only the
  conservative reading catches it (indirect or aggregated stake — MOFCOM's text names a listed
  party's own 50% stake), the outcome says so;
- a possible affiliate: "possible affiliate — establish ownership", plus Art. II's state when it
  is not in force;
- a listing whose measures have ended, and every affiliate caught only through such listings:
  "listing measures ended from D: Art. II presumption does not apply" (reported, not an alert);
- ``cn-all`` names each listed party's own list and its legal basis; Unreliable Entity List
  parties carry no Art. II clause (Art. II names the Export Control List and Watch List).
Regime states never change whether a hit alerts: under the conservative policy a suspended or
unknown rule's hits are still reported and still alert; the words make the legal state plain.
Other policies use their regime's words (OFAC blocked, BIS licence requirement, EU/UK asset
freeze); a user-defined policy gets neutral words naming the policy, or its ``base``'s words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from partyscreen.regimes import ENDED as REGIME_ENDED
from partyscreen.regimes import IN_FORCE, NOT_IN_FORCE, SUSPENDED as REGIME_SUSPENDED, RegimeState

LISTED = "listed"
AFFILIATE = "affiliate"
POSSIBLE = "possible_affiliate"


IN_EFFECT = "in_effect"
MEASURE_UNKNOWN = "unknown"
AFFILIATE_WORDS = "affiliate of a listed party (≥ 50%)"
REGIME_NAMES = {"cn-mofcom-61": "Announcement 61"}
LIST_BASIS = {
    "cn-mofcom-export-control": "Export Control List (Export Control Law art. 18: transactions prohibited or restricted)",
    "cn-mofcom-watch": "Watch List (Dual-Use Items Regulations art. 26: no general licence, end-use review)",
    "cn-unreliable-entity": "Unreliable Entity List (UEL Provisions of 2020: measures of its announcement)",
}
ART_II_LISTS = frozenset({"cn-mofcom-export-control", "cn-mofcom-watch"})


@dataclass(frozen=True)
class Wording:
    listed: str
    affiliate: str
    possible: str = "possible affiliate — establish ownership"
    ended: str = "listing measures ended{since}: no restriction from this listing"
    per_list: bool = False
    """Name each listed party's own list and its legal basis (``cn-all``)."""
    conservative_note: bool = False
    """Say when only the conservative reading of Art. II catches an affiliate."""


WORDINGS = {
    "mofcom-61": Wording(
        "presumption of denial (Art. II)",
        f"presumption of denial (Art. II): {AFFILIATE_WORDS}",
        ended="listing measures ended{since}: Art. II presumption does not apply",
        conservative_note=True,
    ),
    "cn-all": Wording(
        "listed",
        f"presumption of denial (Art. II): {AFFILIATE_WORDS}",
        ended="listing measures ended{since}: Art. II presumption does not apply",
        per_list=True,
        conservative_note=True,
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


def regime_name(regime: str) -> str:
    return REGIME_NAMES.get(regime, regime)


def unknown_text(state: RegimeState) -> str:
    """``status of Announcement 61 after 2026-11-10 unknown: last known fact: …``."""
    name = regime_name(state.regime)
    if state.fact is None:
        return f"status of {name} unknown: no fact about it in this database (run `partyscreen lists update`)"
    after = f" after {state.until.isoformat()}" if state.until else ""
    return f"status of {name}{after} unknown: last known fact: {state.fact.describe()}"


def _reading_note(state: RegimeState) -> str:
    """Where the other reading of a disputed date answers differently, say so."""
    alt = state.alternative
    if alt is None:
        return ""
    other = {IN_FORCE: "in force", NOT_IN_FORCE: "not yet in force"}.get(alt.status, alt.status.replace("_", " "))
    since = f" (from {alt.since.isoformat()})" if alt.since and alt.status in (IN_FORCE, NOT_IN_FORCE) else ""
    return f" [reading {state.reading} applied; under reading {alt.reading}: {other}{since}]"


def regime_clause(state: RegimeState, *, affiliate: bool) -> str:
    """Art. II's state on the date, in words (for a listed party or an affiliate)."""
    label = state.label + (" affiliate rule" if affiliate else "")
    by = f" ({state.fact.announcement})" if state.fact and state.fact.announcement else ""
    if state.status == IN_FORCE:
        return f"presumption of denial ({state.label}{'' if affiliate else ' in force'})" + _reading_note(state)
    if state.status == REGIME_SUSPENDED:
        until = f" until {state.until.isoformat()}" if state.until else " (end not known)"
        return f"{label} suspended{until}{by}"
    if state.status == NOT_IN_FORCE:
        since = f" (from {state.since.isoformat()})" if state.since else ""
        return f"{label} not yet in force{since}" + _reading_note(state)
    if state.status == REGIME_ENDED:
        since = f" from {state.since.isoformat()}" if state.since else ""
        return f"{label} ended{since}{by}"
    return f"{unknown_text(state)} — read literally, {state.label} applies again (presumption of denial); check for a later announcement"


def regime_warning(state: RegimeState | None) -> str | None:
    """The one warning an answer carries when the regime's state on its date is not known."""
    if state is None or state.status != "unknown":
        return None
    return (
        f"{unknown_text(state)}. Answers read {state.label} literally (in force again) and still alert; "
        "check for a later announcement and add it with `partyscreen regimes import FILE`"
    )


def measure_clause(measure_state: str, measure_date: date | None) -> str:
    """The listing's measures on the date: in effect, suspended until D, nothing known from D."""
    if measure_state == "suspended":
        return f"listing measures suspended{f' until {measure_date.isoformat()}' if measure_date else ' (end not known)'}"
    if measure_state == MEASURE_UNKNOWN:
        since = f" from {measure_date.isoformat()}" if measure_date else ""
        return f"listing measures: nothing known{since} (the last known suspension ran out; read as in effect)"
    return "listing measures in effect"


def measure_warning(list_id: str, reference: str, day: date | None) -> str:
    since = f" from {day.isoformat()}" if day else ""
    return (
        f"listing measures of {reference or 'an entry'} ({list_id}): nothing known{since} — the last known "
        "suspension ran out; answers read them as in effect. Check for a later statement and add it to the "
        "measures (lists/README.md)"
    )


def describe(
    policy_name: str,
    basis: str,
    *,
    measure_state: str = "in_effect",
    measure_date: date | None = None,
    conservative_only: bool = False,
    counted: bool = True,
    regime: RegimeState | None = None,
    list_ids: Iterable[str] = (),
) -> str:
    """The outcome text for one hit (``counted=False``: the policy does not count this listing's state).

    ``policy_name`` is the policy's wording key (its name, or the built-in it is based on);
    ``regime`` the state of the regime it rests on; ``list_ids`` the lists of the party (or of
    the roots an affiliate is caught through).
    """
    words = wording_for(policy_name)
    lists = [l for l in dict.fromkeys(list_ids)]
    if measure_state == "suspended" and not counted:
        until = f" until {measure_date.isoformat()}" if measure_date else ""
        return f"listing measures suspended{until}: not counted under policy {policy_name}"
    if measure_state == "ended":
        since = f" from {measure_date.isoformat()}" if measure_date else ""
        return words.ended.format(since=since)
    if basis == LISTED:
        return _listed(words, measure_state, measure_date, regime, lists)
    if regime is None:
        text = {AFFILIATE: words.affiliate, POSSIBLE: words.possible}[basis]
    elif basis == AFFILIATE:
        if regime.status == "unknown":
            text = (f"{unknown_text(regime)} — read literally, presumption of denial ({regime.label}): {AFFILIATE_WORDS}; "
                    "check for a later announcement")
        else:
            text = f"{regime_clause(regime, affiliate=True)}: {AFFILIATE_WORDS}"
    else:
        text = words.possible + ("" if regime.status == IN_FORCE else f"; {regime_clause(regime, affiliate=True)}")
    if conservative_only and basis == AFFILIATE and words.conservative_note:
        text += CONSERVATIVE_NOTE
    if measure_state in ("suspended", MEASURE_UNKNOWN):
        text += f"; {measure_clause(measure_state, measure_date)}"
    return text


def _listed(words: Wording, measure_state: str, measure_date: date | None, regime: RegimeState | None, lists: list[str]) -> str:
    """A listed party: its list's basis (per-list wordings), Art. II's state, the listing's measures."""
    art_ii = regime is not None and (not lists or bool(ART_II_LISTS.intersection(lists)) or not words.per_list)
    if regime is not None and art_ii:
        text = f"{regime_clause(regime, affiliate=False)}; {measure_clause(measure_state, measure_date)}"
    elif words.per_list:
        text = measure_clause(measure_state, measure_date)
    else:
        text = words.listed
        if measure_state in ("suspended", MEASURE_UNKNOWN):
            text += f"; {measure_clause(measure_state, measure_date)}"
    if words.per_list and lists:
        text = f"{'; '.join(LIST_BASIS.get(l, l) for l in lists)}: {text}"
    return text


def is_alert(measure_state: str) -> bool:
    """Hits count towards exit code 1 unless their listing's measures have ended."""
    return measure_state != "ended"
