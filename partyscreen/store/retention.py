"""Retention: what ``partyscreen prune --keep-days N`` removes, and what it never removes.

Rules (a run is *kept* when it started less than N days ago):
- Screening runs older than N days are removed with their hits.
- A stored input (``screening_input`` and its subjects) is removed when no kept run refers to it
  and it was first stored more than N days ago.
- An affiliation result set is removed when no kept run refers to it and it was last used
  (computed, or reused by ``affiliates`` or ``screen``) more than N days ago; it is recomputed
  when asked for again.
- A row-history row (``<table>_history``) is removed when no kept run's snapshot can see it and
  the batch that retired it started more than N days ago (so a screening still running keeps
  what it read).
- Never removed: the current lists and ownership data, import batches, the audit trail
  (``audit_event``: kept for the life of the database, and the database refuses to delete it;
  each prune appends a ``prune`` event with what it removed), list versions and changes
  (``lists diff``), analysts' decisions.

Everything is removed in one transaction; ``dry_run`` counts and removes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from partyscreen.errors import UsageError
from partyscreen.store.audit import default_actor, record_event
from partyscreen.store.db import is_postgres, transaction
from partyscreen.store.models import HISTORY_TABLES
from partyscreen.store.versions import Snapshot

OLD_RUNS = "SELECT id FROM screening_run WHERE started_at < :cutoff"
KEPT = "started_at >= :cutoff"

TARGETS: tuple[tuple[str, str, str], ...] = (
    ("hits of old screening runs", "hit", f"run_id IN ({OLD_RUNS})"),
    ("old screening runs", "screening_run", "started_at < :cutoff"),
    (
        "stored input rows (subjects)",
        "subject",
        "input_id IN (SELECT i.id FROM screening_input i WHERE i.created_at < :cutoff AND NOT EXISTS "
        f"(SELECT 1 FROM screening_run r WHERE r.input_id = i.id AND r.{KEPT}))",
    ),
    (
        "stored inputs",
        "screening_input",
        f"created_at < :cutoff AND NOT EXISTS (SELECT 1 FROM screening_run r WHERE r.input_id = screening_input.id AND r.{KEPT})",
    ),
    (
        "affiliation rows",
        "affiliation",
        "run_id IN (SELECT a.id FROM affiliation_run a WHERE COALESCE(a.used_at, a.computed_at) < :cutoff AND NOT EXISTS "
        f"(SELECT 1 FROM screening_run r WHERE r.affiliation_run_id = a.id AND r.{KEPT}))",
    ),
    (
        "affiliation result sets",
        "affiliation_run",
        "COALESCE(used_at, computed_at) < :cutoff AND NOT EXISTS "
        f"(SELECT 1 FROM screening_run r WHERE r.affiliation_run_id = affiliation_run.id AND r.{KEPT})",
    ),
)
"""(label, table, condition), in the order they are deleted (references first)."""

KEPT_SNAPSHOTS = "prune_snapshot"


@dataclass
class PruneReport:
    """What a prune removed (or, in a dry run, would remove): rows per label."""

    keep_days: int
    cutoff: datetime
    dry_run: bool
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def _history_condition(table: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM {KEPT_SNAPSHOTS} k WHERE ({table}.batch_id IS NULL OR {table}.batch_id <= k.max_batch) "
        f"AND ({table}.retired_by > k.max_batch OR {table}.retired_by = k.missing)) "
        f"AND NOT EXISTS (SELECT 1 FROM import_batch b WHERE b.id = {table}.retired_by AND b.started_at >= :cutoff)"
    )


def _stage_kept_snapshots(conn: sa.Connection, cutoff: datetime) -> None:
    """One row per kept run's snapshot (``missing`` NULL) and per batch id it did not see."""
    rows = conn.execute(
        sa.text(f"SELECT DISTINCT snapshot FROM screening_run WHERE {KEPT} AND snapshot IS NOT NULL").bindparams(
            sa.bindparam("cutoff", type_=sa.DateTime(timezone=True))
        ),
        {"cutoff": cutoff},
    ).scalars()
    values: set[tuple[int, int | None]] = set()
    for text in rows:
        snapshot = Snapshot.from_json(text)
        values.add((snapshot.max_batch, None))
        values.update((snapshot.max_batch, m) for m in snapshot.missing)
    prefix = "" if is_postgres(conn) else "temp."
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {prefix}{KEPT_SNAPSHOTS}")
    conn.exec_driver_sql(f"CREATE TEMP TABLE {KEPT_SNAPSHOTS} (max_batch INTEGER NOT NULL, missing INTEGER)")
    if values:
        conn.execute(
            sa.text(f"INSERT INTO {KEPT_SNAPSHOTS} (max_batch, missing) VALUES (:m, :x)"),
            [{"m": m, "x": x} for m, x in sorted(values, key=lambda v: (v[0], v[1] or 0))],
        )


def prune(engine: sa.Engine, keep_days: int, *, dry_run: bool = False, now: datetime | None = None) -> PruneReport:
    """Remove what no run kept for ``keep_days`` days needs (see the module rules)."""
    if keep_days < 0:
        raise UsageError("--keep-days must be 0 or more")
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=keep_days)
    report = PruneReport(keep_days, cutoff, dry_run)
    cutoff_param = sa.bindparam("cutoff", type_=sa.DateTime(timezone=True))
    steps = list(TARGETS) + [
        (f"history rows of {name}", f"{name}_history", _history_condition(f"{name}_history")) for name in HISTORY_TABLES
    ]
    with (engine.connect() if dry_run else transaction(engine)) as conn:
        _stage_kept_snapshots(conn, cutoff)
        for label, table, condition in steps:
            uses_cutoff = ":cutoff" in condition
            count_sql = sa.text(f"SELECT COUNT(*) FROM {table} WHERE {condition}")
            delete_sql = sa.text(f"DELETE FROM {table} WHERE {condition}")
            if uses_cutoff:
                count_sql, delete_sql = count_sql.bindparams(cutoff_param), delete_sql.bindparams(cutoff_param)
            params = {"cutoff": cutoff} if uses_cutoff else {}
            if dry_run:
                report.removed[label] = int(conn.execute(count_sql, params).scalar_one())
            else:
                report.removed[label] = int(conn.execute(delete_sql, params).rowcount or 0)
        conn.exec_driver_sql(f"DROP TABLE {KEPT_SNAPSHOTS}")
        if not dry_run:
            record_event(conn, action="prune", actor=default_actor(),
                         detail={"keep_days": keep_days, "cutoff": cutoff, "removed": report.removed})
    return report
