"""Warn when the stakes stated in one entity add up to more than the whole of it.

Rules:
- For each entity owned through a holding an import staged, the holdings of one relation
  (``shareholding``, ``voting``) in force on the day of the import (started, not ended) are
  added up by their lower bounds (``share_min``; an exact share is its own lower bound). A total
  above 100% — or exactly 100% with an exclusive lower bound among them ("more than 25%" four
  times) — cannot all be true at once.
- Such a total is accepted as stated (registers publish overlapping ranges and restate holdings
  without ending the old ones) but the import's summary warns, naming the entity and the total.
- Holdings of unknown size and control relations add nothing; an entity held through one holding
  only is never over (a share is within [0, 100%]), so only entities with several are summed. At most ``MAX_NAMED`` entities are
  named; the warning then says how many more there are.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from partyscreen.shares import HUNDRED_PERCENT, format_percent

MAX_NAMED = 20
"""Entities named in the warnings of one import (the rest are counted)."""


def over_hundred(conn: sa.Connection, staged: str, today: date | None = None) -> list[str]:
    """Warnings for the entities whose holdings in force total more than 100% (see module rules).

    ``staged``: the table the import staged its holdings in; its ``owned_id`` column names the owned entities.
    """
    owned_ids = f"SELECT owned_id FROM {staged}"
    day = today or date.today()
    if conn.dialect.name == "postgresql":
        # The import filled these tables in this transaction: without fresh statistics the
        # planner takes them for a row or two and runs the count below once per staged holding
        # over all holdings (2,500 holdings: 20-34 s; 100,000: hours). ANALYZE is transactional
        # and takes a lock that readers and writers do not wait for.
        conn.exec_driver_sql("ANALYZE holding")
        conn.exec_driver_sql(f"ANALYZE {staged}")
    several = f"SELECT s.owned_id FROM ({owned_ids}) s WHERE (SELECT COUNT(*) FROM holding c WHERE c.owned_id = s.owned_id) > 1"
    query = sa.text(
        "SELECT o.owned_id, e.name, o.relation, o.total, o.exclusive, o.holders FROM ("
        "SELECT h.owned_id, h.relation, SUM(h.share_min) AS total, "
        "MAX(CASE WHEN h.min_exclusive THEN 1 ELSE 0 END) AS exclusive, COUNT(*) AS holders "
        f"FROM holding h WHERE h.owned_id IN ({several}) "
        "AND h.relation IN ('shareholding', 'voting') AND h.share_min IS NOT NULL "
        "AND (h.start_date IS NULL OR h.start_date <= :today) AND (h.end_date IS NULL OR h.end_date > :today) "
        "GROUP BY h.owned_id, h.relation "
        "HAVING SUM(h.share_min) > :whole "
        "OR (SUM(h.share_min) = :whole AND MAX(CASE WHEN h.min_exclusive THEN 1 ELSE 0 END) = 1)"
        ") o JOIN entity e ON e.id = o.owned_id ORDER BY o.owned_id, o.relation"
    ).bindparams(sa.bindparam("today", type_=sa.Date), sa.bindparam("whole", type_=sa.BigInteger))
    rows = conn.execute(query, {"today": day, "whole": HUNDRED_PERCENT}).all()
    warnings = [_warning(owned, name, relation, int(total), bool(exclusive), int(holders))
                for owned, name, relation, total, exclusive, holders in rows[:MAX_NAMED]]
    if len(rows) > MAX_NAMED:
        warnings.append(f"... and {len(rows) - MAX_NAMED} more entit(ies) whose stated holdings total more than 100%")
    return warnings


def _warning(owned: str, name: str, relation: str, total: int, exclusive: bool, holders: int) -> str:
    what = "shareholdings" if relation == "shareholding" else "voting rights"
    bound = "more than" if exclusive else "at least"
    return (
        f"entity {owned} ({name}): {holders} {what} in force total {bound} {format_percent(total)}% (over 100%); "
        "imported as stated (registers publish overlapping ranges): check the holdings"
    )
