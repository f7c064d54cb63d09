"""FollowTheMoney ownership data through ``ownership import``: parties become entities (not list
entries) and ``Ownership`` entities become shareholdings.

Rules: as ``partyscreen.store.importers.ftm`` (names, identifiers, country, dates, shares), with
every party an entity ``<prefix>:<ftm id>`` (default prefix ``opensanctions``, the list id the
same file gets as a list, so both imports meet on the same entities). The file's holdings replace
what an earlier ownership import of FtM data with the same prefix gave.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import sqlalchemy as sa

from partyscreen.errors import InputError
from partyscreen.store import bulk
from partyscreen.store.importers import ftm
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.importers.entries import EntryLoader, SourceFile


def import_ftm_ownership(conn: sa.Connection, path: str | Path, *, id_prefix: str = ftm.DEFAULT_LIST_ID) -> ImportResult:
    """Load FtM parties as entities and their Ownership links as holdings, or raise ``InputError``."""
    file_path = Path(path)
    if not file_path.is_file():
        raise InputError.at(str(path), None, None, "file not found")
    data = file_path.read_bytes()
    entities = ftm._parse(data, str(path))
    parties = [e for _, e in entities if e["schema"] in ftm.PARTY_KINDS]
    source = SourceFile(str(path), hashlib.sha256(data).hexdigest(), "utf-8", file_path)
    loader = EntryLoader(conn, source)
    if parties:
        loader.stage_entities(
            ftm._entity_frame(id_prefix, parties), ftm._names(id_prefix, parties), ftm._identifiers(id_prefix, parties),
            f"list:{id_prefix}",
        )
    loader.check()
    batch_id = loader.start("ownership")
    counts = loader.merge(rows=len(entities), full=False)
    warnings: list[str] = []
    counts += ftm._load_holdings(conn, batch_id, id_prefix, entities, {e["id"] for e in parties}, True, warnings)
    bulk.finish_batch(conn, batch_id, len(entities), counts)
    return ImportResult("FtM entity", source.name, batch_id, len(entities), counts, "utf-8", warnings)
