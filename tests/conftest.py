"""Shared fixtures: a fresh database per test on SQLite and, when configured, PostgreSQL.

PostgreSQL tests run when ``PARTYSCREEN_TEST_POSTGRES`` names a server (e.g.
``postgresql://postgres@127.0.0.1:5432/test``); each test gets its own schema, dropped after.
Without it they skip, except under CI (``CI=true``), where a missing PostgreSQL is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen.store.db import create_db_engine, normalize_url, upgrade

PG_ENV = "PARTYSCREEN_TEST_POSTGRES"
FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI requires PostgreSQL: set {PG_ENV} (the database tests run on both engines)")
    return None


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' on-disk cache (match indexes) lives in a temporary folder, never the user's."""
    previous = os.environ.get("PARTYSCREEN_CACHE_DIR")
    os.environ["PARTYSCREEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("PARTYSCREEN_CACHE_DIR", None)
    else:
        os.environ["PARTYSCREEN_CACHE_DIR"] = previous


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database (no schema yet) on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = _postgres_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://user@host:port/db")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalize_url(base))
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {base} is not reachable: {exc.orig}")
        pytest.skip(f"PostgreSQL at {base} is not reachable")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """An engine on a database initialised to the current schema."""
    eng = create_db_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding, newline="")
        return path

    return _write


@pytest.fixture
def frame_widths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The width (columns) of every frame the counterparty-file reader makes (``inputs.text_cells``
    sees each chunk): a test reads them to tell the used columns alone from all of them."""
    from partyscreen.screening import inputs

    seen: list[int] = []
    whole_cells = inputs.text_cells

    def counting(frame):  # type: ignore[no-untyped-def]
        seen.append(frame.shape[1])
        return whole_cells(frame)

    monkeypatch.setattr(inputs, "text_cells", counting)
    return seen
