"""Column checks shared by the importers, vectorised over a chunk of string cells.

Each check returns the cleaned column and appends a ``Problem`` (file, row, field, message)
for every bad cell, so one pass over a file reports every problem it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from partyscreen.errors import MAX_PROBLEMS, InputError, Problem
from partyscreen.shares import DECIMAL_PLACES, HUNDRED_PERCENT, UNITS_PER_PERCENT, parse_percent

_PLAIN_PERCENT = re.compile(r"\d{1,3}(?:\.\d{1,%d})?" % DECIMAL_PLACES)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", ""})


@dataclass
class ProblemLog:
    """Problems found in one file, capped at ``MAX_PROBLEMS`` but counted in full."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, row, column, message))

    def add_cells(self, rows: pd.Series, column: str, messages: pd.Series | str) -> None:
        """Record a problem for each row in ``rows`` (messages aligned to it, or one for all)."""
        if rows.empty:
            return
        if isinstance(messages, str):
            for row in rows.tolist():
                self.add(int(row), column, messages)
        else:
            for row, message in zip(rows.tolist(), messages.tolist()):
                self.add(int(row), column, message)

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self) -> None:
        if self.total:
            ordered = sorted(self.problems, key=lambda p: (p.row or 0, p.field or ""))
            raise InputError(ordered, total=self.total)


def stripped(chunk: pd.DataFrame, column: str) -> pd.Series:
    """The column's cells trimmed, '' where the column is absent."""
    if column not in chunk.columns:
        return pd.Series([""] * len(chunk), index=chunk.index, dtype=object)
    return chunk[column].astype(str).str.strip()


def nullable(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Cells as Python objects with ``None`` for empty strings (and pandas' missing values)."""
    as_objects = values.astype(object)
    return as_objects.where(as_objects.notna() & (as_objects != ""), None)


def require(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    values = stripped(chunk, column)
    log.add_cells(chunk.loc[values == "", "_row"], column, "is empty but required")
    return values


def choice(
    chunk: pd.DataFrame, column: str, allowed: tuple[str, ...], default: str, log: ProblemLog
) -> pd.Series:
    """A lower-cased value from ``allowed``; empty cells take ``default``."""
    values = stripped(chunk, column).str.lower()
    values = values.where(values != "", default)
    bad = ~values.isin(allowed)
    log.add_cells(
        chunk.loc[bad, "_row"],
        column,
        values[bad].map(lambda v: f"{v!r} is not one of: {', '.join(allowed)}"),
    )
    return values


def country(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """ISO 3166-1 alpha-2, upper-cased; empty allowed."""
    values = stripped(chunk, column).str.upper()
    bad = (values != "") & ~values.str.fullmatch(_COUNTRY.pattern)
    log.add_cells(
        chunk.loc[bad, "_row"],
        column,
        values[bad].map(lambda v: f"{v!r} is not an ISO 3166-1 alpha-2 country code (e.g. CN, US)"),
    )
    return values


def countries(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """ISO 3166-1 alpha-2 codes separated by ``;`` (a party may be known in several countries),
    upper-cased, each once, in the order given, joined with ``;``; empty allowed."""
    values = stripped(chunk, column).str.upper()
    items = values.map(lambda cell: list(dict.fromkeys(c.strip() for c in cell.split(";") if c.strip())))
    bad = items.map(lambda codes: any(not _COUNTRY.fullmatch(c) for c in codes))
    log.add_cells(
        chunk.loc[bad, "_row"],
        column,
        values[bad].map(lambda v: f"{v!r} is not ISO 3166-1 alpha-2 country codes separated by ';' (e.g. CN or CN;HK)"),
    )
    return items.map(";".join)


def join_countries(codes: Iterable[str]) -> str:
    """Country codes (ISO alpha-2) each once, in order, joined with ``;`` (the stored form)."""
    return ";".join(dict.fromkeys(c for c in codes if c))


def iso_date(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """Dates as ISO 8601 strings (YYYY-MM-DD), '' when empty; anything else is a problem."""
    values = stripped(chunk, column)
    # accept a full timestamp's date part only when it is a plain date followed by a time
    values = values.str.replace(r"^(\d{4}-\d{2}-\d{2})[T ]00:00(:00)?(\.0+)?Z?$", r"\1", regex=True)
    present = values != ""
    shaped = values.str.fullmatch(_ISO_DATE.pattern)
    parsed = pd.to_datetime(values.where(present & shaped, None), format="%Y-%m-%d", errors="coerce")
    bad = present & (~shaped | parsed.isna())
    log.add_cells(
        chunk.loc[bad, "_row"],
        column,
        values[bad].map(lambda v: f"{v!r} is not a date in the form YYYY-MM-DD"),
    )
    return values.where(~bad, "")


def flag(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """A boolean cell (true/false, yes/no, 1/0; empty is false)."""
    values = stripped(chunk, column).str.lower()
    bad = ~values.isin(TRUE_WORDS | FALSE_WORDS)
    log.add_cells(
        chunk.loc[bad, "_row"], column, values[bad].map(lambda v: f"{v!r} is not true or false")
    )
    return values.isin(TRUE_WORDS)


def percent(chunk: pd.DataFrame, column: str, log: ProblemLog) -> pd.Series:
    """Shares in units of 0.000001% as nullable integers; exact, within [0, 100]."""
    values = stripped(chunk, column)
    result = pd.Series(pd.NA, index=values.index, dtype="Int64")
    present = values != ""
    plain = present & values.str.fullmatch(_PLAIN_PERCENT.pattern)
    if plain.any():
        # Exact by construction: a plain cell has at most 3 integer and 6 decimal digits, so the
        # nearest double is within 1e-13 of it and ``rint(x * 1e6)`` is exactly its integer
        # number of millionths (the error is a million times smaller than the 0.5 rounding gap).
        # tests/store/test_validate.py checks this against Decimal on every edge case.
        units = np.rint(values[plain].astype("float64").to_numpy() * UNITS_PER_PERCENT).astype("int64")
        result[plain] = units
        over = plain & (result > HUNDRED_PERCENT).fillna(False)
        log.add_cells(chunk.loc[over, "_row"], column, values[over].map(lambda v: f"{v!r} is outside [0, 100]"))
        result[over] = pd.NA
    for idx in values.index[present & ~plain]:
        try:
            result[idx] = parse_percent(values[idx])
        except ValueError as exc:
            log.add(int(chunk.at[idx, "_row"]), column, str(exc))
    return result


def name_length(chunk: pd.DataFrame, column: str, log: ProblemLog, sep: str | None = None) -> None:
    """Log every cell of ``column`` whose name (with ``sep``: whose longest item) is over
    ``settings.MAX_NAME_CHARS`` characters: a row error, so the import stops naming file, row and field."""
    from partyscreen.settings import MAX_NAME_CHARS, name_too_long

    if column not in chunk.columns:
        return
    values = chunk[column]
    long = values.str.len() > MAX_NAME_CHARS
    if not long.any():
        return
    for row, cell in zip(chunk.loc[long, "_row"].tolist(), values[long].tolist()):
        items = cell.split(sep) if sep else [cell]
        message = name_too_long(max((item.strip() for item in items), key=len))
        if message:
            log.add(int(row), column, message)
