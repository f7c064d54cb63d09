"""Nightly re-screening of a customer master: only what changed, deltas, decisions that stick.

``run_monitor`` (``partyscreen.monitor.run``) re-screens the customers that can have changed
since the last completed run and records the run; ``partyscreen.monitor.report`` writes its
delta report; ``partyscreen.monitor.review`` lists hits and records analysts' decisions.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Customers", "MonitorResult", "customers_from_frame", "read_customers", "read_customers_db", "run_monitor",
    "decide", "make_executor", "screen_partition",
]

_HOMES = {
    "Customers": "partyscreen.monitor.customers",
    "MonitorResult": "partyscreen.monitor.run",
    "customers_from_frame": "partyscreen.monitor.customers",
    "read_customers": "partyscreen.monitor.customers",
    "read_customers_db": "partyscreen.monitor.customers",
    "run_monitor": "partyscreen.monitor.run",
    "decide": "partyscreen.monitor.review",
    "make_executor": "partyscreen.monitor.partitions",
    "screen_partition": "partyscreen.monitor.partitions",
}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (pandas and the matcher load slowly)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'partyscreen.monitor' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
