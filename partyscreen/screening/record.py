"""Recording screening runs: what was screened, under which rules, against which data, and the hits.

Rules:
- A run records its policy's settings (JSON, so a changed policy file cannot change what the run
  meant), date, threshold, list versions, tool version and the data snapshot it read
  (``partyscreen.store.versions.Snapshot``): everything ``screen --reproduce`` needs.
- The screened fields of the input rows are stored once per distinct content
  (``screening_input``, keyed by the digest of every row's row number, id, name, country, role,
  identifiers and error): re-screening the same records refers to the stored rows.
- Hits are stored per run, each pointing at its subject row.
- Everything is written in one transaction, after the matching: a run is visible only when
  complete.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import sqlalchemy as sa

from partyscreen import __version__
from partyscreen import affiliates as service
from partyscreen.screening.hits import ScreeningReport, SubjectResult
from partyscreen.screening.targets import TargetSet
from partyscreen.store.audit import default_actor, record_event
from partyscreen.store.db import transaction
from partyscreen.store.models import Hit as HitTable
from partyscreen.store.models import ScreeningInput, ScreeningRun, Subject

SUBJECT_CHUNK = 5_000


def matcher_version() -> str:
    """``MATCHER_VERSION`` and a digest of the matcher's code: a re-run by another matcher may differ."""
    from partyscreen.matching.version import MATCHER_VERSION
    from partyscreen.screening.matcher_cache import code_digest

    return f"{MATCHER_VERSION}:{code_digest()[:16]}"


def subject_key(subject: SubjectResult) -> list[object]:
    """The fields of a subject that a stored input keeps (and its digest covers)."""
    return [
        subject.row,
        subject.subject_id or None,
        subject.name or None,
        subject.country,
        subject.role or None,
        identifiers_text(subject.identifiers),
        subject.error,
    ]


def identifiers_text(pairs: Sequence[tuple[str, str]]) -> str | None:
    """The identifiers as JSON pairs (exact whatever the values hold), None when there are none."""
    return json.dumps([list(p) for p in pairs], ensure_ascii=False) if pairs else None


def input_digest(subjects: Sequence[SubjectResult]) -> str:
    """sha256 of the subjects' stored fields, one canonical JSON line per subject."""
    digest = hashlib.sha256()
    for subject in subjects:
        digest.update(json.dumps(subject_key(subject), ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def record_run(
    engine: sa.Engine,
    report: ScreeningReport,
    targets: TargetSet,
    checksum: str | None,
    started_at: datetime,
    before_commit: Callable[[ScreeningReport], None] | None = None,
) -> int:
    """Write the run, its input (unless stored already) and hits in one transaction; return the run id.

    ``before_commit(report)`` runs inside the transaction with ``report.run_id`` set: if it
    raises, nothing is recorded.
    """
    digest = input_digest(report.subjects)
    try:
        with transaction(engine) as conn:  # the write lock, taken once the results exist
            return _record(conn, report, targets, checksum, started_at, digest, before_commit)
    except sa.exc.IntegrityError:  # the same input was stored by a run committing meanwhile
        with transaction(engine) as conn:
            return _record(conn, report, targets, checksum, started_at, digest, before_commit)


def _record(
    conn: sa.Connection,
    report: ScreeningReport,
    targets: TargetSet,
    checksum: str | None,
    started_at: datetime,
    digest: str,
    before_commit: Callable[[ScreeningReport], None] | None,
) -> int:
    input_id, subject_ids = _input(conn, report.subjects, digest)
    counts = report.counts()
    run_table = ScreeningRun.__table__
    run_id = conn.execute(
        sa.insert(run_table)
        .values(
            kind="screen",
            input_name=report.input_name,
            checksum=checksum,
            policy=report.policy,
            as_of=report.as_of,
            lists=",".join(sorted(targets.policy.lists)),
            min_score=report.min_score,
            list_versions=json.dumps(report.list_versions, ensure_ascii=False, sort_keys=True),
            affiliation_run_id=targets.affiliation_run_id,
            input_id=input_id,
            policy_settings=service.policy_json(targets.policy),
            snapshot=targets.snapshot.to_json() if targets.snapshot else None,
            matcher_version=matcher_version(),
            rows=counts["rows"],
            subjects_with_hits=counts["subjects_with_hits"],
            hits=counts["hits"],
            errors=counts["errors"],
            started_at=started_at,
            finished_at=datetime.now(timezone.utc),
            duration_ms=int(report.seconds * 1000),
            tool_version=__version__,
        )
        .returning(run_table.c.id)
    ).scalar_one()
    report.run_id = int(run_id)
    record_event(
        conn, action="screen", actor=default_actor(), run_id=report.run_id,
        detail={"input": report.input_name, "sha256": checksum, "policy": report.policy, "as_of": report.as_of,
                "rows": counts["rows"], "subjects_with_hits": counts["subjects_with_hits"], "hits": counts["hits"],
                "errors": counts["errors"], "matcher_version": matcher_version()},
    )
    if before_commit is not None:
        before_commit(report)  # inside the transaction: if it fails, nothing is recorded
    hit_rows = [
        {
            "run_id": run_id,
            "subject_pk": subject_ids[s.row],
            "entity_id": h.entity_id,
            "entity_name": h.entity_name,
            "matched_name": h.matched_name,
            "score": h.score,
            "basis": h.basis,
            "list_id": h.list_id or None,
            "reference": h.reference or None,
            "path": h.path or None,
            "outcome": h.outcome,
            "explanation": h.explanation or None,
        }
        for s in report.subjects
        for h in s.hits
    ]
    if hit_rows:
        conn.execute(sa.insert(HitTable.__table__), hit_rows)
    return int(run_id)


def _input(conn: sa.Connection, subjects: Sequence[SubjectResult], digest: str) -> tuple[int, dict[int, int]]:
    """The stored input with this digest (stored now if new) and its subject ids by row."""
    table, subject_table = ScreeningInput.__table__, Subject.__table__
    found = conn.execute(sa.select(table.c.id).where(table.c.digest == digest)).scalar()
    if found is not None:
        rows = conn.execute(sa.select(subject_table.c.row, subject_table.c.id).where(subject_table.c.input_id == found))
        return int(found), {int(r): int(i) for r, i in rows}
    input_id = int(
        conn.execute(
            sa.insert(table).values(digest=digest, rows=len(subjects), created_at=datetime.now(timezone.utc)).returning(table.c.id)
        ).scalar_one()
    )
    ids: dict[int, int] = {}
    for start in range(0, len(subjects), SUBJECT_CHUNK):
        chunk = subjects[start : start + SUBJECT_CHUNK]
        rows = [
            {
                "input_id": input_id,
                "row": s.row,
                "subject_id": s.subject_id or None,
                "name": s.name or None,
                "country": s.country,
                "role": s.role or None,
                "identifiers": identifiers_text(s.identifiers),
                "fingerprint": s.fingerprint,
                "error": s.error,
            }
            for s in chunk
        ]
        pks = conn.execute(
            sa.insert(subject_table).returning(subject_table.c.id, sort_by_parameter_order=True), rows
        ).scalars().all()
        ids.update((s.row, int(pk)) for s, pk in zip(chunk, pks))
    return input_id, ids


def stored_subjects(conn: sa.Connection, input_id: int) -> list[SubjectResult]:
    """The subjects of a stored input, in row order, as the screener made them."""
    table = Subject.__table__
    result = conn.execute(
        sa.select(table.c.row, table.c.subject_id, table.c.name, table.c.country, table.c.role, table.c.identifiers, table.c.error)
        .where(table.c.input_id == input_id)
        .order_by(table.c.row)
    )
    subjects = []
    for row, subject_id, name, country, role, identifiers, error in result:
        pairs = [(str(a), str(b)) for a, b in json.loads(identifiers)] if identifiers else []
        subjects.append(
            SubjectResult(int(row), subject_id or "", name or "", country, role or "", pairs, error=error)  # type: ignore[arg-type]
        )
    return subjects
