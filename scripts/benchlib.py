"""What the benchmark scripts share: a fresh SQLite file, and a timed child process.

Imported by ``scripts/bench_*.py`` (run as ``python scripts/bench_x.py``, so this folder is on
``sys.path``).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path
from typing import NamedTuple



class ChildRun(NamedTuple):
    """One child process: wall seconds, the peak RSS in MiB of it and all its workers summed at one
    instant (sampled, ``run_tree``), exit code, the CPU seconds (user + system) it and its workers
    used (on a shared machine the CPU time is what the load does not inflate as much), and the
    peak summed PSS (pages a forked worker shares with its parent counted once)."""

    seconds: float
    peak_mib: float
    returncode: int
    cpu: float = 0.0
    peak_pss_mib: float = 0.0


def run_child(cmd: list[str], *, check: bool = True, interval: float = 0.1,
              extra_pids: list[int] | None = None) -> ChildRun:
    """Run ``cmd`` and measure it; with ``check``, a non-zero exit raises ``CalledProcessError``.

    The peak RSS is the sum over the child's process tree (the child, its worker processes and
    theirs) and the trees of ``extra_pids`` (e.g. Dask workers started elsewhere), sampled every
    ``interval`` s (``run_tree``): a peak shorter than that can be missed. Only this child's tree
    is sampled, so earlier children (set-up steps, baselines) never show in it. CPU seconds are
    the child's and its waited-for descendants' (``wait4``), plus what ``extra_pids`` used meanwhile.
    """
    run = run_tree(cmd, interval=interval, check=check, extra_pids=extra_pids)
    return ChildRun(run.seconds, run.peak_rss_mib, run.returncode, run.cpu, run.peak_pss_mib)


class TreeRun(NamedTuple):
    """One child process tree: wall seconds, peak summed RSS and PSS (MiB) of the child and all
    its descendants at one instant, the most processes seen at once, the exit code, and the CPU
    seconds (user + system) of the child and its waited-for descendants (plus ``extra_pids``').

    RSS counts a page shared by a forked worker and its parent in both; PSS splits it between them
    (the memory the tree really takes). Both are sampled (every ``interval`` s): a peak shorter
    than that can be missed.
    """

    seconds: float
    peak_rss_mib: float
    peak_pss_mib: float
    most_processes: int
    returncode: int
    cpu: float = 0.0
    peak_at: float = 0.0
    """Seconds into the run of the peak RSS sample."""
    peak_parts: tuple[tuple[str, float], ...] = ()
    """At the peak RSS sample: each process's RSS in MiB, largest first, named by its role and pid:
    ``root PID`` (the child), ``extra PID`` (the root of an ``extra_pids`` tree) or ``child PID``."""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += _children(current)
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of one process in bytes (0, 0 once it is gone)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes ``pids`` and their descendants (live ones)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for root in pids:
        for pid in _tree(root):
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def run_tree(cmd: list[str], *, interval: float = 0.1, check: bool = True,
             extra_pids: list[int] | None = None, trace: Path | None = None) -> TreeRun:
    """Run ``cmd``, sampling the summed RSS and PSS of its whole process tree (and of the trees
    of ``extra_pids``) until it ends; with ``trace``, every sample is written there (seconds since
    the start, then each process's role, pid and RSS in MiB)."""
    extra = list(extra_pids or [])
    extra_before = cpu_seconds(extra)
    started = time.perf_counter()
    child = subprocess.Popen(cmd)
    peak: dict = {"rss": 0, "pss": 0, "procs": 0, "at": 0.0, "parts": ()}
    done = threading.Event()

    def role(pid: int) -> str:
        return "root" if pid == child.pid else "extra" if pid in extra else "child"

    def sample_until_done() -> None:
        while not done.is_set():
            pids = list(dict.fromkeys(p for root in (child.pid, *extra) for p in _tree(root)))
            sizes = [_rss_pss(p) for p in pids]
            rss, at = sum(r for r, _ in sizes), time.perf_counter() - started
            parts = [(f"{role(p)} {p}", r / 2**20) for p, (r, _) in zip(pids, sizes)]
            if rss > peak["rss"]:
                peak["at"], peak["parts"] = at, tuple(sorted(parts, key=lambda part: -part[1]))
            if log is not None:
                log.write(f"{at:.1f} total {rss / 2**20:.0f} " + " ".join(f"{n} {r:.0f}" for n, r in parts) + "\n")
            peak["rss"] = max(peak["rss"], rss)
            peak["pss"] = max(peak["pss"], sum(p for _, p in sizes))
            peak["procs"] = max(peak["procs"], len(pids))
            done.wait(interval)

    log = trace.open("w", encoding="utf-8") if trace is not None else None

    def sample() -> None:
        try:
            sample_until_done()
        finally:
            if log is not None:
                log.close()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime + cpu_seconds(extra) - extra_before
    if check and returncode:
        raise subprocess.CalledProcessError(returncode, cmd)
    return TreeRun(elapsed, peak["rss"] / 2**20, peak["pss"] / 2**20, peak["procs"], returncode, cpu, peak["at"],
                   peak["parts"])


def fresh_sqlite(path: Path) -> Path:
    """``path`` with any earlier database file there (and its WAL files) removed."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def counterparty_row(ident: str, listed: list[str], affiliates: list[str], fake: object, rng: object,
                     countries: list[str]) -> list[str]:
    """One generated counterparty: 0.5% a listed name (upper-cased), 0.5% an affiliate, else a faker company.

    ``fake`` is a ``faker.Faker``, ``rng`` a ``random.Random``; the draws come in a fixed order, so a seed
    gives the same file on every run.
    """
    roll = rng.random()  # type: ignore[attr-defined]
    if roll < 0.005:
        name = rng.choice(listed).upper()  # type: ignore[attr-defined]
    elif roll < 0.01:
        name = rng.choice(affiliates)  # type: ignore[attr-defined]
    else:
        name = fake.company()  # type: ignore[attr-defined]
    return [ident, name, rng.choice(countries), rng.choice(["importer", "end_user"])]  # type: ignore[attr-defined]
