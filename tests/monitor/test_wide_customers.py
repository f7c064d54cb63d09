"""The monitor on a customer master far wider than the columns it uses: ``read_customers`` makes
frames of the used columns alone (``SubjectSource.chunks(only)``, as ``screen``), and its customers,
row numbers, notes and errors are what reading every column gives (``read_subjects`` then
``customers_from_frame``, the monitor's reading before)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partyscreen.errors import InputError, UsageError
from partyscreen.monitor.customers import Customers, customers_from_frame, read_customers
from partyscreen.screening import inputs

FILLERS = [f"extra_{i}" for i in range(300)]
HEADER = "id,name,country,lei," + ",".join(FILLERS)
USED = {"id", "name", "country", "lei"}


def row(*cells: str) -> str:
    return ",".join([*cells, *[""] * (len(FILLERS) + 4 - len(cells))])


def every_column(path: Path, **columns: str | None) -> tuple[object, ...]:
    """The monitor's reading before: a frame of every column, then the customers from it."""
    try:
        try:
            frame = inputs.read_subjects(path)
        except InputError as exc:
            raise exc.reworded(InputError.SCREENED) from None
        return fields(customers_from_frame(frame, str(path), **columns))
    except (InputError, UsageError) as exc:
        return (type(exc).__name__, str(exc))


def used_columns(path: Path, **columns: str | None) -> tuple[object, ...]:
    try:
        return fields(read_customers(path, **columns))
    except (InputError, UsageError) as exc:
        return (type(exc).__name__, str(exc))


def fields(customers: Customers) -> tuple[object, ...]:
    arrays = [customers.ids, customers.names, customers.countries, customers.roles, customers.identifiers,
              customers.errors, customers.rows, customers.fingerprints]
    assert all(isinstance(a, np.ndarray) and len(a) == len(customers) for a in arrays)
    assert customers.rows.dtype == np.int64
    return ("customers", customers.input_name, *(a.tolist() for a in arrays), customers.notes)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)  # one file in several chunks


def write(tmp_path: Path, lines: list[str], name: str = "customers.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def test_a_wide_file_is_read_by_its_used_columns_with_the_same_customers_and_notes(tmp_path, small_chunks, frame_widths):
    path = write(tmp_path, [
        HEADER,
        row("k1", "Listed Parent Company", "China", "", "a", "b"),
        "",  # blank: skipped, its number kept
        row(),  # every cell empty: blank
        row("k2", "", "DE", "", "", "", "", "only in an unused column"),  # a row without a name
        row("k3", '"Harmless\nTrading GmbH"', "Deutschland", "5493001KJTIIGC8Y1R12"),  # a record on two lines
        row("k4", "Sky\x00dio Inc", "US"),
        "k5,Alpha Subsidiary Ltd",  # a short row
    ])
    new = used_columns(path)
    assert frame_widths and max(frame_widths) == len(USED)  # never the 300 others
    frame_widths.clear()
    old = every_column(path)
    assert max(frame_widths) == len(HEADER.split(","))  # the old reading, for comparison, made them all
    assert new == old
    _, _, ids, names, countries, _, identifiers, errors, rows, _, notes = new
    assert ids == ["k1", "k2", "k3", "k4", "k5"]
    assert rows == [2, 5, 6, 7, 8]  # blank rows keep their numbers; a record on two lines is one row
    assert names[2] == "Harmless\nTrading GmbH" and names[3] == "Skydio Inc" and errors[1] == "empty name: not screened"
    assert countries[:3] == ["CN", "DE", "DE"] and identifiers[2] == (("lei", "5493001KJTIIGC8Y1R12"),)
    assert notes == [f"{path}: 300 column(s) not used: {inputs.column_list(FILLERS)}"]


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        # a record wider than the header, in a later chunk: pandas' words and row, as before
        ([HEADER, row("k1", "A"), row("k2", "B"), row("k3", "C") + ",x", row("k4", "D")],
         "row 4: malformed CSV: Expected 304 fields in line 4, saw 305"),
        # no id column and a too-wide record: the file's error comes first, as when it was read whole
        (["name," + ",".join(FILLERS), "A" + "," * 300, "B" + "," * 301],
         "row 3: malformed CSV: Expected 301 fields in line 3, saw 302"),
        (["name," + ",".join(FILLERS), "A" + "," * 300], "no id column found"),
        (["id," + ",".join(FILLERS), "k1" + "," * 300], "no name column found"),
        ([HEADER, row("k1", "A"), row("", "B"), row("k1", "C")], "id 'k1' repeats row 2"),
    ],
)
def test_errors_are_worded_as_when_every_column_is_read(tmp_path, small_chunks, lines, error):
    path = write(tmp_path, lines)
    new = used_columns(path)
    assert new == every_column(path)
    assert new[0] == "InputError" and error in str(new[1]) and str(new[1]).endswith("Nothing was screened."), new


def test_a_column_named_but_absent_and_a_header_only_file_are_as_before(tmp_path):
    path = write(tmp_path, [HEADER, row("k1", "A")])
    new = used_columns(path, name_column="company")
    assert new == every_column(path, name_column="company") and new[0] == "UsageError"
    named = used_columns(path, name_column="extra_7", id_column="lei")
    assert named == every_column(path, name_column="extra_7", id_column="lei")
    empty = write(tmp_path, [HEADER], "empty.csv")
    assert used_columns(empty) == every_column(empty) and used_columns(empty)[2] == []


@pytest.mark.parametrize("suffix", [".xlsx", ".jsonl", ".parquet"])
def test_other_formats_are_read_by_their_used_columns_too(tmp_path, frame_widths, suffix):
    records = [{"id": f"k{i}", "name": name, **{f: f"v{i}" for f in FILLERS}, "country": "CN"}
               for i, name in enumerate(["Listed Parent Company", "", "Alpha Subsidiary Ltd"])]
    path = tmp_path / f"customers{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    elif suffix == ".parquet":
        pd.DataFrame(records).to_parquet(path, index=False)
    else:
        pd.DataFrame(records).to_excel(path, index=False)
    new = used_columns(path)
    assert max(frame_widths) == 3  # id, name, country
    assert new == every_column(path) and new[2] == ["k0", "k1", "k2"] and "300 column(s) not used" in new[-1][0]
