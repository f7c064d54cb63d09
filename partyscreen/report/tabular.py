"""Rows of string cells out as CSV, JSON Lines, a JSON array or an aligned terminal table.

Rule: a CSV or spreadsheet cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) is prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it
as a formula (OWASP "CSV injection"). Numbers such as ``-5`` are left alone.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TextIO

from partyscreen.report.visible import visible

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")
_FORMULA_AT_START = re.compile("\x1f[" + re.escape("".join(FORMULA_START)) + "]")


def neutralise(cell: object) -> object:
    """The cell made safe for spreadsheets (see the module docstring)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_csv(rows: Iterable[dict[str, object]], columns: Sequence[str], out: TextIO) -> int:
    """Write a header and the rows (cells neutralised); return the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        cells = [row.get(c, "") for c in columns]
        if _may_need_neutralising(cells):
            cells = [neutralise(v) for v in cells]
        writer.writerow(cells)
        count += 1
    return count


def _may_need_neutralising(cells: list[object]) -> bool:
    """A cheap test that lets the common row (no cell starting like a formula) skip :func:`neutralise`."""
    try:
        return _FORMULA_AT_START.search("\x1f" + "\x1f".join(cells)) is not None  # type: ignore[arg-type]
    except TypeError:  # a cell that is not text
        return any(isinstance(v, str) and v[:1] in _FORMULA_FIRST for v in cells)


def write_json(rows: Iterable[dict[str, object]], columns: Sequence[str], out: TextIO) -> int:
    """A JSON array of objects with ``columns`` as keys (Chinese kept as is)."""
    data = [{c: row.get(c, "") for c in columns} for row in rows]
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(data)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def write_table(rows: Iterable[dict[str, object]], columns: Sequence[str], out: TextIO, max_width: int = 60) -> int:
    """An aligned text table for people; cells longer than ``max_width`` are cut with an ellipsis, and
    invisible or direction-changing characters show as ``⟨U+202E⟩`` (see ``report.visible``)."""
    cells = [[_cut(visible(row.get(c, "")), max_width) for c in columns] for row in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() + "\n")
    return len(cells)


def _cut(text: str, limit: int) -> str:
    return text if display_width(text) <= limit else text[: max(1, limit - 1)] + "…"


WRITERS = {"csv": write_csv, "json": write_json, "table": write_table}
