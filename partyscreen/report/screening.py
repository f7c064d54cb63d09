"""Screening reports: CSV (one row per hit), JSON and XLSX (hits plus every screened row), HTML.

Rules: every format keeps Chinese text; CSV and XLSX cells are neutralised against formula
injection (``tabular.neutralise``); JSON and XLSX carry the summary (policy, date, thresholds,
list versions, warnings, the regime's state, counts) and the rows with no hit, so a filed report
is complete. CSV stays one row per hit with no comments: its ``outcome`` words carry the regime's
state; the warnings go to stderr, JSON ``summary.warnings``, the HTML banner and the XLSX
``warnings`` sheet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from partyscreen.report.tabular import neutralise, write_csv
from partyscreen.screening.hits import Hit, ScreeningReport, SubjectResult

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters a worksheet cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``)."""

SUBJECT_COLUMNS = ("row", "subject_id", "name", "country", "role", "status", "hits", "error")


def summary(report: ScreeningReport) -> dict[str, object]:
    return {
        "run_id": report.run_id,
        "input": report.input_name,
        "input_encoding": report.input_encoding,
        "policy": report.policy,
        "policy_summary": report.policy_summary,
        "as_of": report.as_of.isoformat(),
        "min_score": report.min_score,
        "lists": report.list_versions,
        "warnings": report.warnings,
        "regime": report.regime,
        "counts": report.counts(),
        "seconds": round(report.seconds, 3),
        **({"decisions": report.decisions} if report.decisions is not None else {}),
    }


def subject_row(s: SubjectResult) -> dict[str, object]:
    return {
        "row": s.row,
        "subject_id": s.subject_id,
        "name": s.name,
        "country": s.country or "",
        "role": s.role,
        "status": s.status,
        "hits": len(s.hits),
        "error": s.error or "",
    }


def subject_rows(report: ScreeningReport) -> list[dict[str, object]]:
    return [subject_row(s) for s in report.subjects]


def json_hit(h: Hit, report: ScreeningReport | None = None) -> dict[str, object]:
    row = report.hit_row(h) if report is not None else h.to_row()
    return {**row, "explanation": h.explanation, "alert": h.alert, "regime": h.regime}


def write_csv_report(report: ScreeningReport, out: TextIO) -> None:
    write_csv((report.hit_row(h) for h in report.hits), report.hit_columns(), out)


def write_json_report(report: ScreeningReport, out: TextIO) -> None:
    """``{"summary": …, "hits": […], "subjects": […]}``, indented by 2, written item by item
    (byte for byte what ``json.dump(payload, indent=2)`` writes, without building the payload)."""
    out.write("{\n")
    out.write('  "summary": ' + _indented(summary(report)) + ",\n")
    _write_json_list(out, "hits", (json_hit(h, report) for h in report.hits))
    out.write(",\n")
    _write_json_list(out, "subjects", (subject_row(s) for s in report.subjects))
    out.write("\n}\n")


def _indented(value: object, level: int = 1) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return text.replace("\n", "\n" + "  " * level)  # JSON strings hold no raw line breaks


def _write_json_list(out: TextIO, key: str, items: Iterable[dict[str, object]]) -> None:
    out.write(f'  "{key}": [')
    first = True
    for item in items:
        out.write("\n    " if first else ",\n    ")
        out.write(_indented(item, 2))
        first = False
    out.write("]" if first else "\n  ]")


XLSX_MAX_ROWS = 1_048_576
"""Rows in one worksheet (Excel's limit): a longer ``hits`` or ``subjects`` sheet goes on in
``hits 2``, ``subjects 2`` … each with the header again."""


def write_xlsx_report(report: ScreeningReport, path: Path) -> None:
    """The summary, hits, subjects and warnings sheets, written row by row (openpyxl's write-only
    mode keeps each sheet in a temporary file, not in memory). Cells are neutralised against
    formula injection; characters a worksheet cannot hold (control characters) are shown as
    ``⟨U+0001⟩``."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    facts = summary(report)
    summary_sheet = _Sheet(book, "summary", ("field", "value"))
    for key, value in facts.items():
        summary_sheet.append((key, json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else value))
    columns = report.hit_columns()
    hits = _Sheet(book, "hits", columns)
    subjects = _Sheet(book, "subjects", SUBJECT_COLUMNS)
    warnings = _Sheet(book, "warnings", ("kind", "text"))
    for subject in report.subjects:
        for hit in subject.hits:
            row = report.hit_row(hit)
            hits.append(tuple(row[c] for c in columns))
        row = subject_row(subject)
        subjects.append(tuple(row[c] for c in SUBJECT_COLUMNS))
    for kind, text in _warning_rows(report):
        warnings.append((kind, text))
    book.save(path)


class _Sheet:
    """A write-only worksheet that goes on in a new sheet at Excel's row limit."""

    def __init__(self, book: Any, title: str, header: Sequence[str]) -> None:
        self.book, self.title, self.header = book, title, tuple(header)
        self.part = 0
        self.rows = XLSX_MAX_ROWS
        self.sheet: Any = None
        self._next()

    def _next(self) -> None:
        self.part += 1
        self.sheet = self.book.create_sheet(self.title if self.part == 1 else f"{self.title} {self.part}")
        self.sheet.append(list(self.header))
        self.rows = 1

    def append(self, cells: Sequence[object]) -> None:
        if self.rows >= XLSX_MAX_ROWS:
            self._next()
        self.sheet.append([_xlsx_cell(c) for c in cells])
        self.rows += 1


def _xlsx_cell(value: object) -> object:
    if value is None or isinstance(value, (int, float)):
        return value
    text = neutralise(str(value))
    if _ILLEGAL.search(text):  # type: ignore[arg-type]
        text = _ILLEGAL.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)  # type: ignore[arg-type]
    return text


def _warning_rows(report: ScreeningReport) -> list[tuple[str, str]]:
    """The regime's state on the date and every warning, one row each (an empty sheet says none)."""
    rows: list[tuple[str, str]] = []
    if report.regime:
        state = report.regime
        rows.append(("regime", f"{state.get('regime')} Art. {state.get('article')}: {state.get('status')}"
                     f" (since {state.get('since') or '-'}, until {state.get('until') or '-'}, {state.get('announcement') or ''};"
                     f" reading {state.get('reading') or '-'})"))
    rows += [("warning", w) for w in report.warnings]
    return rows
