"""Inputs the fuzzers found that crashed an importer or the screening reader (exit 3 with a
traceback); each must now be the documented one-line input error (exit 2) or a success, on both
engines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

FTM = Path(__file__).resolve().parents[1] / "fixtures" / "ftm" / "entities.ftm.json"


@pytest.fixture
def db(cli, db_url):
    assert cli("--db", db_url, "init").code == 0
    return db_url


def _ftm_with(tmp_path: Path, change: dict) -> Path:
    lines = [json.loads(l) for l in FTM.read_text(encoding="utf-8").splitlines() if l.strip()]
    own = next(l for l in lines if l["schema"] == "Ownership")
    own.update(change)
    path = tmp_path / "entities.ftm.json"
    path.write_text("".join(json.dumps(l) + "\n" for l in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "field"), [
    ({"properties": None}, None),  # null properties: read as none
    ({"properties": ["owner"]}, "properties"),
    ({"properties": {"owner": {"id": 1}}}, "properties.owner"),
    ({"schema": ["Ownership"]}, "schema"),
])
def test_ftm_entity_of_the_wrong_shape_is_an_input_error(cli, db, tmp_path, change, field):
    path = _ftm_with(tmp_path, change)
    for command in (("ownership", "import", path, "--format", "ftm"), ("lists", "import", path, "--format", "ftm", "--list", "os")):
        result = cli("--db", db, *command)
        assert "Traceback" not in result.err
        if field is None:
            assert result.code == 0, result.err
        else:
            assert result.code == 2, result.err
            assert f"field {field}" in result.err and path.name in result.err


@pytest.mark.parametrize("content", [
    b"\x1f\x8b" + b"not really gzip",  # gzip magic, then garbage
    gzip.compress(b'{"statementId": "s1"}\n', mtime=0)[:-12],  # a truncated download
    b"PK\x03\x04" + b"broken zip",
])
def test_a_damaged_archive_is_an_input_error(cli, db, tmp_path, content):
    path = tmp_path / "statements.jsonl"
    path.write_bytes(content)
    for fmt in ("auto", "bods"):
        result = cli("--db", db, "ownership", "import", path, "--format", fmt)
        assert result.code == 2, result.err
        assert "Traceback" not in result.err and path.name in result.err
