"""Regime facts from the database, and the state a policy's answers rest on (see ``partyscreen.regimes``).

Rule: the facts are the database's (``lists update`` loads the bundled ``lists/regimes.csv``,
``regimes import`` adds a user's); a database holding no fact of the regime at all (lists
imported by hand, never ``lists update``) answers from the bundled file, so no answer is given
without the regime's state.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

import csv
from pathlib import Path

from partyscreen.ownership.policies import Policy
from partyscreen.regimes import RegimeFact, RegimeState, regime_state
from partyscreen.store.models import RegimeFactRecord


def bundled_regime_facts(path: Path | None = None) -> list[RegimeFact]:
    """The facts of the bundled ``regimes.csv`` (a file the build validated), read without a database."""
    from partyscreen.store.bundled import REGIMES_FILE, bundled_lists_dir

    file = path or bundled_lists_dir() / REGIMES_FILE
    if not file.exists():
        return []
    with file.open(encoding="utf-8", newline="") as fh:
        return [
            RegimeFact(
                r["regime"], r["article"], r["status"], _day(r["start_date"]), _day(r["end_date"]), r["reading"],
                r["announcement"], r["reference"], _day(r["announced_on"]), r["url"], r["note"], "bundled (file)",
            )
            for r in csv.DictReader(fh)
        ]


def with_bundled(facts: list[RegimeFact], regime: str) -> list[RegimeFact]:
    """``facts`` plus the bundled file's facts of ``regime`` when the database holds none of them
    (never loaded by ``lists update``); a database fact with the same key wins."""
    if any(f.source == "bundled" for f in facts):
        return facts
    keys = {_key(f) for f in facts}
    return facts + [f for f in bundled_regime_facts() if f.regime == regime and _key(f) not in keys]


def _key(f: RegimeFact) -> tuple[str, str, str, date | None, str]:
    return (f.regime, f.article, f.status, f.start, f.reading)


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def policy_regime_state(conn: sa.Connection, policy: Policy, day: date) -> RegimeState | None:
    """Where the regime the policy rests on stands on ``day`` (``None``: the policy names none)."""
    if not policy.regime:
        return None
    facts = with_bundled(load_regime_facts(conn, policy.regime), policy.regime)
    return regime_state(facts, policy.regime, policy.regime_article, day, policy.regime_reading or None)


def regime_state_for(engine: sa.Engine, policy: Policy, day: date) -> RegimeState | None:
    """:func:`policy_regime_state` on its own connection."""
    if not policy.regime:
        return None
    with engine.connect() as conn:
        return policy_regime_state(conn, policy, day)


def load_regime_facts(conn: sa.Connection, regime: str | None = None) -> list[RegimeFact]:
    """The stored facts (of one regime, or all) as plain :class:`RegimeFact` records."""
    table = RegimeFactRecord.__table__
    query = sa.select(table).order_by(table.c.regime, table.c.start_date, table.c.article, table.c.id)
    if regime:
        query = query.where(table.c.regime == regime)
    return [
        RegimeFact(
            r.regime, r.article or "", r.status, _db_date(r.start_date), _db_date(r.end_date), r.reading or "",
            r.announcement or "", r.reference or "", _db_date(r.announced_on), r.url or "", r.note or "", r.source,
        )
        for r in conn.execute(query)
    ]


def _db_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])
