"""Screening counterparty files and names against lists and their affiliates."""

from partyscreen.screening.hits import SCREENING_COLUMNS, Hit, ScreeningReport, SubjectResult
from partyscreen.screening.screener import Screener

__all__ = ["SCREENING_COLUMNS", "Hit", "ScreeningReport", "Screener", "SubjectResult"]
