"""Property-based fuzzing of every importer (issue 15): entities, holdings, list CSV, measures, OFAC,
CSL, FtM (lists and ownership), BODS, GLEIF (Level 1, relationships, reporting exceptions) and UK
PSC. Each gets hostile variants of a valid sample (``mutations.py``) and must end in success (exit
0) or the documented input error (exit 2: ``Error: …`` naming the file, nothing imported) — never
a traceback, never exit 3.

``PARTYSCREEN_FUZZ_EXAMPLES`` sets the examples per target (default 15 here; the scheduled run in
the README uses 10,000). The database is SQLite: the importers' reading and checking is the same
on both engines, and the engines' own differences (NUL, lost connections) have their own tests.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given

from partyscreen.cli import run

from tests.fuzz.mutations import fuzz_settings, variants

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STORE = FIXTURES / "store"
OWNERSHIP = FIXTURES / "ownership"
MEASURES = (
    "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"
    "cn-mofcom-export-control,商务部公告2025年第1号,,suspended,2025-05-14,2025-08-12,2025-05-14,,a suspension\n"
    "cn-mofcom-export-control,商务部公告2025年第1号,T-2,ended,2025-11-10,,2025-11-05,https://example.org/x,\n"
)


def head(path: Path, lines: int) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


@dataclass(frozen=True)
class Target:
    name: str
    sample: bytes
    kind: str  # csv | json | jsonl
    file_name: str
    args: tuple[str, ...]  # FILE stands for the fuzzed file
    setup: tuple[tuple[str, ...], ...] = ()
    beside: tuple[Path, ...] = ()  # valid companion files copied next to the fuzzed one


OWNERSHIP_SETUP = (("ownership", "import", str(STORE / "entities.csv"), str(STORE / "holdings.csv")),)
TARGETS = [
    Target("entities", (STORE / "entities.csv").read_bytes(), "csv", "entities.csv",
           ("ownership", "import", "FILE", str(STORE / "holdings.csv"))),
    Target("holdings", (STORE / "holdings.csv").read_bytes(), "csv", "holdings.csv",
           ("ownership", "import", str(STORE / "entities.csv"), "FILE")),
    Target("list-csv", (STORE / "list.csv").read_bytes(), "csv", "list.csv", ("lists", "import", "FILE"), OWNERSHIP_SETUP),
    Target("measures", MEASURES.encode(), "csv", "measures.csv", ("lists", "import", "FILE", "--format", "measures"),
           (*OWNERSHIP_SETUP, ("lists", "import", str(STORE / "list.csv")))),
    Target("ofac", head(FIXTURES / "ofac" / "sdn.csv", 25), "csv", "sdn.csv", ("lists", "import", "FILE", "--format", "ofac"),
           beside=(FIXTURES / "ofac" / "alt.csv", FIXTURES / "ofac" / "add.csv")),
    Target("csl", head(FIXTURES / "csl" / "consolidated.csv", 8), "csv", "consolidated.csv",
           ("lists", "import", "FILE", "--format", "csl")),
    Target("ftm-list", (FIXTURES / "ftm" / "entities.ftm.json").read_bytes(), "jsonl", "entities.ftm.json",
           ("lists", "import", "FILE", "--format", "ftm", "--list", "opensanctions")),
    Target("ftm-ownership", (FIXTURES / "ftm" / "entities.ftm.json").read_bytes(), "jsonl", "entities.ftm.json",
           ("ownership", "import", "FILE", "--format", "ftm")),
    Target("bods", (OWNERSHIP / "e2e" / "bods.jsonl").read_bytes(), "jsonl", "bods.jsonl",
           ("ownership", "import", "FILE", "--format", "bods")),
    Target("bods-array", (OWNERSHIP / "bods" / "indirect-ownership.json").read_bytes(), "json", "bods.json",
           ("ownership", "import", "FILE", "--format", "bods")),
    Target("gleif-l1", (OWNERSHIP / "e2e" / "gleif-l1.json").read_bytes(), "json", "lei2.json",
           ("ownership", "import", "FILE", "--format", "gleif-l1")),
    Target("gleif-rr", (OWNERSHIP / "e2e" / "gleif-rr.json").read_bytes(), "json", "rr.json",
           ("ownership", "import", "FILE", "--format", "gleif-rr")),
    Target("gleif-repex", (OWNERSHIP / "e2e" / "gleif-repex.json").read_bytes(), "json", "repex.json",
           ("ownership", "import", "FILE", "--format", "gleif-repex")),
    Target("uk-psc", (OWNERSHIP / "uk_psc" / "psc-data-1.json").read_bytes(), "json", "psc.json",
           ("ownership", "import", "FILE", "--format", "uk-psc")),
    Target("auto", (OWNERSHIP / "e2e" / "bods.jsonl").read_bytes(), "jsonl", "statements.jsonl", ("ownership", "import", "FILE")),
]


def cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run(list(args))
    return code, err.getvalue()


def check_outcome(code: int, err: str, file: Path) -> None:
    """Success, or the documented input error: exit 2 with ``Error: …`` naming the file; never a trace."""
    assert "Traceback" not in err and "Internal error" not in err, err
    assert code in (0, 2), f"exit {code}: {err}"
    if code == 2:
        errors = [line for line in err.splitlines() if line.startswith("Error: ")]
        assert errors, f"exit 2 without an error line: {err}"
        assert file.name in err, f"the error does not name {file.name}: {err}"


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_importer_ends_in_success_or_the_documented_error(target, tmp_path):
    db = f"sqlite:///{tmp_path / 'fuzz.db'}"
    assert cli("--db", db, "init")[0] == 0
    for step in target.setup:
        code, err = cli("--db", db, *step)
        assert code == 0, err
    counter = itertools.count()

    @fuzz_settings()
    @given(content=variants(target.sample, target.kind))
    def check(content: bytes) -> None:
        folder = tmp_path / f"x{next(counter)}"
        folder.mkdir()
        for companion in target.beside:
            shutil.copy(companion, folder / companion.name)
        file = folder / target.file_name
        file.write_bytes(content)
        args = [str(file) if a == "FILE" else a for a in target.args]
        code, err = cli("--db", db, *args)
        check_outcome(code, err, file)
        shutil.rmtree(folder)

    check()
