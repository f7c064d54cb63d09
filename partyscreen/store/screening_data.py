"""Bulk reads the screener needs: stored affiliation rows, names, identifiers and list entries of entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from partyscreen.store.db import as_date

BATCH = 5_000


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
    return dict(found)


def entries_of(conn: sa.Connection, entity_ids: list[str], list_ids: Iterable[str]) -> dict[str, list[dict[str, object]]]:
    """The list entries (of ``list_ids``) designating each entity."""
    lists = sorted(list_ids)
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    if not lists:
        return {}
    for batch in _batches(entity_ids):
        rows = conn.execute(
            sa.text(
                "SELECT entity_id, list_id, entry_id, name, reference, url, listed_on, delisted_on, country FROM list_entry "
                "WHERE entity_id IN :ids AND list_id IN :lists ORDER BY entity_id, list_id, entry_id"
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
