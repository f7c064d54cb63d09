"""Re-running a recorded screening exactly as it was, and saying what differs.

Rules:
- The run's input rows, policy settings, date and threshold come from its record; the lists and
  ownership data are restored to the run's snapshot (the import batches it saw) from the row
  history (``partyscreen.store.versions``), on one connection of its own, and the affiliates
  are computed afresh on that state (nothing is stored).
- Hits are compared per (row, entity): a hit only in the stored run, only in the re-run, or in
  both with a different score, basis, matched name, list, path or outcome is a difference.
- A run recorded before runs were reproducible (schema 0008), or whose input was pruned, cannot
  be re-run: that is an error, as is an unknown run id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from partyscreen import __version__
from partyscreen import affiliates as service
from partyscreen.errors import NotFound, UsageError
from partyscreen.screening.record import stored_subjects
from partyscreen.store.db import as_date, as_engine
from partyscreen.store.versions import Snapshot, shadow_tables

COMPARED = ("score", "basis", "matched_name", "list_id", "path", "outcome")
"""The fields of a hit compared between the stored run and the re-run."""

HitKey = tuple[int, str]


@dataclass
class Reproduction:
    """The outcome of re-running one recorded screening."""

    run_id: int
    rows: int
    stored_hits: int
    rerun_hits: int
    recorded_version: str
    recorded_matcher: str | None = None
    only_stored: list[tuple[HitKey, dict[str, str]]] = field(default_factory=list)
    only_rerun: list[tuple[HitKey, dict[str, str]]] = field(default_factory=list)
    changed: list[tuple[HitKey, dict[str, tuple[str, str]]]] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.only_stored or self.only_rerun or self.changed)

    def lines(self) -> list[str]:
        """The differences, one per line (empty when identical)."""
        out = []
        for (row, entity), hit in self.only_stored:
            out.append(f"row {row}: hit {entity} ({hit['basis']}, score {hit['score']}) is in the stored run only")
        for (row, entity), hit in self.only_rerun:
            out.append(f"row {row}: hit {entity} ({hit['basis']}, score {hit['score']}) is in the re-run only")
        for (row, entity), fields in self.changed:
            changes = "; ".join(f"{name} {old!r} -> {new!r}" for name, (old, new) in fields.items())
            out.append(f"row {row}: hit {entity}: {changes}")
        return sorted(out, key=_row_order)


def _row_order(line: str) -> tuple[int, str]:
    number = line.split(":", 1)[0].removeprefix("row ")
    return (int(number) if number.isdigit() else 0, line)


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _run_record(engine: sa.Engine, run_id: int) -> sa.RowMapping:
    with engine.connect() as conn:
        record = conn.execute(
            sa.text(
                "SELECT id, input_id, policy_settings, snapshot, as_of, min_score, tool_version, matcher_version, rows "
                "FROM screening_run WHERE id = :id"
            ),
            {"id": run_id},
        ).mappings().first()
    if record is None:
        raise NotFound(f"no screening run {run_id} in the database")
    if record["policy_settings"] is None or record["snapshot"] is None or record["input_id"] is None:
        raise UsageError(
            f"screening run {run_id} was recorded before runs kept what a re-run needs (schema 0008), "
            "or its input was pruned: it cannot be reproduced"
        )
    return record


def _stored_hits(engine: sa.Engine, run_id: int) -> dict[HitKey, dict[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT s.row, h.entity_id, h.score, h.basis, h.matched_name, h.list_id, h.path, h.outcome "
                "FROM hit h JOIN subject s ON s.id = h.subject_pk WHERE h.run_id = :id"
            ),
            {"id": run_id},
        ).mappings()
        return {(int(r["row"]), str(r["entity_id"])): {f: _plain(r[f]) for f in COMPARED} for r in rows}


def _past_engine(engine: sa.Engine, snapshot: Snapshot) -> sa.Engine:
    """An engine of one connection whose versioned tables show their state at ``snapshot``."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise UsageError("an in-memory database cannot be re-opened to reproduce a run")
    past = as_engine(sa.create_engine(url.render_as_string(hide_password=False), poolclass=StaticPool))
    with past.begin() as conn:
        shadow_tables(conn, snapshot)
    return past


def reproduce(url_or_engine: str | sa.Engine | None, run_id: int) -> Reproduction:
    """Re-run screening run ``run_id`` on the data as it was and compare with what was stored."""
    from partyscreen.screening.screener import Screener

    engine = as_engine(url_or_engine)
    record = _run_record(engine, run_id)
    with engine.connect() as conn:
        subjects = stored_subjects(conn, int(record["input_id"]))
    stored = _stored_hits(engine, run_id)
    past = _past_engine(engine, Snapshot.from_json(record["snapshot"]))
    try:
        screener = Screener(
            past,
            policy=service.policy_from_json(record["policy_settings"]),
            as_of=as_date(record["as_of"]) or date.today(),
            min_score=float(record["min_score"]),
            store_targets=False,
        )
        report = screener.screen_subject_list(subjects, record=False, input_name=f"run {run_id}")
    finally:
        past.dispose()
    rerun = {
        (int(h.row or 0), h.entity_id): {f: _plain(getattr(h, f)) for f in COMPARED} for h in report.hits
    }
    result = Reproduction(
        run_id, len(subjects), len(stored), len(rerun), str(record["tool_version"]), record["matcher_version"]
    )
    for key in sorted(stored.keys() | rerun.keys()):
        was, now = stored.get(key), rerun.get(key)
        if now is None:
            result.only_stored.append((key, was))  # type: ignore[arg-type]
        elif was is None:
            result.only_rerun.append((key, now))
        else:
            fields = {f: (was[f], now[f]) for f in COMPARED if was[f] != now[f]}
            if fields:
                result.changed.append((key, fields))
    return result


def version_note(result: Reproduction) -> str | None:
    """A note when the run was recorded by another version of partyscreen or of its matcher."""
    from partyscreen.screening.record import matcher_version

    notes = []
    if result.recorded_version != __version__:
        notes.append(f"partyscreen {result.recorded_version} (this is {__version__})")
    if result.recorded_matcher and result.recorded_matcher != matcher_version():
        notes.append(f"matcher {result.recorded_matcher} (this is {matcher_version()})")
    if not notes:
        return None
    return f"run {result.run_id} was recorded by " + " and ".join(notes) + ": differences may come from the code, not the data"
