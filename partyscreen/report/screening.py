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
from pathlib import Path
from typing import TextIO

import pandas as pd

from partyscreen.report.tabular import neutralise, write_csv
from partyscreen.screening.hits import SCREENING_COLUMNS, ScreeningReport

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


def subject_rows(report: ScreeningReport) -> list[dict[str, object]]:
    return [
        {
            "row": s.row,
            "subject_id": s.subject_id,
            "name": s.name,
            "country": s.country or "",
            "role": s.role,
            "status": s.status,
            "hits": len(s.hits),
            "error": s.error or "",
        }
        for s in report.subjects
    ]


def write_csv_report(report: ScreeningReport, out: TextIO) -> None:
    write_csv(report.hit_rows(), report.hit_columns(), out)


def write_json_report(report: ScreeningReport, out: TextIO) -> None:
    payload = {
        "summary": summary(report),
        "hits": [{**row, "explanation": h.explanation, "alert": h.alert, "regime": h.regime}
                 for h, row in zip(report.hits, report.hit_rows())],
        "subjects": subject_rows(report),
    }
    json.dump(payload, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def write_xlsx_report(report: ScreeningReport, path: Path) -> None:
    hits = pd.DataFrame(report.hit_rows(), columns=list(report.hit_columns()))
    subjects = pd.DataFrame(subject_rows(report), columns=list(SUBJECT_COLUMNS))
    facts = summary(report)
    facts_rows = [(k, json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (dict, list)) else v) for k, v in facts.items()]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        _safe(pd.DataFrame(facts_rows, columns=["field", "value"])).to_excel(writer, sheet_name="summary", index=False)
        _safe(hits).to_excel(writer, sheet_name="hits", index=False)
        _safe(subjects).to_excel(writer, sheet_name="subjects", index=False)
        _safe(_warnings_sheet(report)).to_excel(writer, sheet_name="warnings", index=False)


def _warnings_sheet(report: ScreeningReport) -> pd.DataFrame:
    """The regime's state on the date and every warning, one row each (an empty sheet says none)."""
    rows: list[tuple[str, str]] = []
    if report.regime:
        state = report.regime
        rows.append(("regime", f"{state.get('regime')} Art. {state.get('article')}: {state.get('status')}"
                     f" (since {state.get('since') or '-'}, until {state.get('until') or '-'}, {state.get('announcement') or ''};"
                     f" reading {state.get('reading') or '-'})"))
    rows += [("warning", w) for w in report.warnings]
    return pd.DataFrame(rows, columns=["kind", "text"])


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).map(neutralise)
