"""The audit trail: append-only in the database itself, written in the caller's transaction, on both engines."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from partyscreen.store.audit import default_actor, list_events, record_event
from partyscreen.store.db import transaction
from partyscreen.store.retention import prune


def _events(engine: sa.Engine, **filters) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    with engine.connect() as conn:
        return list_events(conn, **filters)


def test_rows_cannot_be_updated_or_deleted_by_raw_sql(engine):
    with transaction(engine) as conn:
        record_event(conn, action="decision", actor="alice", subject_id="C-1", run_id=7, detail={"verdict": "false_positive"})
    for statement in (
        "UPDATE audit_event SET actor = 'mallory'",
        "UPDATE audit_event SET detail = NULL WHERE id = 1",
        "DELETE FROM audit_event",
        "DELETE FROM audit_event WHERE id = 1",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.exec_driver_sql(statement)
    if engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.exec_driver_sql("TRUNCATE audit_event")
    [event] = _events(engine)
    assert (event["actor"], event["subject_id"], event["run_id"], event["detail"]) == ("alice", "C-1", 7, {"verdict": "false_positive"})
    with engine.begin() as conn:  # appending stays allowed
        record_event(conn, action="decision", subject_id="C-2")
    assert len(_events(engine)) == 2


def test_rows_cannot_be_replaced_or_bypassed_by_a_replica_session(engine):
    with transaction(engine) as conn:
        record_event(conn, action="decision", actor="alice", subject_id="C-1", detail={"verdict": "true_match"})
    [event] = _events(engine)
    if engine.dialect.name == "sqlite":
        attempts = [
            "REPLACE INTO audit_event (id, at, action, actor, subject_id, run_id, detail) "
            f"VALUES ({event['id']}, '2026-01-01 00:00:00', 'decision', 'mallory', 'C-1', NULL, '{{}}')",
            "INSERT OR REPLACE INTO audit_event (id, at, action, actor) "
            f"VALUES ({event['id']}, '2026-01-01 00:00:00', 'decision', 'mallory')",
        ]
        for statement in attempts:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                with engine.begin() as conn:
                    conn.exec_driver_sql(statement)
    else:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                conn.exec_driver_sql("UPDATE audit_event SET actor = 'mallory'")
    [after] = _events(engine)
    assert (after["actor"], after["detail"]) == ("alice", {"verdict": "true_match"})


def test_an_event_rolls_back_with_its_transaction(engine):
    with pytest.raises(RuntimeError):
        with transaction(engine) as conn:
            record_event(conn, action="import", detail={"rows": 3})
            raise RuntimeError("the import failed")
    assert _events(engine) == []


def test_an_orm_session_records_too(engine):
    from sqlmodel import Session

    with Session(engine) as session:
        record_event(session, action="decision", actor="bob", subject_id="C-9", detail={"on": date(2026, 1, 2)})
        session.commit()
    [event] = _events(engine)
    assert event["detail"] == {"on": "2026-01-02"} and event["actor"] == "bob"
    assert event["at"].tzinfo is not None and abs(event["at"] - datetime.now(timezone.utc)) < timedelta(hours=1)


def test_filters_subject_since_action_run(engine):
    with transaction(engine) as conn:
        record_event(conn, action="monitor_run", run_id=1)
        record_event(conn, action="decision", subject_id="C-1", run_id=1)
        record_event(conn, action="decision", subject_id="C-2", run_id=2)
    assert [e["subject_id"] for e in _events(engine, subject_id="C-1")] == ["C-1"]
    assert [e["action"] for e in _events(engine, actions=["monitor_run"])] == ["monitor_run"]
    assert [e["subject_id"] for e in _events(engine, run_id=1, actions=["decision"])] == ["C-1"]
    today = datetime.now(timezone.utc).date()
    assert len(_events(engine, since=today)) == 3
    assert _events(engine, since=today + timedelta(days=1)) == []
    assert len(_events(engine, since=datetime.now(timezone.utc) - timedelta(minutes=10))) == 3


def test_action_must_be_named():
    with pytest.raises(ValueError, match="audit action"):
        record_event(None, action="")


def test_default_actor_is_the_environment_or_the_login(monkeypatch):
    monkeypatch.setenv("PARTYSCREEN_ACTOR", "nightly-scheduler")
    assert default_actor() == "nightly-scheduler"
    monkeypatch.delenv("PARTYSCREEN_ACTOR")
    assert default_actor()  # the login name of whoever runs the tests


def test_prune_keeps_the_trail_and_records_itself(engine):
    with transaction(engine) as conn:
        record_event(conn, action="screen", run_id=1)
    later = datetime.now(timezone.utc) + timedelta(days=400)
    dry = prune(engine, 30, dry_run=True, now=later)
    assert dry.dry_run and [e["action"] for e in _events(engine)] == ["screen"]  # a dry run records nothing
    prune(engine, 0, now=later)
    events = _events(engine)
    assert [e["action"] for e in events] == ["screen", "prune"]
    assert events[1]["detail"]["keep_days"] == 0 and "old screening runs" in events[1]["detail"]["removed"]
