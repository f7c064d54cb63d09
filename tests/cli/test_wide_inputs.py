"""`screen` on a file far wider than the columns it uses (a CSV of 20,000 columns and one row took
17-50 s, nearly all of it making 20,000 frame columns): the frames screening makes hold the
columns it uses alone, and everything it reports —
subjects, row numbers, blank rows skipped, a row without a name, a malformed file's error and its
wording — is what reading every column gives (``SubjectSource.chunks(only)``)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from partyscreen.errors import InputError
from partyscreen.screening import inputs
from partyscreen.screening.screener import _subjects

AS_OF = ("--as-of", "2026-01-01")
FILLERS = [f"extra_{i}" for i in range(300)]
HEADER = "id,name,note,country," + ",".join(FILLERS[:2])


def read(path: Path, narrow: bool) -> tuple[object, ...]:
    """Every subject as ``screen`` makes it, from the used columns alone or from every column; or the error."""
    try:
        source = inputs.open_subjects(path)
        columns = inputs.find_columns(source.empty_frame(), source=str(path))
        subjects = []
        for frame in source.chunks(columns.used() if narrow else None):
            if narrow:
                assert set(frame.columns) <= columns.used()
            subjects += [(s.row, s.subject_id, s.name, s.country, s.identifiers, s.error)
                         for s in _subjects(frame, columns)]
        return ("rows", tuple(subjects))
    except InputError as exc:
        return ("error", str(exc))


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(inputs, "CHUNK_ROWS", 2)  # records of one file in several chunks


def write(tmp_path: Path, text: str, name: str = "cp.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_blank_rows_and_row_numbers_are_told_by_every_cell(tmp_path, small_chunks):
    body = [
        "c1,Listed Parent Company,n,CN,a,b",
        "",  # blank: skipped, its number kept
        ",,,,,",  # every cell empty: blank
        '"","",,,,',
        ",,,,,x",  # a value in an unused column only: a row without a name, not a blank one
        "   ",  # a space is a value
        'c2,"Harmless\nTrading GmbH",,DE,"q,\n""r""",',  # line breaks in quoted cells
        "c3,Sky\x00dio Inc",  # short row, a NUL
    ]
    path = write(tmp_path, HEADER + "\n" + "\n".join(body) + "\n")
    narrow = read(path, narrow=True)
    assert narrow == read(path, narrow=False)
    assert [(row, subject_id, error) for row, subject_id, _, _, _, error in narrow[1]] == [
        (2, "c1", None), (6, "", "empty name: not screened"), (7, "", "empty name: not screened"), (8, "c2", None),
        (9, "c3", None),  # a record, line breaks in its cells or not, is one row
    ]
    assert narrow[1][3][2] == "Harmless\nTrading GmbH" and narrow[1][4][2] == "Skydio Inc"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        # a record wider than the header, chunks after the first: pandas' own words and row
        (["c1,A,,CN,,", "c2,B,,CN,,", "c3,C,,CN,,", "c4,D,,CN,,,x", "c5,E,,CN,,"],
         "row 5: malformed CSV: Expected 6 fields in line 5, saw 7"),
        # an unquoted delimiter in an unused column, then a quote never closed: the width error comes first
        (["c1,A,,CN,,", "c2,B,,CN,,", "c3,C,x,y,CN,,", 'c4,"D,,CN,,'],
         "row 4: malformed CSV: Expected 6 fields in line 4, saw 7"),
        (["c1,A,,CN,,", "c2,B,,CN,,", 'c3,"C,,CN,,', "c4,D,,CN,,"],
         "row 4: malformed CSV: a quote opened in this row is never closed"),
        # a blank first record wider than the header: pandas takes it for an index, lets wider records pass
        ([",,,,,,,", "c1,A,,CN,,", "c2,B,,CN,,,x"], None),
        # a cell over the csv module's limit (131,072 characters) in an unused column: pandas reads it
        (["c1,A," + "n" * 200_000 + ",CN,,", "", "c2,B,,CN,,"], None),
    ],
)
@pytest.mark.filterwarnings("ignore::pandas.errors.ParserWarning")  # pandas' own, on the wide blank first record
def test_a_malformed_or_odd_file_ends_as_when_every_column_is_read(tmp_path, small_chunks, body, error):
    path = write(tmp_path, HEADER + "\n" + "\n".join(body) + "\n")
    narrow = read(path, narrow=True)
    assert narrow == read(path, narrow=False)
    if error is None:
        assert narrow[0] == "rows"
    else:
        assert narrow[0] == "error" and error in str(narrow[1]), narrow


def test_the_header_is_named_as_pandas_names_it(tmp_path):
    header = '\ufeffa,a,a.1,,"",a, b ,a.1,Unnamed: 3,"x\ny",name'
    path = write(tmp_path, header + "\n1,2,3,4,5,6,7,8,9,10,Harmless Trading GmbH\n")
    options = dict(encoding="utf-8-sig", sep=",", dtype=str, keep_default_na=False, index_col=False,
                   skip_blank_lines=False)
    source = inputs.open_subjects(path)
    assert source.columns == [str(c) for c in pd.read_csv(path, nrows=0, **options).columns]
    assert source.columns[:5] == ["a", "a.2", "a.1", "Unnamed: 3.1", "Unnamed: 4"]
    assert read(path, narrow=True) == read(path, narrow=False)


def test_a_spreadsheet_value_under_no_header_and_damaged_parquet_text_stay_errors(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "note"])
    sheet.append([1, "Listed Parent Company", None])
    sheet.append([None, None, None])
    sheet.append([2, "Harmless Trading GmbH", None, None, "beyond"])
    book.save(tmp_path / "cp.xlsx")
    narrow = read(tmp_path / "cp.xlsx", narrow=True)
    assert narrow == read(tmp_path / "cp.xlsx", narrow=False)
    assert "row 4: a value in column 5, which has no header" in str(narrow[1])

    damaged = tmp_path / "damaged.parquet"  # text in the unused column that is not UTF-8
    frame = pd.DataFrame({"name": ["Listed Parent Company", "B"], "note": ["x", "Zé-note"]})
    frame.to_parquet(damaged, compression=None, use_dictionary=False)
    damaged.write_bytes(damaged.read_bytes().replace("Zé".encode("utf-8"), b"Z\xff\xa9"))
    narrow = read(damaged, narrow=True)
    assert narrow == read(damaged, narrow=False) and narrow[0] == "error"

    indexed = tmp_path / "indexed.parquet"  # pandas' index stored as a column: refused as before
    pd.DataFrame({"id": ["c1"], "name": ["Listed Parent Company"], "note": ["x"]}).set_index("id").to_parquet(indexed)
    narrow = read(indexed, narrow=True)
    assert narrow == read(indexed, narrow=False) and "Length mismatch" in str(narrow[1])


def wide_file(tmp_path: Path, suffix: str) -> Path:
    """Counterparties with 300 columns screening does not use beside id, name and country."""
    names = ["Listed Parent Company", "Harmless Trading GmbH", "", "Alpha Subsidiary Ltd"]
    records = [{"id": f"c{i}", "name": name, **{f: f"v{i}" for f in FILLERS}, "country": "CN"}
               for i, name in enumerate(names)]
    frame = pd.DataFrame(records)
    path = tmp_path / f"wide{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_excel(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl", ".parquet"])
def test_screen_makes_frames_of_the_used_columns_alone(cli, screening_db, tmp_path, frame_widths, suffix):
    path = wide_file(tmp_path, suffix)
    out = tmp_path / "report.json"
    result = cli("--db", screening_db, "screen", path, *AS_OF, "--out", out)
    assert result.code == 1, result.err
    assert frame_widths and max(frame_widths) == 3  # id, name, country: not the 300 others
    assert "300 column(s) not used" in result.err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [(s["row"], s["subject_id"], s["error"]) for s in report["subjects"]] == [
        (2, "c0", ""), (3, "c1", ""), (4, "c2", "empty name: not screened"), (5, "c3", "")]
    assert ("c0", "X") in {(h["subject_id"], h["entity_id"]) for h in report["hits"]}
