"""The Dask side of ``partyscreen.cluster``: the worker plugin that prepares each worker once.

Imported only where Dask distributed is installed (by ``ClusterExecutor.prepare_workers`` on the
driver, and by each worker when it unpickles the plugin).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


SETUPS: Counter[str] = Counter()
"""How many times each preparing function ran in this process (``module.name``)."""


def setups() -> dict[str, int]:
    """How many times each preparing function ran in this worker process (``client.run(setups)``)."""
    return dict(SETUPS)


class PrepareWorker(WorkerPlugin):
    """Runs ``fn(*args)`` once in each worker (``setup``), and ``undo()`` when the plugin is
    removed (``teardown``: the executor unregisters its plugins when it shuts down)."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], undo: Callable[[], Any] | None = None) -> None:
        self.fn = fn
        self.args = args
        self.undo = undo

    def setup(self, worker: Any) -> None:
        self.fn(*self.args)
        SETUPS[f"{self.fn.__module__}.{self.fn.__qualname__}"] += 1

    def teardown(self, worker: Any) -> None:
        if self.undo is not None:
            self.undo()
