"""Analysts' review of monitor hits: list them, show one, decide one.

Rules:
- A decision (``true_match`` or ``false_positive``, a reason, who) is taken on a hit of the latest
  completed run and binds that hit's subject fingerprint and candidate state (names, basis,
  path, measure). Later runs report the pair ``suppressed`` while both stay the same, and
  ``changed`` (showing the decision) once either changes. The latest decision on a pair counts;
  earlier ones stay on record.
- A hit is *open* when it is current (not cleared) and no decision holds for it.
- ``screen --decisions`` applies the same decisions to a screened file (by the file's id column);
  hits of a recorded ``screen`` run (ids ``s<N>``: ``review list --screening RUN_ID``) can be
  decided too, binding the row's fingerprint and the candidate's state under the run's policy
  and date on the current data.
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
        carried = state.decisions_by_id(conn, [r["decision_id"] for r in rows if r["decision_id"] is not None])
    out = []
    for r in rows:
        hit = state.hit_from_row(r)
        decision = delta.latest_decision(decisions.get(hit.pair), carried.get(r["decision_id"]) if r["decision_id"] else None)
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
        history = conn.execute(  # the pair's decisions, and the one the hit carries (made before a link renamed it)
            sa.text("SELECT * FROM decision WHERE (subject_key = :s AND entity_id = :e) OR id = :d ORDER BY id"),
            {"s": hit.subject_id, "e": hit.entity_id, "d": row["decision_id"] or -1},
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


def _check_decision(verdict: str, reason: str, by: str) -> None:
    if verdict not in VERDICTS:
        raise UsageError(f"--verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    if not reason or not reason.strip():
        raise UsageError("--reason: say why (it is kept with the decision)")
    if not by or not by.strip():
        raise UsageError("--by: name who decides")


def parse_hit_id(text: str) -> tuple[str, int]:
    """``17`` (a monitor hit) or ``s17`` (a hit of a recorded ``screen`` run): (kind, number)."""
    raw = str(text).strip()
    kind = "screen" if raw[:1].lower() == "s" else "monitor"
    digits = raw[1:] if kind == "screen" else raw
    if not digits.isdigit() or int(digits) < 1:
        raise UsageError(f"hit id {text!r}: expected a monitor hit number (17) or a screening hit (s17)")
    return kind, int(digits)


def decide(engine: sa.Engine, hit_id: int, *, verdict: str, reason: str, by: str) -> int:
    """Record a decision on a hit of the latest run; the decision's id."""
    _check_decision(verdict, reason, by)
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
                             "verdict": verdict, "reason": reason.strip(),
                             "subject_fingerprint": row["subject_fingerprint"],
                             "entity_fingerprint": row["decision_digest"]})
    return decision_id


def _target_digest(target: Any) -> str:
    """What a decision binds on the candidate's side, for a screening target."""
    measure = f"{target.measure_state} {target.measure_date}" if target.measure_date else str(target.measure_state)
    return delta.decision_digest(tuple(target.names or [target.name]), target.basis,
                                 target.path if target.basis != "listed" else "", measure)


def apply_decisions(engine: sa.Engine, report: Any, targets: Any) -> dict[str, int]:
    """Apply analysts' decisions to a screening report (``screen --decisions``).

    Rule: a hit of a row with an id is looked up by (id, entity) (for a listed party that accepted
    links made of several entities, by any of them); when the latest decision on the
    pair still holds (same screened fields, same candidate names, basis, path, measure) the hit
    carries the decision and no longer alerts (it does not count for the exit code); a decision
    made on an earlier state is shown and the hit alerts as before. Sets ``report.decisions``.
    """
    from partyscreen.monitor.report import decision_text

    def members(entity_id: str) -> tuple[str, ...]:
        target = targets.targets.get(entity_id)
        return (target.members or (entity_id,)) if target is not None else (entity_id,)

    pairs = [(s.subject_id, m) for s in report.subjects if s.subject_id for h in s.hits for m in members(h.entity_id)]
    with engine.connect() as conn:
        decisions = state.latest_decisions(conn, pairs)
    applied = stale = 0
    for subject in report.subjects:
        for hit in subject.hits:
            decision = delta.latest_decision(*(decisions.get((subject.subject_id, m)) for m in members(hit.entity_id))) \
                if subject.subject_id else None
            target = targets.targets.get(hit.entity_id)
            if decision is None or target is None:
                continue
            holds = decision.subject_fingerprint in (subject.screened_fingerprint, subject.fingerprint) and \
                decision.entity_fingerprint == _target_digest(target)
            hit.decision = decision_text({**decision.to_dict(), "holds": holds})
            if holds:
                hit.alert = False
                applied += 1
            else:
                stale += 1
    report.decisions = {"applied": applied, "stale": stale}
    return report.decisions


def screening_hit(engine: sa.Engine, hit_id: int) -> dict[str, Any]:
    """A hit of a recorded ``screen`` run with its row's id and fingerprint, and the candidate
    state a decision on it binds (the run's policy and date, on the current data)."""
    from partyscreen import affiliates as service
    from partyscreen.screening.targets import build_targets

    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT h.id, h.run_id, h.entity_id, h.entity_name, h.basis, h.score, h.outcome, h.path, "
            "s.subject_id, s.name, s.row, s.fingerprint, r.policy_settings, r.as_of "
            "FROM hit h JOIN subject s ON s.id = h.subject_pk JOIN screening_run r ON r.id = h.run_id WHERE h.id = :id"),
            {"id": hit_id}).mappings().first()
    if row is None:
        raise UsageError(f"no screening hit s{hit_id} (see `partyscreen review list --screening RUN_ID`)")
    if not row["subject_id"]:
        raise UsageError(f"screening hit s{hit_id} is for row {row['row']}, which has no id: decisions are kept by "
                         "record id (screen with an id column)")
    if not row["policy_settings"]:
        raise UsageError(f"screening run {row['run_id']} was recorded without its policy settings: screen the file again")
    policy = service.policy_from_json(row["policy_settings"])
    as_of = row["as_of"] if not isinstance(row["as_of"], str) else datetime.fromisoformat(row["as_of"]).date()
    target = build_targets(engine, policy, as_of).targets.get(row["entity_id"])
    if target is None:
        raise UsageError(f"screening hit s{hit_id}: {row['entity_id']} is no longer a target of {policy.name} on {as_of}")
    return {**dict(row), "decision_digest": _target_digest(target)}


def list_screening_hits(engine: sa.Engine, run_id: int, *, open_only: bool = False) -> list[dict[str, Any]]:
    """The hits of a recorded ``screen`` run (ids ``s<N>``), each with the latest decision on its (id, entity)."""
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT 1 FROM screening_run WHERE id = :r"), {"r": run_id}).first() is None:
            raise UsageError(f"no screening run {run_id}")
        rows = conn.execute(sa.text(
            "SELECT h.id, h.run_id, h.entity_id, h.entity_name, h.basis, h.score, h.outcome, h.path, "
            "s.subject_id, s.name, s.fingerprint FROM hit h JOIN subject s ON s.id = h.subject_pk "
            "WHERE h.run_id = :r ORDER BY h.id"), {"r": run_id}).mappings().all()
        decisions = state.latest_decisions(conn, [(r["subject_id"], r["entity_id"]) for r in rows if r["subject_id"]])
    out = []
    for r in rows:
        decision = decisions.get((r["subject_id"], r["entity_id"])) if r["subject_id"] else None
        holds = decision is not None and decision.subject_fingerprint == r["fingerprint"]
        is_open = not holds
        if open_only and not is_open:
            continue
        out.append({
            "hit_id": f"s{r['id']}", "run_id": r["run_id"], "subject_id": r["subject_id"] or "",
            "subject_name": r["name"] or "", "entity_id": r["entity_id"], "entity_name": r["entity_name"],
            "basis": r["basis"], "score": round(float(r["score"]), 1), "status": "screened", "open": is_open,
            "decision": decision.to_dict() if decision is not None else None, "outcome": r["outcome"],
            "path": r["path"] or "",
        })
    return out


def decide_screening_hit(engine: sa.Engine, hit_id: int, *, verdict: str, reason: str, by: str) -> int:
    """Record a decision on a hit of a recorded ``screen`` run (``review decide s<N>``); the decision's id."""
    _check_decision(verdict, reason, by)
    hit = screening_hit(engine, hit_id)
    with transaction(engine) as conn:
        decision_id = state.insert_decision(
            conn, subject_key=hit["subject_id"], entity_id=hit["entity_id"], verdict=verdict, reason=reason.strip(),
            by=by.strip(), subject_fingerprint=hit["fingerprint"], entity_fingerprint=hit["decision_digest"],
            hit_id=None, decided_at=datetime.now(timezone.utc),
        )
        record_event(conn, action="decision", actor=by.strip(), subject_id=hit["subject_id"], run_id=int(hit["run_id"]),
                     detail={"decision_id": decision_id, "screening_hit": f"s{hit_id}", "entity_id": hit["entity_id"],
                             "verdict": verdict, "reason": reason.strip(), "subject_fingerprint": hit["fingerprint"],
                             "entity_fingerprint": hit["decision_digest"]})
    return decision_id


def show_screening_hit(engine: sa.Engine, hit_id: int) -> dict[str, Any]:
    """A hit of a recorded ``screen`` run (``review show s<N>``): its fields, the row, every decision on the pair."""
    with engine.connect() as conn:
        row = conn.execute(sa.text(
            "SELECT h.*, s.subject_id, s.name AS subject_name, s.row AS input_row, s.fingerprint AS subject_fingerprint "
            "FROM hit h JOIN subject s ON s.id = h.subject_pk WHERE h.id = :id"), {"id": hit_id}).mappings().first()
        if row is None:
            raise UsageError(f"no screening hit s{hit_id} (see `partyscreen review list --screening RUN_ID`)")
        history = conn.execute(
            sa.text("SELECT * FROM decision WHERE subject_key = :s AND entity_id = :e ORDER BY id"),
            {"s": row["subject_id"] or "", "e": row["entity_id"]},
        ).mappings().all() if row["subject_id"] else []
    decisions = [state._decision(d).to_dict() for d in history]
    return {**{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()},
            "hit_id": f"s{hit_id}", "status": "screened", "changes": [], "latest_run": None, "measure": "",
            "decisions": decisions}
