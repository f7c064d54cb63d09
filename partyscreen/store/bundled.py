"""The lists shipped with partyscreen (``lists/`` in a checkout, packaged in a wheel)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from partyscreen.errors import PartyscreenError
from partyscreen.store.former_ids import FORMER_IDS_FILE, adopt_former_ids, read_former_ids, rename_former_entries

if TYPE_CHECKING:
    from partyscreen.store.importers import ImportResult

MEASURES_FILE = "measures.csv"
REGIMES_FILE = "regimes.csv"
"""The regime timeline (``partyscreen.regimes``), loaded after the lists and measures."""


def bundled_lists_dir() -> Path:
    return Path(str(importlib.resources.files("partyscreen.bundled_lists")))


def bundled_list_files(directory: Path | None = None) -> list[Path]:
    """The bundled list CSV files, measures last (they refer to the lists' entries); not the regimes."""
    folder = directory or bundled_lists_dir()
    files = sorted(p for p in folder.glob("*.csv") if p.name not in (MEASURES_FILE, REGIMES_FILE, FORMER_IDS_FILE))
    if not files:
        raise PartyscreenError(f"no bundled list files found in {folder}")
    measures = folder / MEASURES_FILE
    return files + ([measures] if measures.exists() else [])


def bundled_list_ids(directory: Path | None = None) -> frozenset[str]:
    """The ids of the bundled lists (each bundled list file is named by its list id)."""
    try:
        files = bundled_list_files(directory)
    except PartyscreenError:
        return frozenset()
    return frozenset(p.stem for p in files if p.name != MEASURES_FILE)


def update_bundled_lists(conn: sa.Connection, directory: Path | None = None) -> list[ImportResult]:
    """Load every bundled list, the measures and the regime timeline in one transaction (idempotent).

    Entries stored under a former id (``former-ids.csv``) are renamed first; holdings of their
    former entity move to the entry's entity, which records the former id (``store.former_ids``).

    The batches written form one group (``import_batch.group_id`` = the first of them), so that
    ``lists diff`` shows everything one update changed.
    """
    from partyscreen.store.importers import import_list, import_measures  # importers (pandas) load only to import
    from partyscreen.store.importers.regimes import import_regimes

    former = read_former_ids((directory or bundled_lists_dir()) / FORMER_IDS_FILE)
    rename_former_entries(conn, former)  # entries stored under a former id are changed, not removed and re-added
    results = []
    for path in bundled_list_files(directory):
        if path.name == MEASURES_FILE:
            results.append(import_measures(conn, path))
        else:
            results.append(import_list(conn, path))
    regimes = (directory or bundled_lists_dir()) / REGIMES_FILE
    if regimes.exists():
        results.append(import_regimes(conn, regimes, bundled=True))
    adopt_former_ids(conn, former, results[0].batch_id if results else None)
    group_batches(conn, [r.batch_id for r in results])
    return results


def group_batches(conn: sa.Connection, batch_ids: list[int]) -> None:
    """Mark batches one command wrote as one group (``import_batch.group_id``: the first batch)."""
    if len(batch_ids) > 1:
        conn.execute(
            sa.text("UPDATE import_batch SET group_id = :first WHERE id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
            {"first": min(batch_ids), "ids": batch_ids},
        )
