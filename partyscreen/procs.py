"""Lifetime of forked worker processes: a worker dies with the process that forked it.

Rule: a worker pool's initializer calls ``die_with_parent(parent)``. On Linux the kernel then
sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), so a driver killed with
SIGKILL (or by the OOM killer) leaves no orphan behind: an orphan would block forever on its
task pipe, keep CPU and memory (a matcher worker holds a copy-on-write view of the whole index)
and keep the driver's inherited database sockets open (and with them the monitor's PostgreSQL
advisory lock). Elsewhere only the check below applies.
"""

from __future__ import annotations

import os
import sys

# prctl(2) option: the signal a process receives when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Make this process die when the process that forked it dies (Linux ``PR_SET_PDEATHSIG``).

    Args:
        parent: The pid of the intended parent, read before the fork. The parent is checked
            again after the call (it may have died, or been replaced by a reaper, before it):
            if this process was already orphaned it exits at once.
    """
    expected = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: fall back to the check below only
            pass
    if os.getppid() != expected or os.getppid() == 1:
        os._exit(1)
