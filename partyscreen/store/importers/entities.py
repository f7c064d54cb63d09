"""Import ``entities.csv``: ``id,name,kind,country,aliases,identifiers,address``.

Rules: ``id`` and ``name`` are required and ``id`` is unique in the file; ``kind`` is one of
organization, person, branch, vessel, unknown (empty: unknown); ``country`` is ISO 3166-1
alpha-2; ``aliases`` are ``;``-separated; ``identifiers`` are ``scheme:value;...``. Rows are
upserted by id; an entity's names and identifiers become exactly those of the file (names and
identifiers that lists gave it are kept). An ``id`` that is a former entity id of a bundled list
entry (``cn-mofcom-export-control:2025-01-07``, see ``partyscreen.store.former_ids``) is the
entry's current entity: the row updates that entity, it does not create a second one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError, Problem
from partyscreen.store import bulk
from partyscreen.store.bulk import Stage
from partyscreen.store.csvfile import check_columns, open_csv, read_chunks
from partyscreen.store.former_ids import former_id_map
from partyscreen.store.importers.common import (
    IDENTIFIER_STAGE,
    NAME_STAGE,
    ImportResult,
    create_child_stages,
    identifier_rows,
    name_rows,
    owner_rows,
    sync_names_and_identifiers,
)
from partyscreen.store.models import ENTITY_KINDS
from partyscreen.store.validate import ProblemLog, choice, country, name_length, nullable, require, stripped

REQUIRED = ("id", "name")
OPTIONAL = ("kind", "country", "aliases", "identifiers", "address")
SOURCE = "entities"

ENTITY_STAGE = Stage(
    "stage_entity",
    (("row", "INTEGER"), ("id", "TEXT"), ("name", "TEXT"), ("kind", "TEXT"), ("country", "TEXT"), ("address", "TEXT")),
)


def import_entities(conn: sa.Connection, path: str | Path, *, encoding: str | None = None) -> ImportResult:
    """Validate and upsert every row of an entities file, or raise ``InputError`` having written nothing.

    Call inside a transaction (``partyscreen.store.db.transaction``) so a failure rolls back.
    """
    source = open_csv(path, encoding)
    warnings = check_columns(source, REQUIRED, OPTIONAL)
    log = ProblemLog(source.name)
    bulk.create_stage(conn, ENTITY_STAGE)
    create_child_stages(conn)
    former = former_id_map(conn)
    rows = 0
    for chunk in read_chunks(source, REQUIRED + OPTIONAL):
        rows += len(chunk)
        ids = require(chunk, "id", log)
        if former:
            ids = ids.map(lambda v: former.get(v, v))
        names = require(chunk, "name", log)
        name_length(chunk, "name", log)
        name_length(chunk, "aliases", log, sep=";")
        kinds = choice(chunk, "kind", ENTITY_KINDS, "unknown", log)
        countries = country(chunk, "country", log)
        identifiers = identifier_rows(chunk, ids, SOURCE, "identifiers", log)
        if log:
            continue  # keep validating to report every problem, but stage nothing more
        address = stripped(chunk, "address")
        bulk.load_stage(
            conn,
            ENTITY_STAGE,
            zip(
                chunk["_row"].tolist(),
                ids.tolist(),
                names.tolist(),
                kinds.tolist(),
                nullable(countries).tolist(),
                nullable(address).tolist(),
            ),
        )
        sources = pd.Series(SOURCE, index=ids.index)
        bulk.load_stage(conn, NAME_STAGE, name_rows(ids, sources, names, stripped(chunk, "aliases")))
        bulk.load_stage(conn, IDENTIFIER_STAGE, identifiers)
        bulk.load_stage(conn, bulk.OWNER_STAGE, owner_rows(ids, sources))
    log.raise_if_any()
    _check_unique_ids(conn, source.name, former)
    batch_id = bulk.start_batch(conn, "entities", source.name, source.checksum, source.encoding)
    counts = bulk.upsert_from_stage(
        conn, "entity", ENTITY_STAGE, ["id"], ["name", "kind", "country", "address"], batch_id
    )
    sync_names_and_identifiers(conn, batch_id)
    bulk.finish_batch(conn, batch_id, rows, counts)
    bulk.drop_stage(conn, ENTITY_STAGE)
    return ImportResult("entity", source.name, batch_id, rows, counts, source.encoding, warnings)


def _check_unique_ids(conn: sa.Connection, file: str, former: dict[str, str]) -> None:
    dupes = bulk.duplicate_keys(conn, ENTITY_STAGE, ["id"])
    if dupes:
        raise InputError([Problem(file, second, "id", _repeated(key, first, former)) for first, second, key in dupes])


def _repeated(key: str, first: int, former: dict[str, str]) -> str:
    """Why row ``first``'s id repeats: the same id, or an id and a former id of one entity."""
    olds = sorted(old for old, new in former.items() if new == key)
    if not olds:
        return f"{key!r} repeats the id of row {first}"
    return f"{key!r} repeats the id of row {first} ({' and '.join(map(repr, olds))} is a former id of {key!r})"
