"""A NUL character in an imported value is refused the same way on SQLite and PostgreSQL: one
line naming file, row and field (exit 2); nothing is imported."""

from __future__ import annotations

import sqlalchemy as sa

from partyscreen.store.bulk import insert_rows
from partyscreen.errors import InputError


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_nul_in_an_entity_name_is_a_row_error(cli, engine, db_url, write) -> None:  # type: ignore[no-untyped-def]
    file = write("e.csv", "id,name,kind,country\nE1,Good Name Ltd,organization,GB\nE2,Bad\x00Name Ltd,organization,GB\n")
    done = cli("--db", db_url, "ownership", "import", "--entities", file)
    assert done.code == 2
    assert done.err.splitlines()[0] == (
        f"Error: {file}, row 3, field name: contains a NUL character (U+0000), which the database cannot store: remove it"
    )
    assert "Traceback" not in done.err
    assert _count(engine, "entity") == 0


def test_nul_in_a_list_entry(cli, engine, db_url, write) -> None:  # type: ignore[no-untyped-def]
    file = write(
        "l.csv",
        "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"
        "internal-blocklist,q1,Fine Co,,,organization,GB,,2026-01-01,,,,\n"
        "internal-blocklist,q2,Other Co,Al\x00ias,,organization,GB,,2026-01-01,,,,\n",
    )
    done = cli("--db", db_url, "lists", "import", file)
    assert done.code == 2
    assert f"{file}, row 3, field aliases: contains a NUL character" in done.err
    assert _count(engine, "list_entry") == 0


def test_the_bulk_writer_refuses_nul_on_both_engines(engine) -> None:  # type: ignore[no-untyped-def]
    """The backstop for every importer (JSON and register formats included)."""
    with engine.connect() as conn:
        with conn.begin():
            conn.exec_driver_sql("CREATE TEMP TABLE stage_probe (name TEXT, n INTEGER)")
            try:
                insert_rows(conn, "stage_probe", ("name", "n"), [("ok", 1), ("bad\x00", 2)])
            except InputError as exc:
                message = str(exc)
            else:
                message = ""
    assert message.startswith("probe, field name: value 'bad\\x00' contains a NUL character (U+0000)")


def test_nul_in_a_screened_name_is_dropped_and_recorded_alike(cli, engine, db_url, write) -> None:  # type: ignore[no-untyped-def]
    """Screening input is not refused: the NUL is dropped, the name screened and recorded without it."""
    assert cli("--db", db_url, "lists", "update").code == 0
    file = write("s.csv", "name,country\nSky\x00dio Inc,US\n")
    done = cli("--db", db_url, "screen", file, "--as-of", "2025-06-01")
    assert done.code == 1, done.err
    assert "Skydio" in done.out
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM subject")).scalars().all() == ["Skydio Inc"]
