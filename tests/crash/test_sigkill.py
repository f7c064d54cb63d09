"""Crash safety: ``ownership import``, ``lists import``, ``affiliates`` and ``screen`` killed with
SIGKILL at random points leave the database as before or as after the command, never between,
and leave no output file unless it is complete — on SQLite and PostgreSQL.

Each test builds two identical databases: a reference, on which the command runs to completion
(the "after" state and output), and a victim, on which the command is started as a subprocess
and killed after a random delay within the reference's run time, up to three times, until the
victim reaches the after state. States are compared as every row of every table, without
timestamps, durations and the integer surrogate keys that PostgreSQL sequences hand out to
killed transactions too.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

import partyscreen
import partyscreen.store.models  # noqa: F401  (every table on the metadata)
from partyscreen.store.db import create_db_engine, normalize_url

from conftest import _postgres_url  # tests/conftest.py

pytestmark = pytest.mark.slow

ROOT = Path(partyscreen.__file__).resolve().parents[1]
ENTITIES = 3_000
LISTED = 200
UNSTABLE = {"started_at", "finished_at", "computed_at", "used_at", "created_at", "decided_at", "proposed_at",
            "duration_ms", "snapshot", "list_versions"}
"""Columns that differ between two identical runs (times, durations, batch ids inside JSON)."""
TRIES = 3


def _entities(path: Path, version: int) -> None:
    lines = ["id,name,kind,country,aliases,identifiers,address"]
    for i in range(ENTITIES):
        lines.append(f"E{i},Company {i} v{version} Trading Limited,organization,CN,Firm {i},,Street {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _holdings(path: Path, version: int) -> None:
    lines = ["owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source"]
    for i in range(1, ENTITIES):
        share = 30 + (i * 7 + version) % 40
        lines.append(f"E{(i - 1) // 3},E{i},shareholding,{share},,,2020-01-01,,registry")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _list(path: Path, count: int) -> None:
    lines = ["list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id"]
    for i in range(count):
        list_id = "cn-mofcom-export-control" if i % 2 else "cn-mofcom-watch"
        lines.append(f"{list_id},L-{i},Company {i * 37 % ENTITIES} Listed,,,organization,CN,,2025-01-02,,No. {i % 9},,E{i * 37 % ENTITIES}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _counterparties(path: Path) -> None:
    lines = ["id,name,country"]
    for i in range(600):
        lines.append(f"c{i},Company {i * 13 % ENTITIES} v1 Trading Limited,CN")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _command(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "partyscreen.cli", "--db", db_url, "-q", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _run(db_url: str, *args: str) -> None:
    result = subprocess.run(_command(db_url, *args), env=_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1), result.stderr[-3000:]


def _state(db_url: str) -> str:
    """A digest of every row of every table (see the module docstring for what is left out)."""
    engine = create_db_engine(db_url)
    digest = hashlib.sha256()
    try:
        with engine.connect() as conn:
            for name, table in sorted(SQLModel.metadata.tables.items()):
                columns = [
                    c.name for c in table.columns
                    if c.name not in UNSTABLE and not (isinstance(c.type, sa.Integer) and (c.name in ("id", "retired_by") or c.name.endswith(("_id", "_pk"))))
                ]
                rows = sorted(repr(tuple(r)) for r in conn.execute(sa.text(f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {name}")))
                digest.update(f"{name}:{len(rows)}\n".encode())
                for row in rows:
                    digest.update(row.encode("utf-8", "surrogatepass"))
    finally:
        engine.dispose()
    return digest.hexdigest()


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty databases on one engine: (reference, victim)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reference.db'}", f"sqlite:///{tmp_path / 'victim.db'}"
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL tests need PARTYSCREEN_TEST_POSTGRES")
    schemas = [f"k_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    admin = sa.create_engine(normalize_url(base))
    with admin.begin() as conn:
        for schema in schemas:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield tuple(f"{base}{sep}options=-csearch_path%3D{s}" for s in schemas)  # type: ignore[misc]
    with admin.begin() as conn:
        for schema in schemas:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {name: tmp_path / f"{name}.csv" for name in ("entities1", "holdings1", "entities2", "holdings2", "list1", "list2", "parties")}
    _entities(made["entities1"], 1)
    _holdings(made["holdings1"], 1)
    _entities(made["entities2"], 2)
    _holdings(made["holdings2"], 2)
    _list(made["list1"], LISTED)
    _list(made["list2"], LISTED + 200)
    _counterparties(made["parties"])
    return made


def _base(db_url: str, files: dict[str, Path], command: str) -> None:
    _run(db_url, "init")
    _run(db_url, "ownership", "import", str(files["entities1"]), str(files["holdings1"]))
    _run(db_url, "lists", "import", str(files["list1"]), "--as-of", "2025-06-01")
    if command == "screen":  # the affiliation results a screen reuses (stored by their own transaction)
        _run(db_url, "affiliates", "--as-of", "2026-01-01", "--out", str(files["parties"].parent / "base-affiliates.csv"))


COMMANDS: dict[str, Callable[[dict[str, Path], Path], list[str]]] = {
    "ownership-import": lambda f, _out: ["ownership", "import", str(f["entities2"]), str(f["holdings2"])],
    "lists-import": lambda f, _out: ["lists", "import", str(f["list2"]), "--as-of", "2025-07-01"],
    "affiliates": lambda f, out: ["affiliates", "--as-of", "2026-01-01", "--out", str(out)],
    "screen": lambda f, out: ["screen", str(f["parties"]), "--as-of", "2026-01-01", "--out", str(out)],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_killed_command_leaves_the_database_as_before_or_after(command, two_databases, files, tmp_path) -> None:
    reference, victim = two_databases
    _base(reference, files, command)
    _base(victim, files, command)
    before = _state(victim)
    assert before == _state(reference)

    reference_out, victim_out = tmp_path / "reference.out.csv", tmp_path / "victim.out.csv"
    args = COMMANDS[command](files, reference_out)
    started = time.monotonic()
    _run(reference, *args)
    duration = time.monotonic() - started
    after = _state(reference)
    assert after != before

    rng = random.Random(f"{command}:{reference.split(':')[0]}")
    states = []
    for _ in range(TRIES):
        process = subprocess.Popen(_command(victim, *COMMANDS[command](files, victim_out)), env=_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.9) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _state(victim)
        states.append("after" if state == after else "before" if state == before else "BETWEEN")
        assert states[-1] != "BETWEEN", f"killed {command} left the database between before and after: {states}"
        if victim_out.exists():
            assert victim_out.read_bytes() == reference_out.read_bytes(), "an incomplete output file was left"
            victim_out.unlink()
        if state == after:
            break
    print(f"{command}: killed after {duration:.1f} s x U(0.2, 0.9): {states}")
