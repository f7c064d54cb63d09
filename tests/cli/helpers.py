"""Helpers shared by the CLI tests."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.store.db import create_db_engine


def count_rows(db_url: str, table: str) -> int:
    """Rows in ``table`` (e.g. how many screening runs were recorded)."""
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()
