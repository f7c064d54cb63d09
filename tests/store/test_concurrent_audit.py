"""The audit trail counts what each import itself wrote, also when two imports run at once.

PostgreSQL only: SQLite has one writer at a time (a second writer waits for the first or fails),
while two PostgreSQL imports of the same rows run side by side, the second one's upsert waiting
for the first one's row locks.
"""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities

WAIT_LIMIT_S = 120  # how long the test waits for the second import to block (not a timing assertion)


def _entities(n: int, renamed: int = 0) -> str:
    """``n`` entities; the first ``renamed`` of them under another name."""
    return "id,name,country\n" + "".join(f"E{i},Entity {i} {'Limited' if i < renamed else 'Ltd'},CN\n" for i in range(n))


def _wait_until_blocked(engine: sa.Engine, pid: int) -> None:
    """Poll until backend ``pid`` waits on a lock (the second import's upsert meets the first's rows)."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            state = conn.execute(sa.text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :p"), {"p": pid}).scalar()
            if state == "Lock":
                return
            conn.rollback()
            time.sleep(0.05)
    pytest.fail(f"the second import never waited for the first one's row locks within {WAIT_LIMIT_S} s")


def _run_second(engine: sa.Engine, importer, path, found: dict) -> threading.Thread:  # type: ignore[no-untyped-def]
    def second() -> None:
        try:
            with transaction(engine) as conn:
                found["pid"] = conn.connection.driver_connection.info.backend_pid
                found["ready"].set()
                found["result"] = importer(conn, path)
        except BaseException as exc:  # reported by the test thread
            found["error"] = exc
            found["ready"].set()

    thread = threading.Thread(target=second)
    thread.start()
    return thread


def _audit(engine: sa.Engine, batch_id: int) -> tuple[int, int, int]:
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT inserted, updated, unchanged FROM import_batch WHERE id = :b"), {"b": batch_id}).one()
    return tuple(row)  # type: ignore[return-value]


@pytest.fixture
def race(engine):  # type: ignore[no-untyped-def]
    """Run two entity imports at once: the first writes and holds its row locks uncommitted, the
    second starts and blocks on them, then the first commits. Returns both results and the
    batch that owns each entity row afterwards."""

    def _race(first_file, second_file):  # type: ignore[no-untyped-def]
        first = engine.connect()
        first_tx = first.begin()
        a = import_entities(first, first_file)  # written, not committed: holds the rows' locks
        found: dict = {"ready": threading.Event()}
        thread = _run_second(engine, import_entities, second_file, found)
        found["ready"].wait(WAIT_LIMIT_S)
        assert "error" not in found, found.get("error")
        _wait_until_blocked(engine, found["pid"])
        first_tx.commit()
        first.close()
        thread.join(WAIT_LIMIT_S)
        assert "error" not in found, found.get("error")
        with engine.connect() as conn:
            owners = dict(conn.execute(sa.text("SELECT batch_id, COUNT(*) FROM entity GROUP BY batch_id")).all())
        return a, found["result"], owners

    return _race


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_imports_at_once_each_record_what_they_wrote(engine, race, tmp_path):
    n = 300
    path = tmp_path / "entities.csv"
    path.write_text(_entities(n), encoding="utf-8")
    a, b, owners = race(path, path)
    assert owners == {a.batch_id: n}  # every row was written by the first import
    assert (a.counts.inserted, a.counts.updated, a.counts.unchanged) == (n, 0, 0)
    assert (b.counts.inserted, b.counts.updated, b.counts.unchanged) == (0, 0, n)
    assert _audit(engine, a.batch_id) == (n, 0, 0)
    assert _audit(engine, b.batch_id) == (0, 0, n)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_concurrent_import_that_changes_rows_counts_them_as_updated(engine, race, tmp_path):
    """The second file renames some entities: those are updates of the first import's rows."""
    n, renamed = 40, 15
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text(_entities(n), encoding="utf-8")
    two.write_text(_entities(n, renamed), encoding="utf-8")
    a, b, owners = race(one, two)
    assert owners == {a.batch_id: n - renamed, b.batch_id: renamed}
    assert (b.counts.inserted, b.counts.updated, b.counts.unchanged) == (0, renamed, n - renamed)
    assert _audit(engine, b.batch_id) == (0, renamed, n - renamed)
