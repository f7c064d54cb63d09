"""Autogenerate a new alembic revision from the models: ``python scripts/new_migration.py "message"``.

It upgrades a scratch SQLite database to head, compares it with ``partyscreen/store/models.py``
and writes the difference to ``migrations/versions/``. Review the file before committing it;
``tests/store/test_migrations.py`` then checks both engines end with no drift.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from partyscreen.store.db import alembic_config, create_db_engine, head_revision, upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_db_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        upgrade(engine)
        cfg = alembic_config(engine)
        next_id = f"{int(head_revision()) + 1:04d}"
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=next_id)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
