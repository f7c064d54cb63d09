"""Bulk reads the screener needs: stored affiliation rows, names, identifiers and list entries of entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partyscreen.store.db import as_date
from partyscreen.store.links import party_map

if TYPE_CHECKING:
    from partyscreen.ownership.parties import PartyMap

BATCH = 5_000


def _with_members(ids: list[str], parties: "PartyMap") -> list[tuple[str, str]]:
    """``(entity, id it counts for)``: each of ``ids`` itself, then, for a party's representative,
    the party's other members (``partyscreen.ownership.parties``)."""
    found = [(entity_id, entity_id) for entity_id in ids]
    for entity_id in ids:
        if parties.of(entity_id) == entity_id:
            found.extend((member, entity_id) for member in parties.group(entity_id)[1:])
    return found


def _batches(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def affiliation_rows(conn: sa.Connection, run_id: int) -> list[dict[str, object]]:
    """The stored rows of one affiliation run."""
    result = conn.execute(
        sa.text(
            "SELECT entity_id, status, share_min, share_max, lookthrough, depth, roots, path, reasons "
            "FROM affiliation WHERE run_id = :run"
        ),
        {"run": run_id},
    )
    return [dict(r) for r in result.mappings()]


def entity_details(conn: sa.Connection, entity_ids: list[str]) -> dict[str, dict[str, object]]:
    """Name, kind and country of each entity."""
    found: dict[str, dict[str, object]] = {}
    for batch in _batches(entity_ids):
        rows = conn.execute(
            sa.text("SELECT id, name, kind, country FROM entity WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": batch},
        )
        for entity_id, name, kind, country in rows:
            found[entity_id] = {"name": name, "kind": kind, "country": country}
    return found


def entity_names(conn: sa.Connection, entity_ids: list[str]) -> dict[str, str]:
    """Primary name of each entity."""
    return {entity_id: str(d["name"]) for entity_id, d in entity_details(conn, entity_ids).items()}


def names_of(conn: sa.Connection, entity_ids: list[str], parties: "PartyMap | None" = None) -> dict[str, list[str]]:
    """Every name of each entity (primary first); a party's representative has its other members'
    names too, after its own (``parties``, read from ``conn`` when not given)."""
    parties = party_map(conn) if parties is None else parties
    names: dict[str, list[str]] = defaultdict(list)
    for batch in _batches(entity_ids):
        counts_for = _with_members(batch, parties)
        found: dict[str, list[str]] = defaultdict(list)
        rows = conn.execute(
            sa.text(
                "SELECT entity_id, name FROM entity_name WHERE entity_id IN :ids "
                "ORDER BY entity_id, CASE name_type WHEN 'primary' THEN 0 ELSE 1 END, id"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": sorted({e for e, _ in counts_for})},
        )
        for entity_id, name in rows:
            found[entity_id].append(name)
        for entity_id, owner in counts_for:
            for name in found.get(entity_id, ()):
                if name not in names[owner]:
                    names[owner].append(name)
    return dict(names)


def identifiers_of(conn: sa.Connection, entity_ids: list[str], parties: "PartyMap | None" = None) -> dict[str, list[tuple[str, str]]]:
    """The identifiers of each entity; a party's representative has its other members' too."""
    parties = party_map(conn) if parties is None else parties
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for batch in _batches(entity_ids):
        counts_for = _with_members(batch, parties)
        rows = conn.execute(
            sa.text("SELECT entity_id, scheme, value FROM identifier WHERE entity_id IN :ids ORDER BY entity_id, id").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": sorted({e for e, _ in counts_for})},
        )
        by_entity: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for entity_id, scheme, value in rows:
            by_entity[entity_id].append((scheme, value))
        for entity_id, owner in counts_for:
            for pair in by_entity.get(entity_id, ()):
                if pair not in found[owner]:
                    found[owner].append(pair)
    return dict(found)


def entries_of(
    conn: sa.Connection, entity_ids: list[str], list_ids: Iterable[str], parties: "PartyMap | None" = None
) -> dict[str, list[dict[str, object]]]:
    """The list entries (of ``list_ids``) designating each entity: the entries whose own entity is
    in the entity's party, when the entity is the party's representative (``parties``)."""
    lists = sorted(list_ids)
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    if not lists:
        return {}
    parties = party_map(conn) if parties is None else parties
    for batch in _batches(entity_ids):
        counts_for: dict[str, str] = {}
        for member, rep in _with_members(batch, parties):
            if parties.of(member) == rep:
                counts_for[member] = rep
        rows = conn.execute(
            sa.text(
                "SELECT e.entity_id, e.list_id, e.entry_id, e.name, e.reference, e.url, e.listed_on, e.delisted_on, "
                "e.country FROM list_entry e WHERE e.entity_id IN :ids AND e.list_id IN :lists ORDER BY 2, 3"
            ).bindparams(sa.bindparam("ids", expanding=True), sa.bindparam("lists", expanding=True)),
            {"ids": sorted(counts_for), "lists": lists},
        )
        for r in rows.mappings():
            entry = dict(r)
            entry["listed_on"] = as_date(entry["listed_on"])
            entry["delisted_on"] = as_date(entry["delisted_on"])
            found[counts_for[str(entry.pop("entity_id"))]].append(entry)
    return dict(found)


def listed_entity_ids(conn: sa.Connection, list_ids: Iterable[str]) -> list[str]:
    """Every entity with an entry on one of ``list_ids``, whatever the entry's dates (sorted)."""
    lists = sorted(list_ids)
    if not lists:
        return []
    rows = conn.execute(
        sa.text("SELECT DISTINCT entity_id FROM list_entry WHERE list_id IN :lists").bindparams(
            sa.bindparam("lists", expanding=True)
        ),
        {"lists": lists},
    )
    return sorted(str(r[0]) for r in rows)


def list_name_corpus(conn: sa.Connection, list_ids: Iterable[str]) -> list[tuple[str, str | None]]:
    """``(name, kind)`` of every name of every entity ever entered on ``list_ids`` (each entity's
    names once, primary first; the primary name when it has no recorded names)."""
    ids = listed_entity_ids(conn, list_ids)
    details = entity_details(conn, ids)
    names = names_of(conn, ids)
    corpus: list[tuple[str, str | None]] = []
    for entity_id in ids:
        detail = details.get(entity_id, {})
        kind = detail.get("kind")
        for name in names.get(entity_id) or [str(detail.get("name") or entity_id)]:
            corpus.append((name, kind))  # type: ignore[arg-type]
    return corpus
