"""partyscreen: export-control party screening.

Restricted lists, the 50%-or-greater affiliates of listed parties under named policies, and
cross-script fuzzy name matching, on SQLite or PostgreSQL.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Hit", "Screener", "__version__"]


def __getattr__(name: str) -> object:
    """``partyscreen.Screener`` and ``partyscreen.Hit``, imported on first use (the CLI starts faster)."""
    if name in ("Hit", "Screener"):
        from partyscreen import screening

        return getattr(screening, name)
    raise AttributeError(f"module 'partyscreen' has no attribute {name!r}")
