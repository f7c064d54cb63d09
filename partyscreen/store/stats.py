"""Row counts of the data tables, for ``partyscreen stats``."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.store.models import TABLES_FOR_STATS, ImportBatch


def count_rows(engine: sa.Engine) -> dict[str, int]:
    """Rows per data table, keyed by the names ``stats`` prints (entities, names, holdings...)."""
    with engine.connect() as conn:
        return {
            label: int(conn.execute(sa.select(sa.func.count()).select_from(model.__table__)).scalar_one())
            for label, model in TABLES_FOR_STATS
        }


def recent_batches(engine: sa.Engine, limit: int = 20) -> list[dict[str, object]]:
    """The latest imports, newest first (the audit trail)."""
    table = ImportBatch.__table__
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table).order_by(table.c.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]
