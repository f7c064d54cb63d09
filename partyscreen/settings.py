"""Settings read from the environment."""

from __future__ import annotations

import os

DEFAULT_DB_URL = "sqlite:///partyscreen.db"
"""The embedded default: a SQLite file in the working directory."""

DB_ENV = "PARTYSCREEN_DB"


def database_url(explicit: str | None = None) -> str:
    """The database URL: the explicit one, else ``$PARTYSCREEN_DB``, else the SQLite default."""
    return explicit or os.environ.get(DB_ENV) or DEFAULT_DB_URL
