"""partyscreen: export-control party screening.

Restricted lists, the 50%-or-greater affiliates of listed parties under named policies, and
cross-script fuzzy name matching, on SQLite or PostgreSQL.
"""

from __future__ import annotations

__version__ = "0.1.0"

from partyscreen.screening import Hit, Screener  # noqa: E402

__all__ = ["Hit", "Screener", "__version__"]
