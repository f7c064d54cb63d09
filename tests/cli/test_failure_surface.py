"""Clean failures around the database and the import files (issue 10, issue 15): one line and exit
2 instead of a traceback, no database created by a read-only command, the right row named."""

import sys

import pytest
import sqlalchemy as sa

from partyscreen.errors import SchemaOutdated
from partyscreen.screening import Screener
from partyscreen.store.db import create_db_engine


def one_line_error(result) -> str:
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_init_in_a_missing_folder_is_one_line(cli, tmp_path):
    result = cli("--db", f"sqlite:///{tmp_path}/no/such/folder/x.db", "init")
    assert result.code == 2
    assert "folder" in one_line_error(result) and "does not exist" in result.err


def test_init_on_an_unreachable_postgresql_server_is_one_line(cli):
    result = cli("--db", "postgresql://postgres@127.0.0.1:1/test", "init")
    assert result.code == 2
    assert "cannot connect to PostgreSQL" in one_line_error(result)


def test_init_on_a_missing_postgresql_database_says_init_does_not_create_it(cli, db_url):
    if not db_url.startswith("postgresql"):
        assert cli("--db", db_url, "init").code == 0  # SQLite: init creates the file
        return
    base = db_url.split("?")[0].rsplit("/", 1)[0]
    result = cli("--db", f"{base}/partyscreen_no_such_database", "init")
    assert result.code == 2
    line = one_line_error(result)
    assert "does not exist" in line and "createdb partyscreen_no_such_database" in line


def test_a_missing_postgresql_driver_says_how_to_install_it(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    result = cli("--db", "postgresql://postgres@127.0.0.1:5432/test", "stats")
    assert result.code == 2
    assert "pip install 'partyscreen[postgres]'" in one_line_error(result)


@pytest.mark.parametrize(
    "command",
    [("stats",), ("lists", "show"), ("affiliates",), ("explain", "X"), ("match", "Acme"), ("ownership", "import", "e.csv")],
)
def test_read_only_and_other_commands_do_not_create_a_sqlite_database(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e.csv").write_text("id,name\nE1,Acme\n", encoding="utf-8")
    db = tmp_path / "missing.db"
    result = cli("--db", f"sqlite:///{db}", *command)
    assert result.code == 2
    assert "does not exist: run `partyscreen init` first" in one_line_error(result)
    assert not db.exists()


def test_the_library_does_not_create_a_sqlite_database_either(tmp_path):
    db = tmp_path / "missing.db"
    with pytest.raises(SchemaOutdated, match="partyscreen init"):
        Screener.open(f"sqlite:///{db}")
    assert not db.exists()


# --- import files -------------------------------------------------------------------------------


def test_extra_field_in_the_first_holdings_row_is_exit_2(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    (tmp_path / "e.csv").write_text("id,name\nA,Alpha\nB,Beta\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text("owner_id,owned_id,share\nA,B,49,9\n", encoding="utf-8")
    result = cli("--db", db_url, "ownership", "import", tmp_path / "e.csv", tmp_path / "h.csv")
    assert result.code == 2
    assert "h.csv, row 2: malformed CSV: 4 fields where the header has 3 (extra: '9')" in result.err
    assert result.err.rstrip().endswith("Nothing was imported.")
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM holding")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM entity")).scalar_one() == 0
    engine.dispose()


def test_windows_1252_entities_are_stored_right_and_the_batch_records_the_encoding(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    path = tmp_path / "e.csv"
    path.write_bytes("id,name,country\nM1,Müller GmbH,DE\nS1,Société Générale,FR\n".encode("cp1252"))
    result = cli("--db", db_url, "ownership", "import", path)
    assert result.code == 0, result.err
    assert "[cp1252]" in result.err
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        names = conn.execute(sa.text("SELECT name FROM entity ORDER BY id")).scalars().all()
        encodings = conn.execute(sa.text("SELECT encoding FROM import_batch")).scalars().all()
    engine.dispose()
    assert names == ["Müller GmbH", "Société Générale"]
    assert encodings == ["cp1252"]


def test_unterminated_quote_in_an_import_is_one_line_naming_the_row(cli, db_url, tmp_path):
    assert cli("--db", db_url, "init").code == 0
    path = tmp_path / "e.csv"
    path.write_text('id,name\nE1,Acme\nE2,"Beta\nE3,Gamma\n', encoding="utf-8")
    result = cli("--db", db_url, "ownership", "import", path)
    assert result.code == 2 and "Traceback" not in result.err
    assert "e.csv, row 3: malformed CSV: a quote opened in this row is never closed" in result.err


@pytest.mark.parametrize(
    ("command", "file", "text", "field"),
    [
        (("ownership", "import"), "e.csv", "id,name\nE1,Acme\nE2,{long}\n", "name"),
        (("ownership", "import"), "e.csv", "id,name,aliases\nE1,Acme,Short;{long}\n", "aliases"),
        (("lists", "import", "--list", "my-list"), "l.csv", "entry_id,name\nT1,Ok\nT2,{long}\n", "name"),
        (("lists", "import", "--list", "my-list"), "l.csv", "entry_id,name,name_zh\nT1,Ok,{long}\n", "name_zh"),
    ],
)
def test_a_name_over_the_limit_stops_the_import_naming_row_and_field(cli, db_url, tmp_path, command, file, text, field):
    assert cli("--db", db_url, "init").code == 0
    path = tmp_path / file
    path.write_text(text.format(long="N" * 1_001), encoding="utf-8")
    result = cli("--db", db_url, *command, path)
    assert result.code == 2
    row = 3 if text.count("\n") == 3 else 2
    assert f"{file}, row {row}, field {field}: name is 1,001 characters long, over the 1,000-character limit" in result.err


def test_the_input_name_limit_is_the_matchers():
    from partyscreen.matching.normalize import MAX_NAME_LENGTH
    from partyscreen.settings import MAX_NAME_CHARS

    assert MAX_NAME_CHARS == MAX_NAME_LENGTH == 1_000
