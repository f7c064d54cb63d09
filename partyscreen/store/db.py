"""Engines, sessions and schema versions: the only module that knows SQL dialects apart.

Users type plain URLs (``sqlite:///file.db``, ``postgresql://user@host:5432/db``); partyscreen
runs PostgreSQL through psycopg 3 and turns on SQLite's foreign keys, so both engines enforce
the same constraints.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from datetime import date, datetime
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from partyscreen import cache
from partyscreen.errors import SchemaOutdated, UsageError
from partyscreen.store.locks import acquire_write_lock, lock_timeout, on_postgres_connect, release_write_lock
from partyscreen.settings import database_url


def as_date(value: object) -> date | None:
    """A date read back from the database: ``date`` from PostgreSQL, ISO text from raw SQLite queries."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def normalize_url(url: str) -> str:
    """Make a URL as users type it into the one SQLAlchemy needs (psycopg 3 for PostgreSQL)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SQLITE_CACHE_KIB = 262_144
"""SQLite page cache per connection (256 MiB)."""
SQLITE_TEMP_CACHE_KIB = 131_072
"""SQLite page cache of temporary tables per connection (128 MiB): staging tables beyond it spill
to a temporary file (the OS keeps it in its file cache), so an import's memory stays bounded
however large its file (``temp_store=FILE``; with ``MEMORY`` a million-statement register file
took more than 1 GiB)."""
SQLITE_BULK_CACHE_KIB = 1_048_576
"""SQLite page cache while an import runs (1 GiB): inserting millions of rows into indexes that
no longer fit the cache is what makes a large import slow; it is given back afterwards."""


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=FILE")  # staging tables of a big import: bounded memory (below)
    cursor.execute(f"PRAGMA temp.cache_size=-{SQLITE_TEMP_CACHE_KIB}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout() * 1000)}")  # any other lock wait: bounded too
    cursor.close()


POSTGRES_DRIVER_MISSING = (
    "PostgreSQL support is not installed (the psycopg driver is missing): "
    "run `pip install 'partyscreen[postgres]'` (or `pip install 'psycopg[binary]'`)"
)


def create_db_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (or ``$PARTYSCREEN_DB`` / the SQLite default)."""
    raw = database_url(url)
    try:
        engine = sa.create_engine(normalize_url(raw), future=True)
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("psycopg", "psycopg2"):
            raise UsageError(POSTGRES_DRIVER_MISSING) from None
        raise UsageError(f"cannot use database URL {raw!r}: {exc}") from None
    except sa.exc.ArgumentError as exc:
        raise UsageError(f"cannot use database URL {raw!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _on_sqlite_connect)
    elif engine.dialect.name == "postgresql":
        sa.event.listen(engine, "connect", on_postgres_connect)
    return engine


def as_engine(url_or_engine: str | sa.Engine | None) -> sa.Engine:
    """Accept either a URL or an existing SQLAlchemy engine."""
    if isinstance(url_or_engine, sa.Engine):
        if url_or_engine.dialect.name == "sqlite" and not sa.event.contains(
            url_or_engine, "connect", _on_sqlite_connect
        ):
            sa.event.listen(url_or_engine, "connect", _on_sqlite_connect)
        return url_or_engine
    return create_db_engine(url_or_engine)


def is_postgres(conn: sa.Connection | sa.Engine) -> bool:
    return conn.dialect.name == "postgresql"


def null_safe_differs(left: str, right: str, dialect: str) -> str:
    """SQL that is true when two values differ, NULLs compared as values."""
    if dialect == "postgresql":
        return f"{left} IS DISTINCT FROM {right}"
    return f"{left} IS NOT {right}"


# --- schema versions (alembic) -------------------------------------------------------------
# alembic is imported only to migrate or when the schema is not current: checking a current
# schema reads ``alembic_version`` and the cached head of the migration scripts.

if TYPE_CHECKING:
    from alembic.config import Config


def migrations_dir() -> Path:
    """Where the alembic scripts live (``migrations/`` in a checkout, packaged in a wheel)."""
    return Path(str(importlib.resources.files("partyscreen.migrations")))


def alembic_config(engine: sa.Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser interpolation
    return cfg


def head_revision() -> str:
    """The newest revision of the migration scripts (cached on disk by the scripts' names, sizes
    and times, so a command on a current database does not parse them with alembic)."""
    folder = migrations_dir() / "versions"
    try:
        listing = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.glob("*.py"))
    except OSError:
        listing = []
    key = cache.digest("schema-head", str(folder), listing)
    found = cache.load("schema-head", key) if listing else None
    if isinstance(found, str):
        return found
    head = _declared_head(folder)
    if head is None:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_heads()[0]
    if listing:
        cache.store("schema-head", key, head)
    return head


_REVISION_RE = re.compile(r"^revision(?:\s*:\s*[^=\n]+)?\s*=\s*['\"]([^'\"\n]+)['\"]\s*$", re.MULTILINE)
_DOWN_REVISION_RE = re.compile(
    r"^down_revision(?:\s*:\s*[^=\n]+)?\s*=\s*(?:None|['\"]([^'\"\n]+)['\"])\s*$", re.MULTILINE)


def _declared_head(folder: Path) -> str | None:
    """The head of a linear chain of migration scripts read from their ``revision`` and
    ``down_revision`` lines, without importing alembic (~0.1–0.2 s of a cold start); None
    whenever the scripts are not plainly one chain with one head (alembic then decides)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for path in folder.glob("*.py"):
            if path.name.startswith("__init__"):
                continue
            text = path.read_text(encoding="utf-8")
            rev, down = _REVISION_RE.findall(text), _DOWN_REVISION_RE.findall(text)
            if len(rev) != 1 or len(down) != 1 or rev[0] in revisions:
                return None
            revisions.add(rev[0])
            if down[0]:
                parents.add(down[0])
    except (OSError, UnicodeDecodeError):
        return None
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions or len(parents) != len(revisions) - 1:
        return None
    return heads.pop()


def current_revision(engine: sa.Engine) -> str | None:
    """The database's schema revision (None when it has no partyscreen schema)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        if len(rows) <= 1:
            return rows[0] if rows else None
        from alembic.runtime.migration import MigrationContext  # several heads: alembic's own error

        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Create the schema or bring it up to ``revision`` (alembic ``upgrade``)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: sa.Engine, revision: str = "base") -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def sqlite_file(engine: sa.Engine) -> Path | None:
    """The file of a SQLite database, or None (in-memory, a ``file:`` URI, or not SQLite)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or engine.url.query.get("uri"):
        return None
    return Path(database)


def source_sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names, or None (not SQLite, in-memory, or a ``file:`` URI)."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(database)


def read_only_engine(url: str) -> sa.Engine:
    """An engine that only reads ``url``, a database that is not partyscreen's (a customer source).

    Rule: a SQLite file is opened read-only (``mode=ro``) and gets none of the settings
    ``create_db_engine`` gives partyscreen's own database (WAL journal mode is a change written
    into the file): the file is never created, changed or converted. Other databases are opened
    as ``create_db_engine`` does; the caller runs its queries in a read-only transaction.
    """
    file = source_sqlite_file(url)
    if file is None:
        return create_db_engine(url)
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(file.resolve()))}?mode=ro"
    return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                            future=True)


def connection_error(engine: sa.Engine, exc: sa.exc.DBAPIError) -> UsageError:
    """A failure to connect as one line saying what to do (PostgreSQL: a missing database is not created)."""
    text = " ".join(str(exc.orig).split()) if exc.orig is not None else str(exc)
    where = safe_url(engine)
    if engine.dialect.name == "postgresql":
        if "does not exist" in text and "database" in text:
            name = engine.url.database
            return UsageError(
                f"cannot connect to {where}: {text}. `partyscreen init` creates the schema in an existing "
                f"PostgreSQL database but not the database itself: create it first (`createdb {name}` or "
                f"`CREATE DATABASE {name}`), then run init"
            )
        return UsageError(f"cannot connect to PostgreSQL at {where}: {text}")
    file = sqlite_file(engine)
    if file is not None and not file.parent.is_dir():
        return UsageError(f"cannot open SQLite database {file}: folder {file.parent} does not exist")
    return UsageError(f"cannot open database {where}: {text}")


def check_connection(engine: sa.Engine) -> None:
    """Connect once: a database that cannot be reached is a ``UsageError`` (one line), not a traceback."""
    file = sqlite_file(engine)
    if file is not None and not file.parent.is_dir():
        raise UsageError(f"cannot open SQLite database {file}: folder {file.parent} does not exist")
    try:
        with engine.connect():
            pass
    except sa.exc.DBAPIError as exc:
        raise connection_error(engine, exc) from None


def require_existing(engine: sa.Engine) -> None:
    """Refuse a SQLite file that does not exist (rather than create an empty one): run ``init``."""
    file = sqlite_file(engine)
    if file is not None and not file.exists():
        raise SchemaOutdated(f"database {file} does not exist: run `partyscreen init` first (it creates it)")


def require_current_schema(engine: sa.Engine) -> None:
    """Refuse a database that is missing, behind, or ahead of this version's schema.

    A SQLite file that does not exist is not created (read-only commands must not create
    databases); a server that cannot be reached is one line.
    """
    require_existing(engine)
    try:
        current = current_revision(engine)
    except sa.exc.OperationalError as exc:
        raise connection_error(engine, exc) from None
    head = head_revision()
    if current == head:
        return
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if current is None:
        raise SchemaOutdated(
            f"database {safe_url(engine)} has no partyscreen schema: run `partyscreen init` first"
        )
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaOutdated(
            f"database {safe_url(engine)} has schema {current}, newer than this partyscreen ({head}): upgrade partyscreen"
        )
    raise SchemaOutdated(
        f"database {safe_url(engine)} has schema {current}, behind this partyscreen ({head}): run `partyscreen init` to upgrade it"
    )


def safe_url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One write transaction: everything inside commits together or not at all.

    It starts by taking the database's write lock (``store/locks.py``: waits visibly, up to
    ``PARTYSCREEN_LOCK_TIMEOUT`` seconds, then ``DatabaseLocked``). On SQLite the connection's
    page cache is enlarged for the transaction (bulk imports).
    """
    with engine.begin() as conn:
        acquire_write_lock(conn)
        try:
            if conn.dialect.name != "sqlite":
                yield conn
                return
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")
            try:
                yield conn
            finally:
                with suppress(sa.exc.DBAPIError):  # never mask the import's own error
                    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        finally:
            release_write_lock(conn)
