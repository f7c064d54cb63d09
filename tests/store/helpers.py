"""Small readers used by the store tests: what the database holds, as plain Python."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.store.stats import count_rows


def rows(engine: sa.Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def counts(engine: sa.Engine) -> dict[str, int]:
    return count_rows(engine)
