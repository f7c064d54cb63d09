"""Regime timelines: where a regime (or one of its articles) stands on a date, from dated facts.

A *fact* is one row of ``lists/regimes.csv`` (or of a file a user imports with
``partyscreen regimes import``): regime ``cn-mofcom-61`` (MOFCOM Announcement No. 61 of 2025),
an article (``II``, ``I(1)`` …; empty = the whole announcement), a status (``in_force``,
``suspended``, ``ended``), a first and a **last** day (both inclusive: No. 70 of 2025 suspends
No. 61 「自即日起至2026年11月10日」, up to and including 2026-11-10), the announcement, its URL and
a note. A fact may belong to one *reading* of a disputed text (Art. VIII of No. 61 in its Chinese
and English versions gives different dates); facts without a reading hold under every reading.

Rules, for regime R, article A, day D and reading G (:func:`regime_state`):

1. The facts that apply are R's facts for A and R's whole-announcement facts, of reading G or of
   none; a whole-announcement ``in_force`` fact is ignored for an article that has its own entry
   into force on or after it (publication does not start Art. I(1); a later "in force again"
   about the whole announcement does).
2. Among the facts covering D: any ``ended`` → ended (from its first day); else any
   ``suspended`` → suspended, until the last day of the run of suspensions that continue one
   another (one starting at most a day after the previous ends); else ``in_force``.
3. A fact that ran out before D (its last day < D) and that nothing covering D started after is
   the *last known fact*: the state is ``unknown`` — a suspension that ends is not known to be
   followed by the rule's return, an extension or a lifting ("is not automatically extended" /
   "keep discussing arrangements", regulatory notes). This beats a covering ``in_force`` fact
   that began before the suspension: in-force facts state an entry into force, not what
   follows a later suspension.
4. Before the first fact: ``not_in_force`` (not yet in force, from the first ``in_force`` day).

A later fact overrides (``suspended`` from 2026-11-11 to 2027-11-10 makes 2026-11-29 read
suspended; ``in_force`` from 2026-11-11 makes it in force). The functions are pure: plain facts
in, a :class:`RegimeState` out; the database, files and wording live elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

IN_FORCE = "in_force"
SUSPENDED = "suspended"
ENDED = "ended"
NOT_IN_FORCE = "not_in_force"
UNKNOWN = "unknown"
FACT_STATUSES = (IN_FORCE, SUSPENDED, ENDED)
STATES = (IN_FORCE, SUSPENDED, ENDED, NOT_IN_FORCE, UNKNOWN)

READINGS: dict[str, dict[str, str]] = {
    "cn-mofcom-61": {
        "zh": "Art. VIII as in the Chinese text (前2項…第3項: the items of Art. I): Art. I(1) and I(2) "
        "from 2025-12-01, Art. I(3) and the rest, Art. II included, from publication (2025-10-09)",
        "en": "Art. VIII as in MOFCOM's English (\"Sections I (I) and II (I)\"), read as Art. I(1) and "
        "Art. II: both from 2025-12-01; the rest from publication (2025-10-09)",
    },
}
"""The readings of each regime's disputed dates, by id."""
DEFAULT_READINGS = {"cn-mofcom-61": "zh"}
"""The reading applied unless a policy says otherwise (regulatory notes: Art. II has no date of
its own, so read literally it applies from publication; the Chinese text's "first 2 items" are
Art. I's)."""


@dataclass(frozen=True)
class RegimeFact:
    """One dated fact about a regime (``end`` is the last day it holds, inclusive)."""

    regime: str
    article: str
    status: str
    start: date | None
    end: date | None = None
    reading: str = ""
    announcement: str = ""
    """Short English citation used in answers, e.g. ``No. 70 of 2025``."""
    reference: str = ""
    """The announcement as published, e.g. ``商务部 海关总署公告2025年第70号``."""
    announced_on: date | None = None
    url: str = ""
    note: str = ""
    source: str = ""
    """Where the fact came from: ``bundled`` or the file a user imported."""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def describe(self) -> str:
        """``suspended 2025-11-07 – 2026-11-10 (No. 70 of 2025)``."""
        span = f"{self.start.isoformat() if self.start else '…'} – {self.end.isoformat() if self.end else 'open'}"
        if self.status == IN_FORCE and self.end is None:
            span = f"from {self.start.isoformat()}" if self.start else "in force"
        where = f"Art. {self.article} " if self.article else ""
        by = f" ({self.announcement})" if self.announcement else ""
        return f"{where}{self.status.replace('_', ' ')} {span}{by}"


@dataclass(frozen=True)
class RegimeState:
    """Where regime ``regime`` / article ``article`` stands on ``day`` under ``reading``.

    ``since``: first day of the deciding fact; ``until``: last day of a suspension (inclusive) or
    of the last known fact (``unknown``); ``fact``: the deciding (or last known) fact;
    ``alternative``: the state under the other reading, when it differs.
    """

    regime: str
    article: str
    day: date
    status: str
    reading: str = ""
    since: date | None = None
    until: date | None = None
    fact: RegimeFact | None = None
    alternative: "RegimeState | None" = None
    facts_known: int = 0

    @property
    def label(self) -> str:
        """``Art. II`` or ``Announcement cn-mofcom-61``."""
        return f"Art. {self.article}" if self.article else "the announcement"

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON reports and ``regimes show --format json``."""
        out: dict[str, object] = {
            "regime": self.regime,
            "article": self.article,
            "as_of": self.day.isoformat(),
            "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "reading": self.reading,
            "announcement": self.fact.announcement if self.fact else None,
            "url": self.fact.url if self.fact else None,
        }
        if self.alternative is not None:
            out["other_reading"] = {"reading": self.alternative.reading, "status": self.alternative.status,
                                    "since": self.alternative.since.isoformat() if self.alternative.since else None}
        return out


def applicable(facts: Iterable[RegimeFact], regime: str, article: str, reading: str) -> list[RegimeFact]:
    """Rule 1: the facts that speak about ``regime`` / ``article`` under ``reading``."""
    mine = [f for f in facts if f.regime == regime and (not f.reading or f.reading == reading)]
    own = [f for f in mine if f.article == article and article]
    whole = [f for f in mine if not f.article]
    own_starts = [_start(f) for f in own if f.status == IN_FORCE]
    if own_starts:
        first = min(own_starts)
        whole = [f for f in whole if not (f.status == IN_FORCE and _start(f) <= first)]
    return own + whole


def regime_state(
    facts: Iterable[RegimeFact], regime: str, article: str, day: date, reading: str | None = None,
    *, compare_readings: bool = True,
) -> RegimeState:
    """The state of ``regime`` / ``article`` on ``day`` (rules in the module docstring)."""
    facts = list(facts)
    chosen = reading or DEFAULT_READINGS.get(regime, "")
    state = _state(applicable(facts, regime, article, chosen), regime, article, day, chosen)
    if compare_readings:
        for other in READINGS.get(regime, {}):
            if other == chosen:
                continue
            alt = _state(applicable(facts, regime, article, other), regime, article, day, other)
            if (alt.status, alt.since) != (state.status, state.since):
                return _with(state, alternative=alt)
    return state


def _with(state: RegimeState, **changes: object) -> RegimeState:
    from dataclasses import replace

    return replace(state, **changes)  # type: ignore[arg-type]


def _state(facts: list[RegimeFact], regime: str, article: str, day: date, reading: str) -> RegimeState:
    base = RegimeState(regime, article, day, UNKNOWN, reading, facts_known=len(facts))
    if not facts:
        return base
    covering = [f for f in facts if f.covers(day)]
    ended = [f for f in covering if f.status == ENDED]
    if ended:
        fact = max(ended, key=_order)
        return _with(base, status=ENDED, since=fact.start, fact=fact)
    suspended = [f for f in covering if f.status == SUSPENDED]
    if suspended:
        fact = max(suspended, key=_order)
        first = min(_start(f) for f in suspended)
        return _with(base, status=SUSPENDED, since=None if first == date.min else first,
                     until=_suspended_until(facts, suspended), fact=fact)
    lapsed = [f for f in facts if f.end is not None and f.end < day]
    if lapsed:
        last = max(lapsed, key=lambda f: (f.end, _order(f)))
        assert last.end is not None
        if not any(_start(f) > last.end for f in covering):
            return _with(base, status=UNKNOWN, since=last.start, until=last.end, fact=last)
    in_force = [f for f in covering if f.status == IN_FORCE]
    if in_force:
        fact = max(in_force, key=_order)
        return _with(base, status=IN_FORCE, since=fact.start, until=fact.end, fact=fact)
    starts = [f for f in facts if f.status == IN_FORCE and f.start is not None and f.start > day]
    if starts and all(f.start is not None and f.start > day for f in facts):
        first = min(starts, key=_order)
        return _with(base, status=NOT_IN_FORCE, since=first.start, fact=first)
    return base


def _start(fact: RegimeFact) -> date:
    return fact.start or date.min


def _order(fact: RegimeFact) -> tuple[date, date, date]:
    """Later facts win: by first day, then announcement day, then last day."""
    return (_start(fact), fact.announced_on or date.min, fact.end or date.max)


def _suspended_until(facts: list[RegimeFact], covering: list[RegimeFact]) -> date | None:
    """The last day of the run of suspensions that continue one another; ``None`` if open-ended."""
    if any(f.end is None for f in covering):
        return None
    until = max(f.end for f in covering if f.end is not None)
    others = [f for f in facts if f.status == SUSPENDED]
    while True:
        nxt = [f for f in others if _start(f) <= until + timedelta(days=1) and (f.end is None or f.end > until)]
        if not nxt:
            return until
        if any(f.end is None for f in nxt):
            return None
        until = max(f.end for f in nxt if f.end is not None)


def last_known_day(facts: Iterable[RegimeFact], regime: str) -> date | None:
    """The last day any fact of ``regime`` speaks about (its latest end, or its latest start)."""
    days = [d for f in facts if f.regime == regime for d in (f.start, f.end) if d is not None]
    return max(days) if days else None


@dataclass
class RegimeTimeline:
    """All facts known about the regimes, with the state lookup callers need."""

    facts: list[RegimeFact] = field(default_factory=list)

    def state(self, regime: str, article: str, day: date, reading: str | None = None) -> RegimeState:
        return regime_state(self.facts, regime, article, day, reading)

    def regimes(self) -> list[str]:
        return sorted({f.regime for f in self.facts})
