"""Crash safety (issue 15): `ownership import`, `lists import`, `affiliates` and `screen` are run in a
subprocess and killed with SIGKILL at random moments, on SQLite and PostgreSQL. Afterwards the
database holds exactly what it held before the command or exactly what a completed run leaves
(timestamps aside), never anything in between; and the output file is absent or complete (the
same bytes as a completed run's), present only once the database holds the run.

Each command is first run to completion on a fresh database (the "after" state, its output and
its duration d); then, ``PARTYSCREEN_CRASH_KILLS`` times (default 2), a fresh database is set up
the same way, the command started, and killed after a random delay in [0.2 d, 1.1 d]
(``PARTYSCREEN_CRASH_SEED`` fixes the delays; the seed is in the failure message). Every fresh
database of a scenario is a copy of one set up once by the scenario's steps: a file copy on
SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL (databases created next to the one
``PARTYSCREEN_TEST_POSTGRES`` names, dropped at the end).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen.cli import run
from partyscreen.store.db import normalize_url

from tests.conftest import PG_ENV, _postgres_url

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
KILLS = int(os.environ.get("PARTYSCREEN_CRASH_KILLS", "2"))
SEED = int(os.environ.get("PARTYSCREEN_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
AS_OF = "2026-01-01"
ENTITIES = 2_500
VOLATILE = {"duration_ms", "seconds"}
"""Columns that differ between two identical runs (besides every timestamp column)."""


# --- inputs --------------------------------------------------------------------------------------


def write_inputs(folder: Path) -> None:
    """Entities and holdings (the fixture's plus a generated tree below its listed parent), a list
    of many entries, and counterparties naming some of them: big enough that a run takes a while."""
    entities = (FIXTURES / "entities.csv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    holdings = (FIXTURES / "holdings.csv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    for i in range(ENTITIES):
        entities.append(f"G{i},Generated Holding {i} Industrial Company,organization,DE,,,")
        owner = "X" if i < 50 else f"G{(i * 7919) % i}"
        holdings.append(f"{owner},G{i},shareholding,{50 + i % 50},,,,,registry")
    (folder / "entities.csv").write_text("\n".join(entities) + "\n", encoding="utf-8")
    (folder / "holdings.csv").write_text("\n".join(holdings) + "\n", encoding="utf-8")
    for name in ("list.csv", "watch.csv"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    header = (FIXTURES / "watch.csv").read_text(encoding="utf-8").split("\n")[0]
    rows = [header]
    columns = header.split(",")
    for i in range(3_000):
        values = {c: "" for c in columns}
        values.update(list_id="internal-blocklist", entry_id=f"B-{i}", name=f"Blocked Trading Partner {i} Limited",
                      kind="organization", country="HK", listed_on="2025-06-01")
        rows.append(",".join(values[c] for c in columns))
    (folder / "blocklist.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = ["id,name,country"]
    for i in range(1_500):
        name = f"Generated Holding {i * 3} Industrial Company" if i % 50 == 0 else f"Unrelated Buyer {i} Pty Ltd"
        lines.append(f"c{i},{name},DE")
    (folder / "counterparties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Scenario:
    name: str
    setup: tuple[tuple[str, ...], ...]
    command: tuple[str, ...]
    output: str | None = None


SCENARIOS = [
    Scenario("ownership-import", (), ("ownership", "import", "entities.csv", "holdings.csv")),
    Scenario("lists-import", (("ownership", "import", "entities.csv", "holdings.csv"), ("lists", "import", "list.csv")),
             ("lists", "import", "blocklist.csv", "--list", "internal-blocklist")),
    Scenario("affiliates", (("ownership", "import", "entities.csv", "holdings.csv"), ("lists", "import", "list.csv"),
                            ("lists", "import", "watch.csv")),
             ("affiliates", "--as-of", AS_OF, "--out", "affiliates.csv"), "affiliates.csv"),
    Scenario("screen", (("ownership", "import", "entities.csv", "holdings.csv"), ("lists", "import", "list.csv"),
                        ("lists", "import", "watch.csv")),
             ("screen", "counterparties.csv", "--as-of", AS_OF, "--out", "report.csv"), "report.csv"),
]


# --- databases -----------------------------------------------------------------------------------


class Databases:
    """Fresh databases of one engine, each a copy of a template set up once per scenario by its steps."""

    def __init__(self, engine: str, folder: Path) -> None:
        self.engine, self.folder = engine, folder
        self.template: dict[str, str] = {}
        """Scenario name to its template: a file on SQLite, a database name on PostgreSQL."""
        self.created: list[str] = []
        """PostgreSQL databases created (templates and copies), dropped at the end."""
        self.base = _postgres_url() if engine == "postgresql" else None
        if engine == "postgresql" and self.base is None:
            pytest.skip(f"PostgreSQL tests need {PG_ENV}")

    def fresh(self, scenario: Scenario) -> str:
        template = self.template.get(scenario.name)
        if self.engine == "sqlite":
            if template is None:
                template = str(self.folder / f"template-{scenario.name}.db")
                self._set_up(f"sqlite:///{template}", scenario)
                self.template[scenario.name] = template
            copy = self.folder / f"db-{uuid.uuid4().hex[:8]}.db"
            with sqlite3.connect(template) as src, sqlite3.connect(copy) as dst:
                src.backup(dst)
            return f"sqlite:///{copy}"
        if template is None:
            template = self._create_database()
            self._set_up(self._url(template), scenario)  # run() disposes its engine: nothing stays connected
            self.template[scenario.name] = template
        return self._url(self._create_database(template))

    def _set_up(self, url: str, scenario: Scenario) -> None:
        assert run(["-q", "--db", url, "init"]) == 0
        for step in scenario.setup:
            assert run(["-q", "--db", url, *(str(self.folder / a) if a.endswith(".csv") else a for a in step)]) == 0

    def _url(self, database: str) -> str:
        assert self.base is not None
        return sa.make_url(self.base).set(database=database).render_as_string(hide_password=False)

    def _admin(self) -> sa.Engine:
        """An engine on the server's maintenance database (CREATE/DROP DATABASE run outside a transaction)."""
        assert self.base is not None
        return sa.create_engine(normalize_url(self._url("postgres")), isolation_level="AUTOCOMMIT")

    def _create_database(self, template: str | None = None) -> str:
        """A new database: empty, or a copy of ``template`` (which nothing may be connected to)."""
        name = f"crash_{uuid.uuid4().hex[:12]}"
        admin = self._admin()
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        finally:
            admin.dispose()
        self.created.append(name)
        return name

    def drop(self) -> None:
        if not self.created:
            return
        admin = self._admin()
        try:
            with admin.connect() as conn:
                for name in reversed(self.created):  # copies before their template
                    # FORCE: the session of a killed child may not have ended yet
                    conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            admin.dispose()


def state(url: str) -> dict[str, list[tuple[str, ...]]]:
    """Every table's rows (sorted), without timestamp and duration columns."""
    engine = sa.create_engine(normalize_url(url))
    meta = sa.MetaData()
    try:
        meta.reflect(engine)
        found = {}
        with engine.connect() as conn:
            for table in meta.sorted_tables:
                columns = [c for c in table.columns if not isinstance(c.type, sa.DateTime) and c.name not in VOLATILE]
                rows = conn.execute(sa.select(*columns)).all()
                found[table.name] = sorted(tuple(repr(v) for v in row) for row in rows)
        return found
    finally:
        engine.dispose()


def differences(got: dict[str, list[tuple[str, ...]]], want: dict[str, list[tuple[str, ...]]]) -> list[str]:
    return [f"{t}: {len(got.get(t, []))} rows vs {len(want.get(t, []))}" for t in sorted(set(got) | set(want))
            if got.get(t) != want.get(t)]


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    write_inputs(tmp_path)
    dbs = Databases(request.param, tmp_path)
    yield dbs
    dbs.drop()


def command(url: str, scenario: Scenario, folder: Path) -> list[str]:
    args = [str(folder / a) if a.endswith(".csv") else a for a in scenario.command]
    return [sys.executable, "-m", "partyscreen.cli", "-q", "--db", url, *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_killed_command_leaves_the_database_before_or_after_and_no_partial_output(databases, scenario, tmp_path):
    rng = random.Random(f"{SEED}-{scenario.name}-{databases.engine}")
    output = tmp_path / scenario.output if scenario.output else None

    url = databases.fresh(scenario)
    before = state(url)
    started = time.perf_counter()
    done = subprocess.run(command(url, scenario, tmp_path), env=child_env(), capture_output=True, text=True)
    duration = time.perf_counter() - started
    assert done.returncode in (0, 1), done.stderr
    after = state(url)
    assert differences(after, before), "the command changed nothing: the test would prove nothing"
    complete = output.read_bytes() if output else None
    if output:
        output.unlink()

    for attempt in range(KILLS):
        url = databases.fresh(scenario)
        assert not differences(state(url), before)
        delay = rng.uniform(0.2 * duration, 1.1 * duration)  # the first fifth is mostly start-up
        child = subprocess.Popen(command(url, scenario, tmp_path), env=child_env(),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        context = f"{scenario.name} on {databases.engine}, kill {attempt + 1} after {delay:.2f} s of {duration:.2f} s (seed {SEED})"
        now = state(url)
        as_before, as_after = not differences(now, before), not differences(now, after)
        assert as_before or as_after, f"{context}: between before and after: {differences(now, before)}"
        if output:
            if output.exists():
                assert output.read_bytes() == complete, f"{context}: an incomplete output file"
                assert as_after, f"{context}: an output file for a run the database does not hold"
                output.unlink()
