"""Reading and writing the monitor's state: subjects, candidate states, runs, hits, decisions.

Everything a run changes is written by ``write_run`` in one transaction (with the run's row),
so a run that did not complete leaves the previous state as it was.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from partyscreen.monitor.delta import CandidateState, Classified, DecisionRef, HitState, StoredCandidate
from partyscreen.store.bulk import insert_rows

CHUNK = 5_000


def last_run(conn: sa.Connection) -> sa.Row | None:
    """The newest completed monitor run."""
    return conn.execute(sa.text("SELECT * FROM monitor_run ORDER BY id DESC LIMIT 1")).first()


def run_row(conn: sa.Connection, run_id: int) -> sa.Row | None:
    return conn.execute(sa.text("SELECT * FROM monitor_run WHERE id = :id"), {"id": run_id}).first()


def load_stored(conn: sa.Connection) -> Any:
    """Every subject ever seen, one array per column (``roster.Stored``): id, seq, fingerprint, active."""
    import numpy as np

    from partyscreen.monitor.roster import Stored

    import pyarrow as pa

    from partyscreen.store.columnar import numbers_of, read_columns

    schema = pa.schema([("subject_id", pa.string()), ("seq", pa.int64()), ("fingerprint", pa.string()),
                        ("active", pa.int64())])
    table = read_columns(conn, "SELECT subject_id, seq, fingerprint, CASE WHEN active THEN 1 ELSE 0 END "
                               "FROM monitor_subject", {}, schema)  # columns, not a Python row per subject
    if not table.num_rows:
        return Stored.empty()
    return Stored(np.array(table.column(0).to_pylist(), dtype=object), numbers_of(table.column(1)),
                  np.array(table.column(2).to_pylist(), dtype=object), numbers_of(table.column(3)) != 0)


def load_candidates(conn: sa.Connection) -> dict[str, StoredCandidate]:
    rows = conn.execute(sa.text("SELECT entity_id, match_digest, state_digest, state FROM monitor_candidate"))
    return {r[0]: StoredCandidate(r[1], r[2], CandidateState.from_json(r[3])) for r in rows}


def load_weights(conn: sa.Connection, digest: str) -> list[tuple[str, str | None]] | None:
    text = conn.execute(sa.text("SELECT corpus FROM monitor_weights WHERE digest = :d"), {"d": digest}).scalar()
    return [(n, k) for n, k in json.loads(text)] if text is not None else None


def weights_first_run(conn: sa.Connection, digest: str) -> int | None:
    """The first run that screened with the word weights ``digest`` (the run that counted them)."""
    found = conn.execute(sa.text("SELECT MIN(id) FROM monitor_run WHERE weights_digest = :d"), {"d": digest}).scalar()
    return int(found) if found is not None else None


HIT_COLUMNS = (
    "subject_id", "subject_name", "subject_fingerprint", "entity_id", "entity_name", "matched_name", "score",
    "basis", "list_id", "reference", "path", "path_ids", "reasons", "measure", "outcome", "explanation",
    "decision_digest", "first_run",
)


def _hit(row: Any) -> HitState:
    data = {c: row[c] for c in HIT_COLUMNS}
    for c in ("list_id", "reference", "path", "path_ids", "reasons", "measure", "explanation"):
        data[c] = data[c] or ""
    data["score"] = float(data["score"])
    decision_id = row.get("decision_id") if hasattr(row, "get") else None
    return HitState(**data, hit_id=int(row["id"]), decision_id=int(decision_id) if decision_id is not None else None)


def load_hits(conn: sa.Connection, run_id: int, *, current: bool = True) -> list[HitState]:
    """The hits of a run (``current``: without the ones it cleared)."""
    sql = "SELECT * FROM monitor_hit WHERE run_id = :run" + (" AND status <> 'cleared'" if current else "")
    return [_hit(r) for r in conn.execute(sa.text(sql + " ORDER BY id"), {"run": run_id}).mappings()]


def hits_by_id(conn: sa.Connection, ids: Iterable[int]) -> dict[int, HitState]:
    return {int(r["id"]): _hit(r) for r in _rows_by_id(conn, "monitor_hit", ids)}


def _decision(row: Any) -> DecisionRef:
    return DecisionRef(int(row["id"]), row["subject_key"], row["entity_id"], row["verdict"], row["note"] or "",
                       row["analyst"] or "", row["decided_at"], row["subject_fingerprint"], row["entity_fingerprint"],
                       row["hit_id"])


def latest_decisions(conn: sa.Connection, pairs: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], DecisionRef]:
    """The latest decision on each (subject key, entity) pair (of ``pairs``, or all)."""
    found: dict[tuple[str, str], DecisionRef] = {}
    if pairs is None:
        for r in conn.execute(sa.text("SELECT * FROM decision ORDER BY id")).mappings():
            d = _decision(r)
            found[(d.subject_id, d.entity_id)] = d
        return found
    wanted = sorted(set(pairs))
    subjects = sorted({s for s, _ in wanted})
    keep = set(wanted)
    for start in range(0, len(subjects), CHUNK):
        rows = conn.execute(
            sa.text("SELECT * FROM decision WHERE subject_key IN :ids ORDER BY id").bindparams(
                sa.bindparam("ids", expanding=True)),
            {"ids": subjects[start : start + CHUNK]},
        ).mappings()
        for r in rows:
            d = _decision(r)
            if (d.subject_id, d.entity_id) in keep:
                found[(d.subject_id, d.entity_id)] = d
    return found


def decisions_by_id(conn: sa.Connection, ids: Iterable[int]) -> dict[int, DecisionRef]:
    """Decisions by id."""
    return {int(r["id"]): _decision(r) for r in _rows_by_id(conn, "decision", ids)}


def _rows_by_id(conn: sa.Connection, table: str, ids: Iterable[int]) -> Iterator[sa.RowMapping]:
    """The rows of ``table`` (a fixed name, never user input) with these ids, read ``CHUNK`` ids at a time."""
    wanted = sorted(set(ids))
    query = sa.text(f"SELECT * FROM {table} WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
    for start in range(0, len(wanted), CHUNK):
        yield from conn.execute(query, {"ids": wanted[start : start + CHUNK]}).mappings()


def decision_by_id(conn: sa.Connection, decision_id: int) -> DecisionRef | None:
    row = conn.execute(sa.text("SELECT * FROM decision WHERE id = :id"), {"id": decision_id}).mappings().first()
    return _decision(row) if row is not None else None


def insert_decision(conn: sa.Connection, *, subject_key: str, entity_id: str, verdict: str, reason: str, by: str,
                    subject_fingerprint: str, entity_fingerprint: str, hit_id: int | None, decided_at: datetime) -> int:
    from partyscreen.store.models import Decision

    result = conn.execute(sa.insert(Decision.__table__).values(
        subject_key=subject_key, entity_id=entity_id, verdict=verdict, analyst=by, note=reason,
        subject_fingerprint=subject_fingerprint, entity_fingerprint=entity_fingerprint, decided_at=decided_at,
        hit_id=hit_id,
    ))
    return int(result.inserted_primary_key[0])


@dataclass
class SubjectWrite:
    """What a run changes about subjects."""

    inserts: Iterable[tuple[object, ...]]  # (subject_id, seq, name, country, role, identifiers, fingerprint, error)
    updates: Iterable[tuple[object, ...]]  # same shape: changed or re-activated subjects
    inactivate: list[str]


def write_run(
    conn: sa.Connection,
    run: dict[str, object],
    subjects: SubjectWrite,
    candidates: dict[str, CandidateState],
    removed_candidates: Sequence[str],
    changed_candidates: set[str],
    weights: tuple[str, list[tuple[str, str | None]]] | None,
    classified: list[Classified],
) -> int:
    """Record a completed run and everything it changed (inside the caller's transaction); its id."""
    from partyscreen.store.models import MonitorRun

    run_id = int(conn.execute(sa.insert(MonitorRun.__table__).values(**run)).inserted_primary_key[0])
    if weights is not None:
        exists = conn.execute(sa.text("SELECT 1 FROM monitor_weights WHERE digest = :d"), {"d": weights[0]}).first()
        if exists is None:
            conn.execute(
                sa.text("INSERT INTO monitor_weights (digest, corpus, created_at) VALUES (:d, :c, :at)"),
                {"d": weights[0], "c": json.dumps(weights[1], ensure_ascii=False), "at": run["finished_at"]},
            )
    _write_subjects(conn, subjects, run_id)
    _write_candidates(conn, candidates, removed_candidates, changed_candidates, run_id)
    _write_hits(conn, classified, run_id)
    return run_id


def _write_subjects(conn: sa.Connection, subjects: SubjectWrite, run_id: int) -> None:
    columns = ("subject_id", "seq", "name", "country", "role", "identifiers", "fingerprint", "error",
               "active", "first_run", "changed_run")
    inserts = iter(subjects.inserts)
    while chunk := [(*row, True, run_id, run_id) for row in itertools.islice(inserts, 50_000)]:
        insert_rows(conn, "monitor_subject", columns, chunk)
    updates = list(subjects.updates)
    if updates:
        conn.execute(
            sa.text(
                "UPDATE monitor_subject SET name = :name, country = :country, role = :role, identifiers = :identifiers, "
                "fingerprint = :fingerprint, error = :error, active = :active, changed_run = :run, inactive_run = NULL "
                "WHERE subject_id = :subject_id"
            ),
            [{"subject_id": r[0], "name": r[2], "country": r[3], "role": r[4], "identifiers": r[5], "fingerprint": r[6],
              "error": r[7], "active": True, "run": run_id} for r in updates],
        )
    for start in range(0, len(subjects.inactivate), CHUNK):
        conn.execute(
            sa.text("UPDATE monitor_subject SET active = :no, inactive_run = :run WHERE subject_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)),
            {"ids": subjects.inactivate[start : start + CHUNK], "run": run_id, "no": False},
        )


def _write_candidates(conn: sa.Connection, candidates: dict[str, CandidateState], removed: Sequence[str],
                      changed: set[str], run_id: int) -> None:
    ids = sorted(set(removed) | (changed & set(candidates)))
    for start in range(0, len(ids), CHUNK):
        conn.execute(
            sa.text("DELETE FROM monitor_candidate WHERE entity_id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": ids[start : start + CHUNK]},
        )
    rows = [(e, s.match_digest, s.state_digest, s.decision_digest, s.to_json(), run_id)
            for e, s in sorted(candidates.items()) if e in changed]
    insert_rows(conn, "monitor_candidate",
                ("entity_id", "match_digest", "state_digest", "decision_digest", "state", "changed_run"), rows)


def _write_hits(conn: sa.Connection, classified: list[Classified], run_id: int) -> None:
    columns = (*HIT_COLUMNS, "run_id", "status", "changes", "decision_id")
    rows = []
    for item in classified:
        h = item.hit
        first = h.first_run if h.first_run is not None else run_id
        rows.append((
            h.subject_id, h.subject_name, h.subject_fingerprint, h.entity_id, h.entity_name, h.matched_name, h.score,
            h.basis, h.list_id or None, h.reference or None, h.path or None, h.path_ids or None, h.reasons or None,
            h.measure or None, h.outcome, h.explanation or None, h.decision_digest, first, run_id, item.status,
            json.dumps(item.changes, ensure_ascii=False, default=str) if item.changes else None,
            item.decision.id if item.decision is not None else None,
        ))
    insert_rows(conn, "monitor_hit", columns, rows)


REPORTED = ("new", "changed", "cleared")
"""Statuses that become ``monitor_hit`` audit events."""


def hit_events(classified: list[Classified]) -> list[tuple[str | None, dict[str, Any]]]:
    """The audit events of a run's hits: one per hit reported new, changed or cleared."""
    return [
        (item.hit.subject_id, {
            "status": item.status, "entity_id": item.hit.entity_id, "entity_name": item.hit.entity_name,
            "score": item.hit.score, "basis": item.hit.basis, "path": item.hit.path or None,
            "measure": item.hit.measure or None, "changes": item.changes or None,
            "decision_id": item.decision.id if item.decision is not None else None,
        })
        for item in classified if item.status in REPORTED
    ]


def report_hits(conn: sa.Connection, run_id: int, statuses: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """A run's hits as stored (with ``id`` and ``status``), optionally only some statuses."""
    sql = "SELECT * FROM monitor_hit WHERE run_id = :run"
    params: dict[str, object] = {"run": run_id}
    query = sa.text(sql + " ORDER BY id")
    if statuses is not None:
        query = sa.text(sql + " AND status IN :st ORDER BY id").bindparams(sa.bindparam("st", expanding=True))
        params["st"] = list(statuses)
    return [dict(r) for r in conn.execute(query, params).mappings()]


def hit_row(conn: sa.Connection, hit_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.text("SELECT * FROM monitor_hit WHERE id = :id"), {"id": hit_id}).mappings().first()
    return dict(row) if row is not None else None


def subject_row(conn: sa.Connection, subject_id: str) -> dict[str, Any] | None:
    row = conn.execute(sa.text("SELECT * FROM monitor_subject WHERE subject_id = :id"), {"id": subject_id}).mappings().first()
    return dict(row) if row is not None else None


def hit_from_row(row: dict[str, Any]) -> HitState:
    return _hit(row)
