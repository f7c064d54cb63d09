"""Screening counterparty files and names against lists and their affiliates."""

from typing import TYPE_CHECKING, Any

from partyscreen.screening.hits import SCREENING_COLUMNS, Hit, ScreeningReport, SubjectResult

if TYPE_CHECKING:
    from partyscreen.screening.screener import Screener

__all__ = ["SCREENING_COLUMNS", "Hit", "ScreeningReport", "Screener", "SubjectResult"]


def __getattr__(name: str) -> Any:
    """``Screener`` on first use (it imports pandas and the ownership engine; ``match`` may not need them)."""
    if name == "Screener":
        from partyscreen.screening.screener import Screener

        return Screener
    raise AttributeError(f"module 'partyscreen.screening' has no attribute {name!r}")
