"""Lifetime of processes: a forked worker dies with the process that forked it; SIGTERM stops a
command the way Ctrl-C does.

Rule (workers): a worker pool's initializer calls ``die_with_parent(parent)``. On Linux the kernel then
sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), so a driver killed with
SIGKILL (or by the OOM killer) leaves no orphan behind: an orphan would block forever on its
task pipe, keep CPU and memory (a matcher worker holds a copy-on-write view of the whole index)
and keep the driver's inherited database sockets open (and with them the monitor's PostgreSQL
advisory lock). Elsewhere only the check below applies.

Rule (signals): while a command runs (``terminate_as_interrupt``), SIGTERM raises ``Terminated``
in the main thread, as SIGINT raises ``KeyboardInterrupt``: the command unwinds (an open
transaction rolls back, the monitor gives its lock up) and ends with ``EXIT_TERMINATED``; an
interrupt ends with ``EXIT_INTERRUPTED``. A worker (``worker_signals``) ignores SIGINT (a Ctrl-C
reaches the whole process group: the driver handles it) and dies of SIGTERM as usual. Any process
forked while a command runs (every worker pool: matcher, linking, monitor) starts with SIGTERM
at its default: a pool's ``terminate()`` must stop a worker whatever it waits on (a worker that
inherited the driver's handler could be left blocked on its task queue, and the driver with it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator

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

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: fall back to the check below only
            pass
    if os.getppid() != expected or os.getppid() == 1:
        os._exit(1)


EXIT_INTERRUPTED = 130
"""Exit code of a command stopped by SIGINT (Ctrl-C): 128 + 2, as a shell reports it."""
EXIT_TERMINATED = 143
"""Exit code of a command stopped by SIGTERM: 128 + 15, as a shell reports it."""


class Terminated(BaseException):
    """SIGTERM arrived (raised in the main thread by ``terminate_as_interrupt``'s handler).

    A ``BaseException`` like ``KeyboardInterrupt``: ``except Exception`` does not swallow it."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises ``Terminated`` (main thread only; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _default_sigterm_in_child() -> None:
    """After a fork: the child does not inherit the command's SIGTERM handler."""
    if signal.getsignal(signal.SIGTERM) is _raise_terminated:
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:  # forked from a thread other than the main one: not the child's main thread
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_default_sigterm_in_child)


def worker_signals() -> None:
    """In a forked worker: leave SIGINT to the driver, die of SIGTERM (the default)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the block runs (as it was after).

    Rule: a step that builds millions of long-lived objects (a customer master's columns, a run's
    indexes) and next to no reference cycles pauses the collector: each full collection, set off
    by allocation counts alone, would rescan every one of them for nothing (reading a million
    customers: ~1.7 s of ~6 s).
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def trim_heap() -> bool:
    """Hand the C heap's free pages back to the system (glibc ``malloc_trim``); whether it could.

    Why: memory Python or numpy freed inside the heap stays in the process's RSS until something
    reuses it; a long-lived process that has dropped a large structure (a Dask worker after a
    run's candidate index) gives it back this way. Elsewhere (not glibc) it does nothing.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return bool(ctypes.CDLL(None).malloc_trim(0))
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return False
