"""Bulk column reads: every reader (ADBC on SQLite files, COPY on PostgreSQL, driver tuples) gives
the same table, and a connection's own uncommitted writes are never missed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
import sqlalchemy as sa

from partyscreen.ownership.model import RELATIONS
from partyscreen.shares import HUNDRED_PERCENT, UNITS_PER_PERCENT
from partyscreen.store import columnar
from partyscreen.store.db import create_db_engine, transaction, upgrade
from partyscreen.store.importers import import_entities, import_holdings
from partyscreen.store.ownership_data import load_holding_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"

EXTRA_HOLDINGS = """owner_id,owned_id,relation,share,share_min,share_max,share_min_exclusive,share_max_exclusive,start_date,end_date
B,D,shareholding,,,,,,,
C,D,shareholding,,25,50,true,,,
A,E,voting,12.5,,,,,2027-01-01,
C,E,control,,,,,,,2025-06-01
"""

SCHEMA = pa.schema([("owner_id", pa.string()), ("share_min", pa.int64()), ("share_max", pa.int64()), ("x", pa.int64())])
SQL = (
    "SELECT owner_id, COALESCE(share_min, 0) AS share_min, COALESCE(share_max, 0) AS share_max, "
    "CAST(min_exclusive AS INTEGER) AS x FROM holding WHERE owned_id = :owned ORDER BY owner_id"
)


@pytest.fixture(autouse=True)
def adbc_for_any_size(monkeypatch):
    """These tests compare the readers on small files: let ADBC read them (see test below for the size rule)."""
    monkeypatch.setattr(columnar, "ADBC_MIN_BYTES", 0)


def test_a_small_sqlite_file_is_read_without_loading_adbc(tmp_path):
    """A lookup on a small database must not pay for loading ADBC (pyarrow.dataset, pandas)."""
    url = f"sqlite:///{tmp_path / 'small.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    _load(engine, tmp_path)
    engine.dispose()
    script = f"""
import sys
from datetime import date
from partyscreen.store.db import create_db_engine
from partyscreen.store import columnar
from partyscreen.store.ownership_data import load_holding_table
engine = create_db_engine("{url}")
with engine.connect() as conn:
    print(columnar.reader_name(conn))
    print(len(load_holding_table(conn, date(2026, 1, 1))))
print("adbc_driver_manager" in sys.modules, "pandas" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "driver" and int(out[1]) > 0  # read the holdings, through the driver
    assert out[2:] == ["False", "False"]


def _load(engine: sa.Engine, tmp_path: Path) -> sa.Engine:
    for name in ("entities.csv", "holdings.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "extra.csv").write_text(EXTRA_HOLDINGS, encoding="utf-8")
    with transaction(engine) as conn:
        import_entities(conn, tmp_path / "entities.csv")
        import_holdings(conn, tmp_path / "holdings.csv")
        import_holdings(conn, tmp_path / "extra.csv")
    return engine


def _as_edges(table) -> set[tuple]:  # type: ignore[no-untyped-def]
    ids = list(table.ids)
    return {
        (ids[o], ids[d], RELATIONS[r], lo, hi, bool(lx), bool(hx))
        for o, d, r, lo, hi, lx, hx in zip(
            table.owner.tolist(), table.owned.tolist(), table.relation.tolist(), table.share_min.tolist(),
            table.share_max.tolist(), table.min_exclusive.tolist(), table.max_exclusive.tolist(),
        )
    }


def test_the_fast_reader_and_the_driver_read_the_same_rows(engine, tmp_path):
    _load(engine, tmp_path)
    with engine.connect() as conn:
        assert columnar.reader_name(conn) == ("copy" if conn.dialect.name == "postgresql" else "adbc")
        fast = columnar.read_columns(conn, SQL, {"owned": "D"}, SCHEMA)
        compiled = sa.text(SQL).compile(dialect=conn.dialect)
        params = compiled.construct_params({"owned": "D"})
        args = params if conn.dialect.name == "postgresql" else tuple(params[n] for n in compiled.positiontup)
        slow = columnar._read_driver_tuples(conn, str(compiled), args, SCHEMA)
    assert fast.schema == slow.schema == SCHEMA
    assert fast.to_pylist() == slow.to_pylist()
    per_cent = UNITS_PER_PERCENT
    assert fast.to_pylist() == [
        {"owner_id": "B", "share_min": 0, "share_max": 0, "x": 0},  # unknown stake: both bounds NULL
        {"owner_id": "C", "share_min": 25 * per_cent, "share_max": 50 * per_cent, "x": 1},
        {"owner_id": "X", "share_min": 25 * per_cent, "share_max": 50 * per_cent, "x": 0},
    ]


def test_an_empty_result_keeps_the_schema(engine):
    with engine.connect() as conn:
        table = columnar.read_columns(conn, SQL, {"owned": "nobody"}, SCHEMA)
    assert table.num_rows == 0 and table.schema == SCHEMA


def test_holding_table_reads_bounds_dates_and_relations(engine, tmp_path):
    _load(engine, tmp_path)
    with engine.connect() as conn:
        table = load_holding_table(conn, date(2026, 1, 1), extra_ids=["X", "lonely"])
    edges = _as_edges(table)
    p = UNITS_PER_PERCENT
    assert ("B", "D", "shareholding", 0, HUNDRED_PERCENT, False, False) in edges  # NULL bounds are open
    assert ("C", "D", "shareholding", 25 * p, 50 * p, True, False) in edges
    assert any(e[:3] == ("X", "F", "branch") for e in edges)
    assert not any(e[1] == "E" for e in edges)  # A->E starts in 2027, C->E ended in 2025
    assert len(edges) == len(table) == 9
    assert table.index_of("lonely") is not None and table.ids[table.index_of("lonely")] == "lonely"
    assert table.ids[table.index_of("X")] == "X" and table.ids[table.index_of("C")] == "C"
    assert table.index_of("unknown") is None


class _Abort(Exception):
    pass


def test_uncommitted_holdings_are_seen_by_the_same_transaction(engine, tmp_path):
    _load(engine, tmp_path)
    with pytest.raises(_Abort), transaction(engine) as conn:
        conn.execute(sa.text(
            "INSERT INTO holding (id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive) "
            "VALUES ('new', 'C', 'A', 'shareholding', 1000000, 1000000, false, false)"
        ))
        if conn.dialect.name == "sqlite":
            assert columnar.reader_name(conn) == "driver"  # a second connection would not see the row
        table = load_holding_table(conn, date(2026, 1, 1))
        assert ("C", "A", "shareholding", UNITS_PER_PERCENT, UNITS_PER_PERCENT, False, False) in _as_edges(table)
        raise _Abort  # roll back
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM holding WHERE id = 'new'")).scalar_one() == 0


def test_in_memory_sqlite_reads_through_the_driver():
    engine = create_db_engine("sqlite://")
    upgrade(engine)
    with engine.connect() as conn:
        assert columnar.reader_name(conn) == "driver"
        table = load_holding_table(conn, date(2026, 1, 1), extra_ids=["X"])
    assert len(table) == 0 and list(table.ids) == ["X"] and table.index_of("X") == 0
    assert np.asarray(table.owner).dtype == np.int64


def test_an_adbc_failure_falls_back_to_the_driver(tmp_path, monkeypatch):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'test.db'}")
    upgrade(engine)
    _load(engine, tmp_path)
    adbc = columnar._adbc()

    def refuse(*args, **kwargs):
        from adbc_driver_manager import AdbcStatusCode

        raise adbc.OperationalError("IO: unable to open database file", status_code=AdbcStatusCode.IO)

    monkeypatch.setattr(adbc, "connect", refuse)
    with engine.connect() as conn:
        table = columnar.read_columns(conn, SQL, {"owned": "D"}, SCHEMA)
    assert [r["owner_id"] for r in table.to_pylist()] == ["B", "C", "X"]


def _insert_entities_and_holdings(conn: sa.Connection, pairs: list[tuple[str, str]]) -> None:
    from partyscreen.store.bulk import insert_rows

    ids = sorted({i for pair in pairs for i in pair})
    insert_rows(conn, "entity", ("id", "name", "kind"), ((i, i, "organization") for i in ids))
    insert_rows(
        conn, "holding", ("id", "owner_id", "owned_id", "relation", "share_min", "share_max", "min_exclusive", "max_exclusive"),
        ((f"h{n}", o, d, "shareholding", 1, 1, False, False) for n, (o, d) in enumerate(pairs)),
    )


def test_ids_with_line_breaks_and_non_ascii_survive_every_reader(engine):
    """Large enough for the CSV parser to split its input into blocks (PostgreSQL's COPY path)."""
    pairs = [(f"Owner\nof {n} 中国", f"Owned\r\n{n} Société") for n in range(30_000)]
    with transaction(engine) as conn:
        _insert_entities_and_holdings(conn, pairs)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET client_encoding TO 'GBK'")  # COPY must still send UTF-8
        table = load_holding_table(conn, date(2026, 1, 1))
    assert sorted(e[:2] for e in _as_edges(table)) == sorted(pairs)


def test_a_relative_sqlite_path_stays_the_file_that_was_opened(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, owner in ((first, "FIRST"), (second, "SECOND")):
        folder.mkdir()
        monkeypatch.chdir(folder)
        engine = create_db_engine("sqlite:///rel.db")
        upgrade(engine)
        with transaction(engine) as conn:
            _insert_entities_and_holdings(conn, [(owner, "T")])
        engine.dispose()
    monkeypatch.chdir(first)
    engine = create_db_engine("sqlite:///rel.db")
    with engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        monkeypatch.chdir(second)
        assert columnar.reader_name(conn) == "adbc"
        table = load_holding_table(conn, date(2026, 1, 1))
    assert {e[0] for e in _as_edges(table)} == {"FIRST"}
