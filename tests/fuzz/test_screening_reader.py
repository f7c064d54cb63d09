"""Property-based fuzzing of the screening reader (issue 15): hostile CSV, JSON Lines, XLSX and
Parquet counterparty files are read to the end (``inputs.open_subjects`` and every chunk, the
subjects made as ``screen`` makes them) and end in rows or the documented input error — an
``InputError`` (exit 2, "Nothing was screened.") naming the file — never another exception.
A few variants per run also go through ``partyscreen screen`` itself (exit 0, 1 or 2, no trace).

``PARTYSCREEN_FUZZ_EXAMPLES`` sets the examples per format (default 15; scheduled: 10,000).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partyscreen.cli import run
from partyscreen.errors import InputError, UsageError
from partyscreen.screening import inputs
from partyscreen.screening.screener import _subjects

from tests.fuzz.mutations import fuzz_settings, text_cells, variants

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
CSV_SAMPLE = (
    "id,Company Name,Country,Role,LEI,identifiers\n"
    "c1,LISTED PARENT COMPANY LIMITED,China,importer,,uscc:91110000100000000X\n"
    "c2,上市母公司,CN,end_user,,\n"
    "c3,Alpha Subsidiary Limited,HK,end_user,529900T8BM49AURSDO55,lei:x;duns:1\n"
    "c4,,DE,importer,,\n"
).encode("utf-8")
JSONL_SAMPLE = "".join(
    json.dumps(r, ensure_ascii=False) + "\n"
    for r in [{"id": "c1", "name": "Listed Parent Co", "country": "CN"}, {"id": 2, "name": "上市母公司", "lei": None},
              {"name": "Beta Trading GmbH", "identifiers": "lei:529900T8BM49AURSDO55", "extra": [1, {"a": 2}]}]
).encode("utf-8")


WIDE_CSV_SAMPLE = (  # columns screening does not use among those it does, blank and near-blank records
    "id,Company Name,note,Country,x1,Role,LEI,x2,identifiers,x3\n"
    "c1,LISTED PARENT COMPANY LIMITED,n,China,a,importer,,b,uscc:91110000100000000X,c\n"
    ",,,,,,,,,\n"
    "c2,上市母公司,,CN,,end_user,,,,\n"
    "\n"
    ",,only here,,,,,,,\n"
    'c3,Alpha Subsidiary Limited,"q,\n""x",HK,,end_user,529900T8BM49AURSDO55,,lei:x;duns:1,\n'
    "c4,,,DE,,importer,,,,\n"
).encode("utf-8")


def read_all(path: Path) -> int:
    """Read every chunk and make its subjects; the number of rows. Only the documented errors escape."""
    source = inputs.open_subjects(path)
    columns = inputs.find_columns(source.empty_frame(), source=str(path))
    inputs.column_warnings(source.empty_frame(), columns, str(path))
    rows = 0
    for frame in source.chunks():
        rows += len(_subjects(frame, columns))
    return rows


def expect_rows_or_input_error(path: Path) -> None:
    try:
        read_all(path)
    except (InputError, UsageError) as exc:
        text = str(exc)
        assert text.strip() and "Traceback" not in text
        assert path.name in text, text


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)  # several chunks per file


@pytest.mark.parametrize(("kind", "suffix", "sample"), [("csv", ".csv", CSV_SAMPLE), ("jsonl", ".jsonl", JSONL_SAMPLE)])
def test_text_inputs_end_in_rows_or_an_input_error(tmp_path, kind, suffix, sample):
    counter = itertools.count()

    @fuzz_settings()
    @given(content=variants(sample, kind))
    def check(content: bytes) -> None:
        path = tmp_path / f"cp{next(counter)}{suffix}"
        path.write_bytes(content)
        expect_rows_or_input_error(path)
        path.unlink()

    check()


def subjects_read(path: Path, only_used: bool) -> tuple[object, ...]:
    """The subjects as ``screen`` makes them, from the used columns alone or from every column; or the error."""
    try:
        source = inputs.open_subjects(path)
        columns = inputs.find_columns(source.empty_frame(), source=str(path))
        subjects: list[tuple[object, ...]] = []
        for frame in source.chunks(columns.used() if only_used else None):
            subjects += [(s.row, s.subject_id, s.name, s.country, s.role, s.identifiers, s.error)
                         for s in _subjects(frame, columns)]
        return ("rows", tuple(subjects))
    except (InputError, UsageError) as exc:
        return ("error", str(exc))


def test_the_used_columns_alone_read_as_every_column(tmp_path):
    """Screening reads a file's used columns alone (``SubjectSource.chunks(only)``): the same rows,
    numbers, blank records and errors as reading every column, whatever the file."""
    counter = itertools.count()

    @fuzz_settings()
    @given(content=variants(WIDE_CSV_SAMPLE, "csv"))
    def check(content: bytes) -> None:
        path = tmp_path / f"cp{next(counter)}.csv"
        path.write_bytes(content)
        assert subjects_read(path, only_used=True) == subjects_read(path, only_used=False)
        path.unlink()

    check()


cell_values = st.one_of(text_cells, st.none(), st.integers(-(10**18), 10**18), st.floats(allow_nan=True), st.booleans())


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_spreadsheet_and_parquet_inputs_end_in_rows_or_an_input_error(tmp_path, suffix):
    counter = itertools.count()

    @fuzz_settings()
    @given(
        header=st.lists(st.one_of(st.sampled_from(["name", "id", "country", "lei", "identifiers", "Name", "名称"]), text_cells),
                        min_size=1, max_size=5),
        rows=st.lists(st.lists(cell_values, max_size=6), max_size=6),
        damage=st.one_of(st.none(), st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=16))),
    )
    def check(header, rows, damage) -> None:
        path = tmp_path / f"cp{next(counter)}{suffix}"
        if suffix == ".xlsx":
            book = openpyxl.Workbook()
            sheet = book.active
            for line in [header, *rows]:
                try:
                    sheet.append(line)
                except Exception:  # noqa: BLE001 - a value a worksheet cannot hold: not a file anyone has
                    sheet.append([None])
            book.save(path)
        else:
            names = [f"{h}" for h in header]
            if len(set(names)) != len(names):
                names = [f"{n}_{i}" for i, n in enumerate(names)]
            data = {n: [str(r[i]) if i < len(r) and r[i] is not None else None for r in rows] for i, n in enumerate(names)}
            pd.DataFrame(data).to_parquet(path)
        if damage is not None:
            content = bytearray(path.read_bytes())
            position, fragment = damage
            position %= max(1, len(content))
            content[position : position + len(fragment)] = fragment
            path.write_bytes(bytes(content))
        expect_rows_or_input_error(path)
        path.unlink()

    check()


@pytest.fixture
def screening_sqlite(tmp_path):
    db = f"sqlite:///{tmp_path / 'screen.db'}"
    for step in (["init"], ["ownership", "import", str(FIXTURES / "entities.csv"), str(FIXTURES / "holdings.csv")],
                 ["lists", "import", str(FIXTURES / "list.csv")], ["lists", "import", str(FIXTURES / "watch.csv")]):
        assert run(["-q", "--db", db, *step]) == 0
    return db


def test_screen_command_ends_in_an_answer_or_the_documented_error(tmp_path, screening_sqlite):
    counter = itertools.count()

    @fuzz_settings()
    @given(content=variants(CSV_SAMPLE, "csv"), fmt=st.sampled_from(["csv", "json", "xlsx", "html"]))
    def check(content: bytes, fmt: str) -> None:
        number = next(counter)
        if number >= 5:  # a whole screen costs seconds: five per run, the reader tests do the rest
            return
        path = tmp_path / f"cp{number}.csv"
        path.write_bytes(content)
        out = tmp_path / f"r{number}.{fmt}"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = run(["--db", screening_sqlite, "screen", str(path), "--as-of", "2026-01-01", "--out", str(out)])
        assert "Traceback" not in err.getvalue() and code in (0, 1, 2), err.getvalue()
        assert out.exists() == (code in (0, 1)), err.getvalue()

    check()
