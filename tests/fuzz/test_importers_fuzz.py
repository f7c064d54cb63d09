"""Property-based fuzzing of every importer through the CLI, on SQLite and PostgreSQL.

Property: whatever the file holds, ``ownership import`` / ``lists import`` ends in success (exit 0)
or in the documented input error (exit 2, an ``Error:`` line naming the file, nothing written:
the import audit trail is unchanged) — never an internal error (exit 3) or another outcome.

Examples per importer and engine: ``PARTYSCREEN_FUZZ_EXAMPLES`` (default 60, derandomised so the
normal run is repeatable; the nightly run sets 10000 and is random: see README, Development).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from partyscreen.cli import run
from partyscreen.store.db import create_db_engine

from .mutate import csv_variant, json_variant
from .settings import FUZZ

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

MEASURES = """list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note
cn-mofcom-export-control,商务部公告2025年第1号,,suspended,2025-11-10,2026-11-10,2025-11-05,https://www.mofcom.gov.cn/x,"a note, quoted"
cn-mofcom-export-control,,T-1,ended,2025-12-01,,2025-11-20,,
"""


@dataclass(frozen=True)
class Format:
    """One importer: its sample files, which of them is mutated, and the CLI arguments."""

    name: str
    samples: tuple[tuple[str, str], ...]  # (file name written, sample text)
    args: Callable[[Path, list[Path]], list[str]]
    json_lines: bool | None = None  # None: CSV; True: JSON lines; False: one JSON document

    def variant(self) -> st.SearchStrategy[tuple[int, bytes]]:
        index = st.integers(0, len(self.samples) - 1)
        return index.flatmap(lambda i: st.tuples(st.just(i), self._mutated(self.samples[i][1])))

    def _mutated(self, text: str) -> st.SearchStrategy[bytes]:
        if self.json_lines is None:
            return csv_variant(text)
        return json_variant(text, self.json_lines)


def _read(*parts: str) -> str:
    return (FIXTURES.joinpath(*parts)).read_text(encoding="utf-8")


def _ownership(fmt: str) -> Callable[[Path, list[Path]], list[str]]:
    return lambda _dir, files: ["ownership", "import", "--format", fmt, *map(str, files)]


def _list(fmt: str) -> Callable[[Path, list[Path]], list[str]]:
    return lambda _dir, files: ["lists", "import", "--format", fmt, str(files[0])]


FORMATS = (
    Format("entities", (("entities.csv", _read("store", "entities.csv")),), lambda _d, f: ["ownership", "import", "--entities", str(f[0])]),
    Format("holdings", (("holdings.csv", _read("store", "holdings.csv")),), lambda _d, f: ["ownership", "import", "--holdings", str(f[0])]),
    Format("list-csv", (("list.csv", _read("store", "list.csv")),), _list("csv")),
    Format("measures", (("measures.csv", MEASURES),), _list("measures")),
    Format(
        "ofac",
        tuple((name, _read("ofac", name)) for name in ("sdn.csv", "alt.csv", "add.csv")),
        lambda _d, f: ["lists", "import", "--format", "ofac", str(f[0])],
    ),
    Format("csl", (("consolidated.csv", _read("csl", "consolidated.csv")),), _list("csl")),
    Format("ftm-list", (("entities.ftm.json", _read("ftm", "entities.ftm.json")),), _list("ftm"), json_lines=True),
    Format("ftm-ownership", (("entities.ftm.json", _read("ftm", "entities.ftm.json")),), _ownership("ftm"), json_lines=True),
    Format("bods", (("bods.json", _read("ownership", "bods", "joint-ownership.json")),), _ownership("bods"), json_lines=False),
    Format("gleif-l1", (("lei.json", _read("ownership", "gleif", "lei-data.json")),), _ownership("gleif-l1"), json_lines=False),
    Format("gleif-rr", (("rr.json", _read("ownership", "gleif", "rr-data.json")),), _ownership("gleif-rr"), json_lines=False),
    Format("gleif-repex", (("repex.json", _read("ownership", "gleif", "repex-data.json")),), _ownership("gleif-repex"), json_lines=False),
    Format("uk-psc", (("psc.json", _read("ownership", "uk_psc", "psc-data-8.json")),), _ownership("uk-psc"), json_lines=False),
)


def _batches(db_url: str) -> int:
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT COUNT(*) FROM import_batch")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture
def seeded(db_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A database with the sample entities (so holdings and links have something to point at)."""
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "ownership", "import", "--entities", str(FIXTURES / "store" / "entities.csv")]) == 0
    capsys.readouterr()
    return db_url


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_an_import_succeeds_or_fails_cleanly_whatever_the_file_holds(fmt: Format, seeded: str, tmp_path: Path, capsys) -> None:
    @FUZZ
    @given(variant=fmt.variant())
    def check(variant: tuple[int, bytes]) -> None:
        mutated, data = variant
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        files = []
        for i, (name, text) in enumerate(fmt.samples):
            path = folder / name
            path.write_bytes(data if i == mutated else text.encode("utf-8"))
            files.append(path)
        before = _batches(seeded)
        capsys.readouterr()
        code = run(["--db", seeded, *fmt.args(folder, files)])
        err = capsys.readouterr().err
        assert code in (0, 2), f"exit {code} on {fmt.name}:\n{err[-3000:]}"
        if code == 2:
            assert "Error:" in err, err
            assert fmt.samples[mutated][0] in err or folder.name in err, f"the error names no file:\n{err}"
            assert _batches(seeded) == before, "a failed import wrote an import batch"
        shutil.rmtree(folder, ignore_errors=True)

    check()
