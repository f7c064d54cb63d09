"""The write lock: a second writer waits visibly, gives up after PARTYSCREEN_LOCK_TIMEOUT with
one line naming the first writer (exit 2), writes nothing; it goes on once the lock is free."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen.store.db import transaction

ROOT = Path(__file__).resolve().parents[2]
CLI = "from partyscreen.cli import main; main()"


def _entities(tmp_path: Path) -> Path:
    path = tmp_path / "entities.csv"
    path.write_text("id,name,kind,country\nE1,Example One Ltd,organization,GB\nE2,Example Two GmbH,organization,DE\n",
                    encoding="utf-8")
    return path


def _run(db_url: str, *args: str, timeout: str, wait: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PARTYSCREEN_LOCK_TIMEOUT=timeout)
    return subprocess.run([sys.executable, "-c", CLI, "--db", db_url, *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=wait)


def _wait_line(child: subprocess.Popen[str]) -> str:
    """The child's stderr up to its 'Waiting for the database write lock' line (or the end)."""
    seen = ""
    while child.stderr is not None:
        line = child.stderr.readline()
        seen += line
        if not line or line.startswith("Waiting for the database write lock"):
            return seen
    return seen


def _entity_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT COUNT(*) FROM entity")).scalar_one())


def test_a_second_writer_gives_up_after_the_timeout_naming_the_first(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    file = _entities(tmp_path)
    with transaction(engine):
        started = time.monotonic()
        done = _run(db_url, "ownership", "import", "--entities", str(file), timeout="1.5")
        waited = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("Waiting for the database write lock, held by ")
    assert f"pid {os.getpid()}" in lines[0] and "PARTYSCREEN_LOCK_TIMEOUT" in lines[0]
    assert lines[-1].startswith("Error: the database is locked by ") and f"pid {os.getpid()}" in lines[-1]
    assert "gave up after waiting" in lines[-1] and "Nothing was written." in lines[-1]
    assert len(lines) == 2
    assert waited >= 1.5
    assert _entity_count(engine) == 0


def test_a_waiting_writer_goes_on_when_the_lock_is_free(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    file = _entities(tmp_path)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with transaction(engine) as conn:
            conn.execute(sa.text("INSERT INTO entity (id, name, kind) VALUES ('H', 'Holder Co', 'organization')"))
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(30)
    env = dict(os.environ, PARTYSCREEN_LOCK_TIMEOUT="60")
    child = subprocess.Popen([sys.executable, "-c", CLI, "--db", db_url, "ownership", "import", "--entities", str(file)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    first = _wait_line(child)
    release.set()
    holder.join(30)
    out, err = child.communicate(timeout=120)
    assert "Waiting for the database write lock" in first, first + err
    assert child.returncode == 0, err
    assert _entity_count(engine) == 3


def test_bad_lock_timeout_is_a_usage_error(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    done = _run(db_url, "ownership", "import", "--entities", str(_entities(tmp_path)), timeout="soon")
    assert done.returncode == 2
    assert "PARTYSCREEN_LOCK_TIMEOUT='soon': expected a number of seconds" in done.stderr
    assert "Traceback" not in done.stderr


def _runs(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT COUNT(*) FROM screening_run")).scalar_one())


def test_screen_matches_first_then_waits_to_record(engine: sa.Engine, db_url: str, tmp_path: Path) -> None:
    """The screen's only write after matching is its record: it waits for it, visibly, and
    records once the other writer is done; past the timeout it records nothing (exit 2)."""
    assert _run(db_url, "lists", "update", timeout="30").returncode == 0
    subjects = tmp_path / "s.csv"
    subjects.write_text("name\nSkydio Inc\nNobody In Particular\n", encoding="utf-8")
    args = ("screen", str(subjects), "--as-of", "2025-06-01", "--out", str(tmp_path / "o.csv"))
    assert _run(db_url, *args, timeout="30").returncode == 1  # stores the day's affiliation run too
    assert _runs(engine) == 1
    with transaction(engine):
        gave_up = _run(db_url, *args, timeout="1")
    assert gave_up.returncode == 2, gave_up.stderr
    assert "Traceback" not in gave_up.stderr
    assert gave_up.stderr.splitlines()[-1].startswith("Error: the database is locked by ")
    assert _runs(engine) == 1

    release = threading.Event()

    def hold() -> None:
        with transaction(engine):
            release.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    env = dict(os.environ, PARTYSCREEN_LOCK_TIMEOUT="120")
    child = subprocess.Popen([sys.executable, "-c", CLI, "--db", db_url, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    first = _wait_line(child)
    release.set()
    holder.join(30)
    _, err = child.communicate(timeout=180)
    assert "Waiting for the database write lock" in first, first + err
    assert child.returncode == 1, err
    assert _runs(engine) == 2
