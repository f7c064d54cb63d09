"""What the benchmark scripts share: a fresh SQLite file, and a timed child process.

Imported by ``scripts/bench_*.py`` (run as ``python scripts/bench_x.py``, so this folder is on
``sys.path``).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import NamedTuple


class ChildRun(NamedTuple):
    """One child process: wall seconds, its peak RSS in MiB (its own and its workers'), exit code,
    and the CPU seconds (user + system) it and its workers used: on a shared machine the CPU time
    is what the load does not inflate as much."""

    seconds: float
    peak_mib: float
    returncode: int
    cpu: float = 0.0


def run_child(cmd: list[str], *, check: bool = True) -> ChildRun:
    """Run ``cmd`` and measure it; with ``check``, a non-zero exit raises ``CalledProcessError``.

    The peak RSS comes from ``wait4`` on this child, so earlier children (set-up steps, baselines)
    never show in it.
    """
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if check and child.returncode:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    return ChildRun(elapsed, usage.ru_maxrss / 2**10, child.returncode, usage.ru_utime + usage.ru_stime)


def fresh_sqlite(path: Path) -> Path:
    """``path`` with any earlier database file there (and its WAL files) removed."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path
