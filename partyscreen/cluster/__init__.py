"""Partition work on an existing Dask distributed cluster (the optional ``cluster`` extra).

Rules:
- ``cluster_executor("tcp://HOST:8786")`` connects to a running scheduler and returns a
  ``concurrent.futures.Executor``: ``submit``/``map`` send picklable top-level functions and
  their arguments to the cluster's workers; results come back to this process (the driver), which
  alone writes to the database. Workers need partyscreen and its dependencies installed (the same
  version: the driver checks the workers' partyscreen version when it connects) but no database.
- What every partition needs (the candidate index) reaches each worker once, not once per
  partition: ``ClusterExecutor.prepare_workers(fn, *args)`` registers a Dask worker plugin that
  runs ``fn(*args)`` once in every worker — those already connected and any that join later —
  so ``args`` travel once per worker. The same ``fn(*args)`` is what a local
  ``ProcessPoolExecutor`` runs as its ``initializer``.
- Dask is optional: without it ``cluster_executor`` raises ``UsageError`` (exit 2) naming the
  extra to install. A scheduler that cannot be reached within ``CONNECT_TIMEOUT_S`` is a
  ``UsageError`` too.
"""

from __future__ import annotations

import concurrent.futures as cf
import uuid
from collections.abc import Callable
from typing import Any

from partyscreen.errors import UsageError

CLUSTER_EXTRA = "pip install 'partyscreen[cluster]'"
MISSING_DASK = (
    "--cluster needs Dask distributed, which is not installed: run `pip install -e '.[cluster]'` "
    f"in a checkout, or `{CLUSTER_EXTRA}` (the `cluster` extra: dask[distributed])"
)
CONNECT_TIMEOUT_S = 30
"""How long to wait for the scheduler before giving up (seconds)."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError(MISSING_DASK) from None
    return distributed


def check_address(address: str) -> str:
    """A scheduler address as Dask takes it (``tcp://HOST:PORT``, ``tls://…``, ``inproc://…``)."""
    text = address.strip()
    if "://" not in text:
        raise UsageError(f"--cluster {address!r}: expected a scheduler address such as tcp://HOST:8786")
    return text


def require_cluster(address: str) -> str:
    """Check, before any work, that ``--cluster ADDRESS`` can be tried: Dask is installed and the
    address has a scheme; the address as Dask takes it (connecting is ``cluster_executor``'s)."""
    _distributed()
    return check_address(address)


class ClusterExecutor(cf.Executor):
    """A ``concurrent.futures.Executor`` over a Dask ``Client`` (see the module rules).

    Tasks are not deduplicated by content (``pure=False``): two equal partitions are two tasks.
    ``shutdown`` removes the worker plugins this executor registered (their ``teardown`` frees
    what they loaded) and closes the client; the cluster itself keeps running.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self._executor = client.get_executor(pure=False)
        self._plugins: list[str] = []

    @property
    def address(self) -> str:
        return str(self.client.scheduler.address)

    def worker_count(self) -> int:
        """Workers connected now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def prepare_workers(self, fn: Callable[..., Any], *args: Any, teardown: Callable[[], Any] | None = None) -> str:
        """Run ``fn(*args)`` once in every worker, now and in workers that join later; the plugin's name.

        The function and its arguments are pickled once and sent once to each worker: use it to
        give workers a large read-only object (the candidate index) that every task reads.
        ``teardown()`` runs in each worker when the executor shuts down (to free that object).
        Both must be importable by the workers (top-level functions of an installed module).
        """
        from partyscreen.cluster.worker import PrepareWorker

        plugin_name = f"partyscreen-{uuid.uuid4().hex[:12]}"
        self.client.register_plugin(PrepareWorker(fn, args, teardown), name=plugin_name)
        self._plugins.append(plugin_name)
        return plugin_name

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        return self._executor.submit(fn, *args, **kwargs)  # type: ignore[no-any-return]

    def map(self, fn: Callable[..., Any], *iterables: Any, timeout: float | None = None, chunksize: int = 1) -> Any:
        """Results in input order (``concurrent.futures`` semantics), computed in any order."""
        futures = [self.submit(fn, *args) for args in zip(*iterables)]

        def results() -> Any:
            try:
                for future in futures:
                    yield future.result(timeout)
            finally:
                for future in futures:
                    future.cancel()

        return results()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._executor.shutdown(wait=wait)
            for plugin_name in self._plugins:
                try:
                    self.client.unregister_worker_plugin(plugin_name)
                except Exception:  # noqa: BLE001 - a worker gone meanwhile: nothing left to free there
                    pass
            self._plugins.clear()
        finally:
            self.client.close()


def cluster_executor(address: str, *, timeout: float = CONNECT_TIMEOUT_S) -> ClusterExecutor:
    """An executor on the Dask scheduler at ``address`` (see the module rules)."""
    distributed = _distributed()
    target = check_address(address)
    try:
        client = distributed.Client(target, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--cluster {target}: cannot connect to the Dask scheduler ({exc})") from None
    _check_versions(client, target)
    return ClusterExecutor(client)


def _check_versions(client: Any, address: str) -> None:
    """Refuse workers that run another partyscreen version (their matcher could score differently)."""
    from partyscreen import __version__

    try:
        found = client.run(_partyscreen_version)
    except Exception as exc:  # noqa: BLE001 - a worker that cannot import partyscreen at all
        client.close()
        raise UsageError(f"--cluster {address}: a worker cannot run partyscreen ({type(exc).__name__}: {exc}); "
                         "install partyscreen on every worker") from None
    other = {worker: v for worker, v in found.items() if v != __version__}
    if other:
        client.close()
        shown = ", ".join(f"{w} has {v}" for w, v in sorted(other.items()))
        raise UsageError(f"--cluster {address}: workers run another partyscreen version than this {__version__} ({shown})")


def _partyscreen_version() -> str:
    from partyscreen import __version__

    return __version__
