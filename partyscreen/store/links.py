"""Links between list entries and the registry entities they name: reads and writes.

Rules:
- An entry is *unlinked* while its entity is its own (``<list_id>:<entry_id>``, no ``entity_id``
  given in the list file) and no link of it is accepted.
- An accepted link makes the entry's own entity and the linked entity one party: ``party_map``
  reads the accepted links into a ``partyscreen.ownership.parties.PartyMap``, the one rule the
  engine (roots and holdings), the screener (names, identifiers, entries), ``explain`` and the
  monitor (a hit's identity) follow.
- One row per (list, entry, entity): its status (proposed, accepted, rejected), how it was proposed
  (``identifier`` | ``name`` | ``manual``, score, explanation) and the last decision; every
  decision is also appended to ``link_decision`` and, as a ``link`` event, to the audit trail
  (``partyscreen.store.audit``). A rejected pair is never proposed again; at most
  one link of an entry is accepted at a time.
- Each command that decides links records an ``import_batch`` (kind ``link``, started before
  its first decision), so stored affiliation runs computed before it are stale; a decided link
  carries that batch, and the row as it was before the decision goes to ``entity_link_history``
  (``partyscreen.store.versions``): a re-run of an earlier screening sees the links it saw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partyscreen.errors import NotFound, UsageError
from partyscreen.store import bulk
from partyscreen.store.audit import record_event, record_events
from partyscreen.store.former_ids import SCHEME as FORMER_SCHEME, resolve_entity_id
from partyscreen.store.versions import retire_many, retire_where

if TYPE_CHECKING:
    from partyscreen.ownership.parties import PartyMap

OWN = "e.entity_id = e.list_id || ':' || e.entry_id"
ACCEPTED = "LEFT JOIN entity_link k ON k.list_id = e.list_id AND k.entry_id = e.entry_id AND k.status = 'accepted'"
DECISIVE_SCHEMES_EXCLUDED = ("bods-record",)


def party_map(conn: sa.Connection) -> "PartyMap":
    """The parties the accepted links make (``partyscreen.ownership.parties``: which entities form
    one listed party), read on ``conn`` (a re-run of a recorded screening sees the links it saw)."""
    from partyscreen.ownership.parties import PartyLink, PartyMap

    rows = conn.execute(sa.text(
        "SELECT k.list_id, k.entry_id, e.entity_id, k.entity_id, k.method, k.score, k.explanation, k.decided_by, "
        "k.decided_at, k.reason FROM entity_link k JOIN list_entry e ON e.list_id = k.list_id AND e.entry_id = k.entry_id "
        "WHERE k.status = 'accepted'"
    ))
    return PartyMap.from_links(
        PartyLink(str(l), str(e), str(own), str(t), str(m or "manual"), float(sc or 0), str(x or ""), str(by or ""), at,
                  str(r or ""))
        for l, e, own, t, m, sc, x, by, at, r in rows
    )


@dataclass
class EntryInfo:
    """An unlinked list entry with what the matcher compares: names, country, kind, identifiers."""

    list_id: str
    entry_id: str
    entity_id: str
    name: str
    country: str | None
    kind: str
    names: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.list_id}:{self.entry_id}"


@dataclass(frozen=True)
class Proposal:
    """A proposed link: entry → entity, with how it was found."""

    list_id: str
    entry_id: str
    entity_id: str
    method: str
    score: float
    explanation: str


def _lists_filter(list_id: str | None) -> tuple[str, dict[str, object]]:
    return ("AND e.list_id = :list", {"list": list_id}) if list_id else ("", {})


def unlinked_entries(conn: sa.Connection, list_id: str | None = None) -> list[EntryInfo]:
    """Entries without a link (see module rules), with their own entity's names and identifiers."""
    where, params = _lists_filter(list_id)
    rows = conn.execute(
        sa.text(
            f"SELECT e.list_id, e.entry_id, e.entity_id, e.name, e.country, e.kind FROM list_entry e {ACCEPTED} "
            f"WHERE k.id IS NULL AND {OWN} {where} ORDER BY e.list_id, e.entry_id"
        ),
        params,
    ).fetchall()
    entries = {r[2]: EntryInfo(r[0], r[1], r[2], r[3], r[4], r[5] or "unknown") for r in rows}
    for entity_id, name in _by_entities(conn, "SELECT entity_id, name FROM entity_name WHERE entity_id IN :ids ORDER BY id", entries):
        if name not in entries[entity_id].names:
            entries[entity_id].names.append(name)
    for entity_id, scheme, value in _by_entities(conn, "SELECT entity_id, scheme, value FROM identifier WHERE entity_id IN :ids", entries):
        entries[entity_id].identifiers.append((scheme, value))
    for entry in entries.values():
        if entry.name not in entry.names:
            entry.names.insert(0, entry.name)
    return list(entries.values())


def _by_entities(conn: sa.Connection, sql: str, ids: Iterable[str]) -> Iterator[tuple]:  # type: ignore[type-arg]
    items = list(ids)
    for start in range(0, len(items), 5000):
        batch = items[start : start + 5000]
        yield from conn.execute(sa.text(sql).bindparams(sa.bindparam("ids", expanding=True)), {"ids": batch})


def unlinked_counts(conn: sa.Connection) -> dict[str, int]:
    """Unlinked entries per list."""
    rows = conn.execute(
        sa.text(f"SELECT e.list_id, COUNT(*) FROM list_entry e {ACCEPTED} WHERE k.id IS NULL AND {OWN} GROUP BY e.list_id")
    )
    return {list_id: int(n) for list_id, n in rows}


def identifier_matches(conn: sa.Connection, list_id: str | None = None) -> list[Proposal]:
    """Unlinked entries whose own entity shares an identifier (same scheme and value) with another
    entity that is not a list entry's own: decisive evidence, score 100."""
    where, params = _lists_filter(list_id)
    rows = conn.execute(
        sa.text(
            "SELECT DISTINCT e.list_id, e.entry_id, r.entity_id, i.scheme, i.value FROM list_entry e "
            f"{ACCEPTED} JOIN identifier i ON i.entity_id = e.entity_id "
            "JOIN identifier r ON r.scheme = i.scheme AND r.value = i.value AND r.entity_id <> e.entity_id "
            f"WHERE k.id IS NULL AND {OWN} {where} "
            "AND NOT EXISTS (SELECT 1 FROM list_entry o WHERE o.entity_id = r.entity_id "
            "AND o.entity_id = o.list_id || ':' || o.entry_id) "
            "ORDER BY 1, 2, 3"
        ),
        params,
    ).fetchall()
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for lst, entry, entity, scheme, value in rows:
        found[(lst, entry, entity)].append(f"{scheme}:{value}")
    return [Proposal(l, e, t, "identifier", 100.0, "same identifier " + ", ".join(v)) for (l, e, t), v in found.items()]


def registry_names(
    conn: sa.Connection, chunk: int = 50_000, ids: tuple[int, int] | None = None
) -> Iterator[list[tuple[int, str, str]]]:
    """Every entity name (with ``ids``: those whose name id is in ``[low, high)``), in chunks of
    ``(name id, entity_id, name)`` in storage order (no join, no sort: the cheapest full read;
    ``own_entities`` says which to leave out, ``entity_facts`` gives country and kind of the few
    that are kept), read with a server-side cursor."""
    sql = "SELECT n.id, n.entity_id, n.name FROM entity_name n"
    if ids is not None:
        sql += f" WHERE n.id >= {int(ids[0])} AND n.id < {int(ids[1])}"
    if conn.dialect.name == "sqlite":  # the DB-API cursor: a million rows without a Row object each
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
            while part := cursor.fetchmany(chunk):
                yield part
        finally:
            cursor.close()
        return
    result = conn.execution_options(stream_results=True, yield_per=chunk).execute(sa.text(sql))
    for part in result.partitions(chunk):
        yield part  # type: ignore[misc]


def name_id_range(conn: sa.Connection) -> tuple[int, int]:
    """``(lowest, highest + 1)`` entity name id (``(0, 0)`` when there is none)."""
    low, high = conn.execute(sa.text("SELECT MIN(id), MAX(id) FROM entity_name")).one()
    return (0, 0) if low is None else (int(low), int(high) + 1)


def own_entities(conn: sa.Connection) -> set[str]:
    """The entities that are a list entry's own (``<list>:<entry>``): not registry entities."""
    return {r[0] for r in conn.execute(sa.text(
        "SELECT o.entity_id FROM list_entry o WHERE o.entity_id = o.list_id || ':' || o.entry_id"))}


def entity_facts(conn: sa.Connection, entity_ids: Iterable[str], chunk: int = 500) -> dict[str, tuple[str | None, str]]:
    """``entity_id -> (country, kind)`` of the given entities."""
    ids = list(dict.fromkeys(entity_ids))
    query = sa.text("SELECT id, country, kind FROM entity WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True))
    facts: dict[str, tuple[str | None, str]] = {}
    for at in range(0, len(ids), chunk):
        facts.update((i, (c, k)) for i, c, k in conn.execute(query, {"ids": ids[at : at + chunk]}))
    return facts


def known_pairs(conn: sa.Connection) -> set[tuple[str, str, str]]:
    """Every (list, entry, entity) that already has a link row, whatever its status."""
    return {tuple(r) for r in conn.execute(sa.text("SELECT list_id, entry_id, entity_id FROM entity_link"))}  # type: ignore[misc]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def add_proposals(conn: sa.Connection, proposals: Iterable[Proposal]) -> int:
    """Store new proposals (pairs that have no row yet); their number."""
    known = known_pairs(conn)
    now = _now()
    rows = [
        (p.list_id, p.entry_id, p.entity_id, "proposed", p.method, p.score, p.explanation, now)
        for p in proposals if (p.list_id, p.entry_id, p.entity_id) not in known
    ]
    if rows:
        conn.execute(
            sa.text(
                "INSERT INTO entity_link (list_id, entry_id, entity_id, status, method, score, explanation, proposed_at) "
                "VALUES (:l, :e, :t, :s, :m, :sc, :x, :at)"
            ),
            [dict(zip(("l", "e", "t", "s", "m", "sc", "x", "at"), r)) for r in rows],
        )
    return len(rows)


def resolve_entry(conn: sa.Connection, entry_ref: str, list_id: str | None) -> tuple[str, str]:
    """(list_id, entry_id) of ``ENTRY_ID`` (or ``LIST_ID:ENTRY_ID``); an error if unknown or ambiguous."""
    candidates = []
    if list_id:
        candidates = [(list_id, entry_ref)]
    else:
        candidates = [(entry_ref.split(":", 1)[0], entry_ref.split(":", 1)[1])] if ":" in entry_ref else []
        rows = conn.execute(sa.text("SELECT list_id, entry_id FROM list_entry WHERE entry_id = :e"), {"e": entry_ref}).fetchall()
        candidates += [tuple(r) for r in rows]  # type: ignore[misc]
    found = []
    for lst, entry in dict.fromkeys(candidates):
        if conn.execute(sa.text("SELECT 1 FROM list_entry WHERE list_id = :l AND entry_id = :e"), {"l": lst, "e": entry}).first():
            found.append((lst, entry))
    if not found:
        found = _former_entries(conn, entry_ref, list_id)
    if not found:
        raise NotFound(f"no list entry {entry_ref!r}" + (f" in list {list_id!r}" if list_id else ""))
    if len(found) > 1:
        raise UsageError(f"entry {entry_ref!r} is in several lists ({', '.join(l for l, _ in found)}): give --list")
    return found[0]


def _former_entries(conn: sa.Connection, entry_ref: str, list_id: str | None) -> list[tuple[str, str]]:
    """The entries ``entry_ref`` names by a former entry id (``store.former_ids``: the bundled
    lists' old date-like ids keep resolving)."""
    if list_id:
        values = [f"{list_id}:{entry_ref}"]
    elif ":" in entry_ref:
        values = [entry_ref]
    else:
        values = [str(v) for (v,) in conn.execute(
            sa.text("SELECT value FROM identifier WHERE scheme = :s AND value LIKE :tail"),
            {"s": FORMER_SCHEME, "tail": f"%:{entry_ref}"},
        ) if str(v).split(":", 1)[-1] == entry_ref]
    found: list[tuple[str, str]] = []
    for value in dict.fromkeys(values):
        current = resolve_entity_id(conn, value)
        if current == value:
            continue
        for row in conn.execute(sa.text("SELECT list_id, entry_id FROM list_entry WHERE entity_id = :e"), {"e": current}):
            if tuple(row) not in found:
                found.append((str(row[0]), str(row[1])))
    return found


def decide(
    conn: sa.Connection, list_id: str, entry_id: str, entity_id: str, status: str, by: str, reason: str,
    *, batch_id: int, method: str = "manual", score: float = 0.0, explanation: str | None = None,
) -> int:
    """Accept or reject the pair (creating the link row if it was never proposed) as part of link
    batch ``batch_id`` (``start_batch``); its link id."""
    if not conn.execute(sa.text("SELECT 1 FROM entity WHERE id = :id"), {"id": entity_id}).first():
        raise NotFound(f"no entity with id {entity_id!r} in the database")
    own = f"{list_id}:{entry_id}"
    if entity_id == own:
        raise UsageError(f"{entity_id!r} is the entry's own entity: link it to a registry entity")
    if status == "accepted":
        other = conn.execute(
            sa.text("SELECT entity_id FROM entity_link WHERE list_id = :l AND entry_id = :e AND status = 'accepted' AND entity_id <> :t"),
            {"l": list_id, "e": entry_id, "t": entity_id},
        ).first()
        if other:
            raise UsageError(f"entry {list_id}:{entry_id} is already linked to {other[0]}: reject that link first")
    row = conn.execute(
        sa.text("SELECT id, method, score FROM entity_link WHERE list_id = :l AND entry_id = :e AND entity_id = :t"),
        {"l": list_id, "e": entry_id, "t": entity_id},
    ).first()
    now = _now()
    if row is None:
        link_id = int(conn.execute(
            sa.text(
                "INSERT INTO entity_link (list_id, entry_id, entity_id, status, method, score, explanation, proposed_at, "
                "decided_by, decided_at, reason, batch_id) VALUES (:l, :e, :t, :s, :m, :sc, :x, :at, :by, :at, :r, :b) RETURNING id"
            ),
            {"l": list_id, "e": entry_id, "t": entity_id, "s": status, "m": method, "sc": score,
             "x": explanation or "decided without a proposal", "at": now, "by": by, "r": reason, "b": batch_id},
        ).scalar_one())
    else:
        link_id, method, score = int(row[0]), str(row[1]), float(row[2])
        retire_where(conn, "entity_link", "id = :id", {"id": link_id}, batch_id)  # the link as it was
        conn.execute(
            sa.text(
                "UPDATE entity_link SET status = :s, decided_by = :by, decided_at = :at, reason = :r, batch_id = :b "
                "WHERE id = :id"
            ),
            {"s": status, "by": by, "at": now, "r": reason, "b": batch_id, "id": link_id},
        )
    conn.execute(
        sa.text("INSERT INTO link_decision (link_id, status, decided_by, decided_at, reason) VALUES (:id, :s, :by, :at, :r)"),
        {"id": link_id, "s": status, "by": by, "at": now, "r": reason},
    )
    record_event(
        conn, action="link", actor=by,
        detail={"link_id": link_id, "list_id": list_id, "entry_id": entry_id, "entity_id": entity_id,
                "status": status, "method": method, "score": score,
                "reason": reason},
    )
    return link_id


def accept_proposals(
    conn: sa.Connection, proposals: list[Proposal], reasons: list[str], by: str, *, batch_id: int
) -> list[Proposal]:
    """Accept stored proposals (``add_proposals``) in bulk, as ``decide`` does one by one; those
    of an entry that has an accepted link by now (another run) are left proposed. The accepted.
    Part of link batch ``batch_id``: each link's earlier state goes to history, as in ``decide``."""
    taken = {tuple(r) for r in conn.execute(sa.text("SELECT list_id, entry_id FROM entity_link WHERE status = 'accepted'"))}
    now = _now()
    chosen = [(p, r) for p, r in zip(proposals, reasons) if (p.list_id, p.entry_id) not in taken]
    params = [{"l": p.list_id, "e": p.entry_id, "t": p.entity_id, "by": by, "at": now, "r": r} for p, r in chosen]
    if params:
        retire_many(conn, "entity_link", "list_id = :l AND entry_id = :e AND entity_id = :t",
                    [{"l": one["l"], "e": one["e"], "t": one["t"]} for one in params], batch_id)  # the links as they were
        conn.execute(
            sa.text("UPDATE entity_link SET status = 'accepted', decided_by = :by, decided_at = :at, reason = :r, "
                    "batch_id = :b WHERE list_id = :l AND entry_id = :e AND entity_id = :t"),
            [{**one, "b": batch_id} for one in params],
        )
        conn.execute(
            sa.text("INSERT INTO link_decision (link_id, status, decided_by, decided_at, reason) "
                    "SELECT id, 'accepted', :by, :at, :r FROM entity_link WHERE list_id = :l AND entry_id = :e AND entity_id = :t"),
            params,
        )
        ids = {(str(l), str(e), str(t)): int(i) for i, l, e, t in conn.execute(
            sa.text("SELECT id, list_id, entry_id, entity_id FROM entity_link WHERE status = 'accepted'"))}
        record_events(
            conn, action="link", actor=by,
            events=[(None, {"link_id": ids.get((p.list_id, p.entry_id, p.entity_id)), "list_id": p.list_id,
                            "entry_id": p.entry_id, "entity_id": p.entity_id, "status": "accepted", "method": p.method,
                            "score": p.score, "reason": reason}) for p, reason in chosen],
        )
    return [p for p, _ in chosen]


def start_batch(conn: sa.Connection, what: str) -> int:
    """The ``link`` batch of a linking command (it changes which entities are listed parties),
    started before its first decision; ``finish_batch`` closes it."""
    return bulk.start_batch(conn, "link", what, "-", "-")


def finish_batch(conn: sa.Connection, batch_id: int, decided: int, what: str | None = None) -> None:
    """Close a link batch with the number of decisions (and, given, the command's final description)."""
    if what is not None:
        conn.execute(sa.text("UPDATE import_batch SET file_name = :w WHERE id = :b"), {"w": what, "b": batch_id})
    bulk.finish_batch(conn, batch_id, decided, bulk.MergeCounts(updated=decided))


def queue(conn: sa.Connection, list_id: str | None = None) -> list[dict[str, object]]:
    """Proposed links waiting for a decision, best first per entry."""
    where = "AND k.list_id = :list" if list_id else ""
    rows = conn.execute(
        sa.text(
            "SELECT k.list_id, k.entry_id, e.name AS entry_name, e.country AS entry_country, k.entity_id, "
            "t.name AS entity_name, t.country AS entity_country, k.method, k.score, k.explanation, k.proposed_at "
            "FROM entity_link k JOIN list_entry e ON e.list_id = k.list_id AND e.entry_id = k.entry_id "
            f"JOIN entity t ON t.id = k.entity_id WHERE k.status = 'proposed' {where} "
            "ORDER BY k.list_id, k.entry_id, k.score DESC, k.entity_id"
        ),
        {"list": list_id} if list_id else {},
    )
    return [dict(r) for r in rows.mappings()]


def exceptions_of(conn: sa.Connection, entity_ids: list[str]) -> dict[str, list[dict[str, object]]]:
    """Reporting exceptions (no parent / owner reported, and why) of each entity."""
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    for start in range(0, len(entity_ids), 2000):
        batch = entity_ids[start : start + 2000]
        rows = conn.execute(
            sa.text(
                "SELECT entity_id, category, reason, detail, reported_on, source FROM reporting_exception "
                "WHERE entity_id IN :ids ORDER BY entity_id, category"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": batch},
        )
        for r in rows.mappings():
            found[str(r["entity_id"])].append(dict(r))
    return dict(found)
