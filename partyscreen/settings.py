"""Settings read from the environment."""

from __future__ import annotations

import os

DEFAULT_DB_URL = "sqlite:///partyscreen.db"
"""The embedded default: a SQLite file in the working directory."""

DB_ENV = "PARTYSCREEN_DB"


def database_url(explicit: str | None = None) -> str:
    """The database URL: the explicit one, else ``$PARTYSCREEN_DB``, else the SQLite default."""
    return explicit or os.environ.get(DB_ENV) or DEFAULT_DB_URL


STALE_DAYS_ENV = "PARTYSCREEN_STALE_DAYS"
DEFAULT_STALE_DAYS = 30
"""A list whose newest source is older than this many days before the screening date is warned about."""


def stale_days(explicit: int | None = None) -> int:
    """The staleness limit: the explicit one, else ``$PARTYSCREEN_STALE_DAYS``, else 30."""
    if explicit is not None:
        return explicit
    raw = os.environ.get(STALE_DAYS_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_STALE_DAYS
    try:
        value = int(raw)
    except ValueError:
        from partyscreen.errors import UsageError

        raise UsageError(f"{STALE_DAYS_ENV}={raw!r}: expected a whole number of days") from None
    return value


MAX_NAME_CHARS = 1_000
"""The longest name (characters) partyscreen reads: the longest registered company names run to a
few hundred characters. A longer name cell is a row error (screening input: the row is reported
and not screened; imports: the import stops naming file, row and field)."""


def name_too_long(name: str) -> str | None:
    """The error message for a name over :data:`MAX_NAME_CHARS`, or None when it is within the limit."""
    if len(name) <= MAX_NAME_CHARS:
        return None
    return f"name is {len(name):,} characters long, over the {MAX_NAME_CHARS:,}-character limit"
