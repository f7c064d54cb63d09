"""The delta report of a monitor run: CSV, JSON or HTML (by the file's extension).

Contract (``README.md``): JSON ``{"run_id", "as_of", "policy", "counts": {"new", "changed",
"cleared", "suppressed", "unchanged"}, "warnings", "hits": [...]}`` with one entry per hit whose
status is ``new``, ``changed``, ``cleared`` or ``suppressed`` (unchanged hits are counted, not
listed); each hit has ``hit_id, subject_id, subject_name, entity_id, entity_name, basis, score,
path, outcome, status, changes, decision`` (and a few more fields). CSV has the same hit fields
as columns (``changes`` and ``decision`` in words); cells are safe against formula injection.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa

from partyscreen.errors import UsageError
from partyscreen.monitor import delta, state

REPORT_SUFFIXES = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html"}
LISTED_STATUSES = (delta.NEW, delta.CHANGED, delta.CLEARED, delta.SUPPRESSED)
HIT_FIELDS = (
    "hit_id", "subject_id", "subject_name", "entity_id", "entity_name", "basis", "score", "path", "outcome",
    "status", "changes", "decision", "matched_name", "list_id", "reference", "path_ids", "measure", "first_run",
)
STATUS_ORDER = {s: n for n, s in enumerate(LISTED_STATUSES)}


def report_format(path: str | Path) -> str:
    """csv, json or html from the report file's extension (another extension is a usage error)."""
    found = REPORT_SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(f"--report {path}: the extension must be .csv, .json or .html (it says which format to write)")
    return found


def build_report(conn: sa.Connection, run_id: int, statuses: tuple[str, ...] = LISTED_STATUSES) -> dict[str, Any]:
    """The report of a stored run as a dict (the JSON contract)."""
    run = state.run_row(conn, run_id)
    if run is None:
        raise UsageError(f"no monitor run {run_id}")
    rows = state.report_hits(conn, run_id, statuses)
    decision_ids = {r["decision_id"] for r in rows if r["decision_id"] is not None}
    decisions = {i: state.decision_by_id(conn, i) for i in sorted(decision_ids)}
    hits = []
    for r in sorted(rows, key=lambda r: (STATUS_ORDER.get(r["status"], 9), r["subject_id"], r["entity_id"])):
        hit_state = state.hit_from_row(r)
        decision = decisions.get(r["decision_id"]) if r["decision_id"] is not None else None
        hits.append({
            "hit_id": r["id"], "subject_id": r["subject_id"], "subject_name": r["subject_name"],
            "entity_id": r["entity_id"], "entity_name": r["entity_name"], "basis": r["basis"],
            "score": round(float(r["score"]), 1), "path": r["path"] or "", "outcome": r["outcome"],
            "status": r["status"], "changes": json.loads(r["changes"]) if r["changes"] else [],
            "decision": decision.to_dict(hit_state) if decision is not None else None,
            "matched_name": r["matched_name"], "list_id": r["list_id"] or "", "reference": r["reference"] or "",
            "path_ids": r["path_ids"] or "", "measure": r["measure"] or "", "first_run": r["first_run"],
        })
    as_of = run.as_of if isinstance(run.as_of, str) else run.as_of.isoformat()
    return {
        "run_id": run.id, "as_of": as_of, "policy": run.policy, "full": bool(run.full), "full_reason": run.full_reason,
        "input": run.input_name, "subjects": run.subjects, "screened": run.screened, "inactivated": run.inactivated,
        "candidates_changed": run.candidates_changed,
        "counts": {s: int(getattr(run, s)) for s in (delta.NEW, delta.CHANGED, delta.CLEARED, delta.SUPPRESSED, delta.UNCHANGED)},
        "open": run.open, "warnings": json.loads(run.warnings) if run.warnings else [], "hits": hits,
    }


def changes_text(changes: list[dict[str, object]]) -> str:
    """``field: before -> after; …``."""
    return "; ".join(f"{c['field']}: {c['before']} -> {c['after']}" for c in changes)


def decision_text(decision: dict[str, Any] | None) -> str:
    if not decision:
        return ""
    text = f"{decision['verdict']} by {decision['by']} on {str(decision['decided_at'])[:10]}: {decision['reason']}"
    if decision.get("holds") is False:
        text += " (made on an earlier state: review again)"
    return text


def csv_row(hit: dict[str, Any]) -> dict[str, object]:
    return {**hit, "changes": changes_text(hit["changes"]), "decision": decision_text(hit["decision"])}


def write_report(report: dict[str, Any], fmt: str, out: TextIO) -> None:
    """Write a report dict as csv, json or html."""
    if fmt == "json":
        json.dump(report, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "html":
        out.write(render_html(report))
    else:
        from partyscreen.report.tabular import write_csv

        write_csv((csv_row(h) for h in report["hits"]), HIT_FIELDS, out)


def render_html(report: dict[str, Any]) -> str:
    """A self-contained HTML page: the counts, then one table per status."""
    e = html.escape
    counts = report["counts"]
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>partyscreen monitor run {report['run_id']}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
        "h2.new,h2.changed{color:#a00}</style></head><body>",
        f"<h1>Monitor run {report['run_id']}: {e(report['policy'])} as of {e(report['as_of'])}</h1>",
        "<p>" + ", ".join(f"{counts[s]} {s}" for s in counts) + f"; {report['open']} open in all; "
        f"{report['screened']} of {report['subjects']} customers screened"
        + (f" (full run: {e(str(report['full_reason']))})" if report["full"] else "") + "</p>",
    ]
    if report["warnings"]:
        parts.append("<ul>" + "".join(f"<li>{e(w)}</li>" for w in report["warnings"]) + "</ul>")
    for status in LISTED_STATUSES:
        hits = [h for h in report["hits"] if h["status"] == status]
        if not hits:
            continue
        parts.append(f"<h2 class='{status}'>{status} ({len(hits)})</h2><table><tr><th>hit</th><th>customer</th>"
                     "<th>matches</th><th>basis</th><th>score</th><th>path</th><th>outcome</th><th>what changed</th>"
                     "<th>decision</th></tr>")
        for h in hits:
            parts.append(
                f"<tr><td>{h['hit_id']}</td><td>{e(h['subject_name'])} [{e(h['subject_id'])}]</td>"
                f"<td>{e(h['entity_name'])} [{e(h['entity_id'])}]</td><td>{e(h['basis'])}</td><td>{h['score']:.1f}</td>"
                f"<td>{e(h['path'])}</td><td>{e(h['outcome'])}</td><td>{e(changes_text(h['changes']))}</td>"
                f"<td>{e(decision_text(h['decision']))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
