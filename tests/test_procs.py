"""Worker processes die with the process that forked them (``partyscreen.procs``): the monitor's
partition workers (QA: a SIGKILLed driver left orphans holding its PostgreSQL socket, so the
advisory lock was never released) and the matcher's ``match_many`` pool (orphans would keep a
copy of the index and a core each)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# Each driver prints the pids of its workers once they are all busy, then waits to be killed.
MONITOR_DRIVER = """
import os, sys, time
from partyscreen.monitor.partitions import make_executor

def pid_and_wait(_):
    time.sleep(0.2)
    return os.getpid()

pool = make_executor(2)
pids = set(pool.map(pid_and_wait, range(8)))
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(600)
"""

# A matcher whose every match prints its worker's pid and then blocks, so the parent is killed
# while match_many waits for its two workers.
MATCHER_DRIVER = """
import os, time
from partyscreen.matching import Candidate, Matcher

class BlockingMatcher(Matcher):
    def match(self, *args, **kwargs):
        print(os.getpid(), flush=True)
        time.sleep(600)
        return []

BlockingMatcher([Candidate("c1", ["Acme Trading"])]).match_many([f"name {i}" for i in range(4000)], workers=2)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie reaped by nobody yet counts as dead
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux only")
@pytest.mark.parametrize("driver_source", [MONITOR_DRIVER, MATCHER_DRIVER], ids=["monitor", "matcher"])
def test_workers_die_when_the_driver_is_killed(driver_source: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    driver = subprocess.Popen([sys.executable, "-c", driver_source], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert driver.stdout is not None
        pids = [int(p) for p in driver.stdout.readline().split()]
        if len(pids) == 1:  # the matcher's workers print one pid a line
            pids.append(int(driver.stdout.readline()))
        assert len(set(pids)) == 2 and driver.pid not in pids
        assert all(_alive(p) for p in pids)
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        deadline = time.monotonic() + 30  # bounded wait, not a speed assertion
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [p for p in pids if _alive(p)]
        for p in left:
            os.kill(p, signal.SIGKILL)
        assert not left, f"workers {left} outlived the SIGKILLed driver"
    finally:
        if driver.poll() is None:
            driver.kill()


def test_a_pool_forked_while_a_command_runs_dies_of_sigterm() -> None:
    """Pool workers forked inside ``terminate_as_interrupt`` (the CLI's whole run) must not inherit
    its SIGTERM handler: ``Pool.terminate()`` sends SIGTERM, and a worker that raised instead of
    dying could stay blocked on the task queue and hang the command in ``join``."""
    script = """
import multiprocessing as mp, signal
from partyscreen.procs import terminate_as_interrupt
with terminate_as_interrupt():
    in_driver = signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    with mp.get_context("fork").Pool(2) as pool:
        in_workers = pool.map(signal.getsignal, [signal.SIGTERM] * 4, chunksize=1)
print(in_driver, all(h == signal.SIG_DFL for h in in_workers))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


def test_collector_paused_restores_the_collector_as_it_was() -> None:
    import gc

    from partyscreen.procs import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("the block failed")
    assert gc.isenabled()  # back on after an error too
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
