"""Start-up time of the command line and the library, beside a bare ``python -c pass``.

Prints, for each case, the best wall time and CPU time (user + system) of ``--repeat`` fresh
processes, and the ratio of the wall time to the baseline's:

- ``python -c pass``                  the interpreter alone (baseline);
- ``import partyscreen``              the library import;
- ``partyscreen --help``              the command list;
- ``partyscreen match NAME`` (cold)   a lookup on the bundled lists with an empty cache folder;
- ``partyscreen match NAME`` (warm)   the same with the match index already cached.

Targets (issue 10): ``--help`` <= 0.5 s, ``match`` <= 1.5 s, ``import partyscreen`` <= 0.3 s.
The CLI runs as ``python -c "from partyscreen.cli import main; main()"`` (what the installed
``partyscreen`` script runs, without any launcher a Python version manager adds). The bundled
lists are loaded into a fresh SQLite file once, before the timings.

Usage:
    python scripts/bench_startup.py [--repeat 5] [--name "Lockheed Martin"] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import fresh_sqlite  # noqa: E402

CLI = "from partyscreen.cli import main; main()"
TARGETS = {"import partyscreen": 0.3, "partyscreen --help": 0.5, "match (cold cache)": 1.5, "match (warm cache)": 1.5}


class Timing(NamedTuple):
    wall: float
    cpu: float


def timed(cmd: list[str], env: dict[str, str]) -> Timing:
    """One child: wall seconds and its own CPU seconds (wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # match exits 1 when it finds a hit
        raise SystemExit(f"{cmd} failed with exit {code}: {child.stderr.read().decode() if child.stderr else ''}")
    return Timing(wall, usage.ru_utime + usage.ru_stime)


def best(cmd: list[str], env: dict[str, str], repeat: int, before: object = None) -> Timing:
    runs = []
    for _ in range(repeat):
        if callable(before):
            before()
        runs.append(timed(cmd, env))
    return Timing(min(r.wall for r in runs), min(r.cpu for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--name", default="Lockheed Martin")
    parser.add_argument("--dir", type=Path, default=None, help="Work folder (default: a temporary one).")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    db = fresh_sqlite(work / "startup.db")
    cache_dir = work / "cache"
    env = dict(os.environ, PARTYSCREEN_DB=f"sqlite:///{db}", PARTYSCREEN_CACHE_DIR=str(cache_dir))
    py = sys.executable
    for step in (["init"], ["lists", "update"]):
        subprocess.run([py, "-c", CLI, *step], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def empty_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    match = [py, "-c", CLI, "match", args.name]
    results = {
        "python -c pass (baseline)": best([py, "-c", "pass"], env, args.repeat),
        "import partyscreen": best([py, "-c", "import partyscreen"], env, args.repeat),
        "partyscreen --help": best([py, "-c", CLI, "--help"], env, args.repeat),
        "match (cold cache)": best(match, env, args.repeat, before=empty_cache),
    }
    timed(match, env)  # fill the cache
    results["match (warm cache)"] = best(match, env, args.repeat)
    base = results["python -c pass (baseline)"].wall
    print(f"start-up, best of {args.repeat} (match {args.name!r} on the bundled lists, SQLite)")
    print(f"{'case':28} {'wall s':>8} {'cpu s':>8} {'x baseline':>11} {'target s':>9}")
    for label, t in results.items():
        target = TARGETS.get(label)
        print(f"{label:28} {t.wall:8.3f} {t.cpu:8.3f} {t.wall / base:11.1f} {target if target else '':>9}")


if __name__ == "__main__":
    main()
