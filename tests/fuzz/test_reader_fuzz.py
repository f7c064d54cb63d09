"""Property-based fuzzing of the screening reader (counterparty files: CSV, JSON Lines).

Property: reading a counterparty file and finding its columns either gives subjects (one per data
row, each with a name or an error saying it was not screened) or raises the documented input
error (a ``PartyscreenError`` naming the file) — nothing else. No database is involved.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given

from partyscreen.errors import PartyscreenError
from partyscreen.screening.inputs import find_columns, read_subjects
from partyscreen.screening.screener import _subjects

from .mutate import csv_variant, json_variant
from .settings import FUZZ

COUNTERPARTIES = """id,Company Name,Country,Role,LEI,identifiers
c1,LISTED PARENT COMPANY LIMITED,China,importer,,uscc:91110000100000000X
c2,上市母公司,CN,end_user,,
c3,"Alpha Subsidiary Limited, HK",HK,end_user,529900T8BM49AURSDO55,
c4,,DE,consignee,,
"""
JSONL = """{"id": "c1", "name": "LISTED PARENT COMPANY LIMITED", "country": "CN", "role": "importer"}
{"id": "c2", "name": "上市母公司", "country": "China", "lei": "529900T8BM49AURSDO55"}
"""


def _screen_input(path: Path) -> None:
    try:
        frame = read_subjects(path)
        columns = find_columns(frame, source=str(path))
    except PartyscreenError as exc:
        assert path.name in str(exc), f"the error names no file: {exc}"
        return
    subjects = _subjects(frame, columns)
    assert len(subjects) == len(frame)
    for subject in subjects:
        assert subject.name or subject.error


@pytest.mark.parametrize(
    "suffix, strategy",
    [(".csv", csv_variant(COUNTERPARTIES)), (".jsonl", json_variant(JSONL, lines=True))],
    ids=["csv", "jsonl"],
)
def test_the_screening_reader_gives_subjects_or_a_clean_input_error(suffix, strategy, tmp_path: Path) -> None:
    @FUZZ
    @given(data=strategy)
    def check(data: bytes) -> None:
        with tempfile.NamedTemporaryFile(dir=tmp_path, suffix=suffix, delete=False) as fh:
            fh.write(data)
        _screen_input(Path(fh.name))
        Path(fh.name).unlink()

    check()
