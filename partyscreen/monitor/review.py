"""Analysts' review of monitor hits: list them, show one, decide one.

Rules:
- A decision (``true_match`` or ``false_positive``, a reason, who) is taken on a hit of the latest
  completed run and binds that hit's subject fingerprint and candidate state (names, basis,
  path, measure). Later runs report the pair ``suppressed`` while both stay the same, and
  ``changed`` (showing the decision) once either changes. The latest decision on a pair counts;
  earlier ones stay on record.
- A hit is *open* when it is current (not cleared) and no decision holds for it.
- ``screen --decisions`` applies the same decisions to a screened file (by the file's id column).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from partyscreen.errors import UsageError
from partyscreen.monitor import delta, state
from partyscreen.store.audit import record_event
from partyscreen.store.db import transaction
from partyscreen.store.models import VERDICTS

LIST_FIELDS = ("hit_id", "run_id", "subject_id", "subject_name", "entity_id", "entity_name", "basis", "score",
               "status", "open", "decision", "outcome", "path")


def _latest_run_id(conn: sa.Connection) -> int:
    last = state.last_run(conn)
    if last is None:
        raise UsageError("no monitor run yet: run `partyscreen monitor run` first")
    return int(last.id)


def list_hits(engine: sa.Engine, run_id: int | None = None, *, open_only: bool = False) -> list[dict[str, Any]]:
    """The hits of a run (default: the latest), each with its latest decision and whether it is open."""
    with engine.connect() as conn:
        run = run_id if run_id is not None else _latest_run_id(conn)
        if state.run_row(conn, run) is None:
            raise UsageError(f"no monitor run {run}")
        rows = state.report_hits(conn, run)
        decisions = state.latest_decisions(conn, [(r["subject_id"], r["entity_id"]) for r in rows])
    out = []
    for r in rows:
        hit = state.hit_from_row(r)
        decision = decisions.get(hit.pair)
        holds = decision is not None and decision.holds_for(hit)
        is_open = r["status"] != delta.CLEARED and not holds
        if open_only and not is_open:
            continue
        out.append({
            "hit_id": r["id"], "run_id": r["run_id"], "subject_id": r["subject_id"], "subject_name": r["subject_name"],
            "entity_id": r["entity_id"], "entity_name": r["entity_name"], "basis": r["basis"],
            "score": round(float(r["score"]), 1), "status": r["status"], "open": is_open,
            "decision": decision.to_dict(hit) if decision is not None else None, "outcome": r["outcome"],
            "path": r["path"] or "",
        })
    return out


def show_hit(engine: sa.Engine, hit_id: int) -> dict[str, Any]:
    """Everything about one hit: its fields, explanation, what changed, the customer, every decision on the pair."""
    with engine.connect() as conn:
        row = state.hit_row(conn, hit_id)
        if row is None:
            raise UsageError(f"no monitor hit {hit_id} (see `partyscreen review list`)")
        hit = state.hit_from_row(row)
        history = conn.execute(
            sa.text("SELECT * FROM decision WHERE subject_key = :s AND entity_id = :e ORDER BY id"),
            {"s": hit.subject_id, "e": hit.entity_id},
        ).mappings().all()
        subject = state.subject_row(conn, hit.subject_id)
        latest = _latest_run_id(conn)
    decisions = [state._decision(d).to_dict(hit) for d in history]
    return {
        **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k != "changes"},
        "hit_id": row["id"], "changes": json.loads(row["changes"]) if row["changes"] else [],
        "latest_run": latest, "decisions": decisions,
        "subject": {k: v for k, v in (subject or {}).items() if k in ("subject_id", "name", "country", "role",
                                                                      "identifiers", "active", "first_run")},
    }


def decide(engine: sa.Engine, hit_id: int, *, verdict: str, reason: str, by: str) -> int:
    """Record a decision on a hit of the latest run; the decision's id."""
    if verdict not in VERDICTS:
        raise UsageError(f"--verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    if not reason or not reason.strip():
        raise UsageError("--reason: say why (it is kept with the decision)")
    if not by or not by.strip():
        raise UsageError("--by: name who decides")
    with transaction(engine) as conn:
        row = state.hit_row(conn, hit_id)
        if row is None:
            raise UsageError(f"no monitor hit {hit_id} (see `partyscreen review list`)")
        latest = _latest_run_id(conn)
        if int(row["run_id"]) != latest:
            current = conn.execute(
                sa.text("SELECT id FROM monitor_hit WHERE run_id = :r AND subject_id = :s AND entity_id = :e"),
                {"r": latest, "s": row["subject_id"], "e": row["entity_id"]},
            ).scalar()
            where = f"decide hit {current} of run {latest} instead" if current else f"it is not a hit in run {latest}"
            raise UsageError(f"hit {hit_id} is from run {row['run_id']}, not the latest run {latest}: {where}")
        if row["status"] == delta.CLEARED:
            raise UsageError(f"hit {hit_id} was cleared in run {latest}: there is nothing to decide")
        decision_id = state.insert_decision(
            conn, subject_key=row["subject_id"], entity_id=row["entity_id"], verdict=verdict, reason=reason.strip(),
            by=by.strip(), subject_fingerprint=row["subject_fingerprint"], entity_fingerprint=row["decision_digest"],
            hit_id=hit_id, decided_at=datetime.now(timezone.utc),
        )
        record_event(conn, action="decision", actor=by.strip(), subject_id=row["subject_id"], run_id=int(row["run_id"]),
                     detail={"decision_id": decision_id, "hit_id": hit_id, "entity_id": row["entity_id"],
                             "verdict": verdict, "reason": reason.strip()})
    return decision_id
