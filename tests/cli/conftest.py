"""Run the CLI in-process through its real entry point, exit codes included."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from partyscreen.cli import run


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):  # type: ignore[no-untyped-def]
    def _cli(*args: str) -> Outcome:
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return _cli


STORE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


@pytest.fixture
def screening_db(cli, db_url, tmp_path):  # type: ignore[no-untyped-def]
    """A database (each engine) with the store fixtures loaded: the ownership network
    (entities.csv, holdings.csv) and both lists (list.csv, watch.csv), copied into tmp_path."""
    for name in ("entities.csv", "holdings.csv", "list.csv", "watch.csv"):
        shutil.copy(STORE_FIXTURES / name, tmp_path / name)
    assert cli("--db", db_url, "init").code == 0
    assert cli("--db", db_url, "ownership", "import", tmp_path / "entities.csv", tmp_path / "holdings.csv").code == 0
    assert cli("--db", db_url, "lists", "import", tmp_path / "list.csv").code == 0
    assert cli("--db", db_url, "lists", "import", tmp_path / "watch.csv").code == 0
    return db_url

