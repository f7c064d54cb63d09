"""Bulk reads the screener needs: stored affiliation rows, names, identifiers and list entries of entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from partyscreen.store.db import as_date
from partyscreen.store.links import party_sql

BATCH = 5_000
_JOIN, _PARTY = party_sql()
_LINKED = (
    "SELECT k.entity_id, {cols} FROM entity_link k JOIN list_entry e ON e.list_id = k.list_id AND e.entry_id = k.entry_id "
    "JOIN {table} ON n.entity_id = e.entity_id WHERE k.status = 'accepted' AND k.entity_id IN :ids ORDER BY k.entity_id, {order}"
)
"""The names (identifiers) of linked entries' own entities count as the linked entity's."""


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


def names_of(conn: sa.Connection, entity_ids: list[str]) -> dict[str, list[str]]:
    """Every name of each entity (primary first)."""
    names: dict[str, list[str]] = defaultdict(list)
    for batch in _batches(entity_ids):
        rows = conn.execute(
            sa.text(
                "SELECT entity_id, name FROM entity_name WHERE entity_id IN :ids "
                "ORDER BY entity_id, CASE name_type WHEN 'primary' THEN 0 ELSE 1 END, id"
            ).bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": batch},
        )
        for entity_id, name in rows:
            if name not in names[entity_id]:
                names[entity_id].append(name)
        for entity_id, name in conn.execute(sa.text(_LINKED.format(cols="n.name", table="entity_name n", order="n.id")).bindparams(
            sa.bindparam("ids", expanding=True)), {"ids": batch}):
            if name not in names[entity_id]:
                names[entity_id].append(name)
    return dict(names)


def identifiers_of(conn: sa.Connection, entity_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for batch in _batches(entity_ids):
        rows = conn.execute(
            sa.text("SELECT entity_id, scheme, value FROM identifier WHERE entity_id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": batch},
        )
        for entity_id, scheme, value in rows:
            found[entity_id].append((scheme, value))
        for entity_id, scheme, value in conn.execute(sa.text(_LINKED.format(cols="n.scheme, n.value", table="identifier n", order="n.id")).bindparams(
            sa.bindparam("ids", expanding=True)), {"ids": batch}):
            if (scheme, value) not in found[entity_id]:
                found[entity_id].append((scheme, value))
    return dict(found)


def entries_of(conn: sa.Connection, entity_ids: list[str], list_ids: Iterable[str]) -> dict[str, list[dict[str, object]]]:
    """The list entries (of ``list_ids``) designating each entity (directly, or through an accepted link)."""
    lists = sorted(list_ids)
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    if not lists:
        return {}
    for batch in _batches(entity_ids):
        rows = conn.execute(
            sa.text(
                f"SELECT {_PARTY} AS entity_id, e.list_id, e.entry_id, e.name, e.reference, e.url, e.listed_on, e.delisted_on, "
                f"e.country FROM list_entry e {_JOIN} WHERE {_PARTY} IN :ids AND e.list_id IN :lists ORDER BY 1, 2, 3"
            ).bindparams(sa.bindparam("ids", expanding=True), sa.bindparam("lists", expanding=True)),
            {"ids": batch, "lists": lists},
        )
        for r in rows.mappings():
            entry = dict(r)
            entry["listed_on"] = as_date(entry["listed_on"])
            entry["delisted_on"] = as_date(entry["delisted_on"])
            found[str(entry.pop("entity_id"))].append(entry)
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
