"""The append-only audit trail: who did what to the database, and when.

Rules:
- Every event is one ``audit_event`` row written in the transaction of the change it records:
  if the change rolls back, so does its event; an event exists only for a change that committed.
- The database refuses UPDATE and DELETE of audit rows (triggers on PostgreSQL and SQLite,
  migration 0010), and ``prune`` never removes them: the trail is kept for the life of the
  database. Archive it with ``partyscreen audit --format json --out FILE`` if it must leave.
- ``at`` is UTC. ``actor`` is who acted: the analyst named by ``--by`` for decisions, otherwise
  ``$PARTYSCREEN_ACTOR`` or the operating-system user running the command (``default_actor``).
- ``subject_id`` is the customer / counterparty record id an event concerns (a decision on one
  of its hits), ``run_id`` the screening or monitor run; both are plain values, not foreign keys,
  so an event outlives a pruned run.
- ``detail`` is a JSON object with what the event changed (counts, ids, verdicts, reasons).

Actions written today (``ACTIONS``): ``import`` (one per import batch: lists, measures,
ownership data, registers, regime facts), ``screen`` (a recorded screening run), ``link`` (a link
accepted or rejected, by hand or automatically by ``link``), ``prune``; the monitor adds
``monitor_run``, ``monitor_hit`` (one per hit a run reports ``new``, ``changed`` or ``cleared``,
under the customer's id: unchanged and suppressed hits are not events) and ``decision`` (with the
subject and candidate fingerprints the decision binds). The database itself writes ``delete`` (an
entity deleted in SQL) and a ``link`` event with ``status: ended`` for each link that deletion
ends (trigger of migration 0014).
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Sequence
from datetime import date, datetime, time, timezone
from typing import Any

import sqlalchemy as sa

from partyscreen.store.models import AuditEvent

ACTOR_ENV = "PARTYSCREEN_ACTOR"
ACTIONS = ("import", "screen", "link", "prune", "monitor_run", "monitor_hit", "decision", "delete")
"""The actions partyscreen records (others may be added; ``record_event`` accepts any name)."""
COLUMNS = ("id", "at", "action", "actor", "subject_id", "run_id", "detail")
"""The fields of an event, in the order ``partyscreen audit`` prints them."""
MAX_ACTION = 40
MAX_TEXT = 200


def default_actor() -> str | None:
    """Who runs this process: ``$PARTYSCREEN_ACTOR``, else the operating-system login name."""
    found = os.environ.get(ACTOR_ENV, "").strip()
    if found:
        return found[:MAX_TEXT]
    try:
        return getpass.getuser()[:MAX_TEXT] or None
    except (KeyError, OSError, ImportError):  # no login name (a container without a passwd entry)
        return None


def _plain(detail: dict[str, Any] | None) -> dict[str, Any] | None:
    """``detail`` as plain JSON values (dates and other objects as their ISO / str form)."""
    if detail is None:
        return None
    return json.loads(json.dumps(detail, ensure_ascii=False, default=_json_default))  # type: ignore[no-any-return]


def _json_default(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def _event_row(action: str, actor: str | None, subject_id: str | None, run_id: int | None,
               detail: dict[str, Any] | None, at: datetime) -> dict[str, Any]:
    """One ``audit_event`` row: the action checked, actor and subject cut to ``MAX_TEXT``, detail as plain JSON."""
    if not action or len(action) > MAX_ACTION:
        raise ValueError(f"audit action must be 1 to {MAX_ACTION} characters, not {action!r}")
    return {"at": at, "action": action, "actor": actor[:MAX_TEXT] if actor else None, "run_id": run_id,
            "subject_id": str(subject_id)[:MAX_TEXT] if subject_id is not None else None, "detail": _plain(detail)}


def record_event(
    session: sa.Connection | Any,
    *,
    action: str,
    actor: str | None = None,
    subject_id: str | None = None,
    run_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event to the trail in the caller's transaction (``session``: a SQLAlchemy
    ``Connection`` or ORM ``Session`` inside its transaction); it commits or rolls back with it."""
    row = _event_row(action, actor, subject_id, run_id, detail, datetime.now(timezone.utc))
    session.execute(sa.insert(AuditEvent.__table__).values(**row))


def record_events(
    conn: sa.Connection,
    *,
    action: str,
    events: Sequence[tuple[str | None, dict[str, Any]]],
    actor: str | None = None,
    run_id: int | None = None,
) -> None:
    """Append many events of one action and run, each ``(subject_id, detail)``, in one statement
    inside the caller's transaction (as ``record_event``, for the hits of a run)."""
    if not events:
        return
    at = datetime.now(timezone.utc)
    conn.execute(sa.insert(AuditEvent.__table__),
                 [_event_row(action, actor, subject_id, run_id, detail, at) for subject_id, detail in events])


def since_start(since: date | datetime) -> datetime:
    """The first instant ``--since`` includes: a day starts at 00:00 UTC; a naive time is UTC."""
    if not isinstance(since, datetime):
        return datetime.combine(since, time.min, tzinfo=timezone.utc)
    return since if since.tzinfo else since.replace(tzinfo=timezone.utc)


def list_events(
    conn: sa.Connection,
    *,
    subject_id: str | None = None,
    since: date | datetime | None = None,
    actions: Sequence[str] = (),
    run_id: int | None = None,
) -> list[dict[str, Any]]:
    """The events that match every filter given, oldest first (``at`` as an aware UTC datetime)."""
    table = AuditEvent.__table__
    query = sa.select(*(table.c[c] for c in COLUMNS)).order_by(table.c.id)
    if subject_id is not None:
        query = query.where(table.c.subject_id == subject_id)
    if actions:
        query = query.where(table.c.action.in_(list(actions)))
    if run_id is not None:
        query = query.where(table.c.run_id == run_id)
    if since is not None:
        start = since_start(since)
        if conn.dialect.name == "sqlite":  # stored as naive UTC text: compare like with like
            start = start.astimezone(timezone.utc).replace(tzinfo=None)
        query = query.where(table.c.at >= start)
    events = []
    for row in conn.execute(query).mappings():
        event = dict(row)
        at = event["at"]
        if isinstance(at, datetime):
            event["at"] = at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)
        if isinstance(event["detail"], str):  # a JSON column read back as text (never on our engines)
            event["detail"] = json.loads(event["detail"])
        events.append(event)
    return events
