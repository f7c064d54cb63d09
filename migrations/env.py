"""alembic environment: partyscreen's models are the target; the connection comes from the caller.

``partyscreen init`` passes its own connection in ``config.attributes["connection"]``; running
``alembic`` by hand uses ``sqlalchemy.url`` or ``$PARTYSCREEN_DB``.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import partyscreen.store.models  # noqa: F401  (registers the tables)
from partyscreen.store.db import create_db_engine

target_metadata = SQLModel.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_db_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure(conn)


if context.is_offline_mode():
    raise SystemExit("partyscreen migrations run online only: use `partyscreen init`")
run_migrations_online()
