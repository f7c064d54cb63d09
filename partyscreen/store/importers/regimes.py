"""Import regime timeline facts (``lists/regimes.csv``, or a user's file of later facts).

Regimes CSV: ``regime,article,status,start_date,end_date,reading,announcement,reference,announced_on,url,note``.
Rules: ``regime`` (lower-case id such as ``cn-mofcom-61``) and ``status`` (``in_force``,
``suspended``, ``ended``) are required; ``start_date`` is required too (a fact says from when);
``end_date`` is the **last** day the fact holds (inclusive) and may not precede ``start_date``;
an ``ended`` fact has no end; ``reading`` must be one the regime knows (``partyscreen regimes
show`` lists them) or empty. A fact is identified by regime, article, status, start date and
reading: importing it again updates it. A user's file adds to what is known (facts it lacks
stay); the bundled file replaces the bundled facts (``lists update``), except any a user's file
restated. Bad input stops the import with every problem named, and nothing is written.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError, Problem
from partyscreen.regimes import FACT_STATUSES, READINGS
from partyscreen.store import bulk
from partyscreen.store.bulk import MergeCounts
from partyscreen.store.csvfile import check_columns, open_csv, read_chunks
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.models import RegimeFactRecord
from partyscreen.store.validate import ProblemLog, choice, iso_date, require, stripped
from partyscreen.store.versions import retire_where

REGIME_COLUMNS = (
    "regime", "article", "status", "start_date", "end_date", "reading", "announcement", "reference",
    "announced_on", "url", "note",
)
BUNDLED = "bundled"
_REGIME_ID = r"[a-z0-9][a-z0-9._-]*"
_VALUE_FIELDS = REGIME_COLUMNS[1:]


def is_regimes_file(columns: tuple[str, ...]) -> bool:
    return "regime" in columns and "status" in columns


def import_regimes(
    conn: sa.Connection, path: str | Path, *, encoding: str | None = None, bundled: bool = False
) -> ImportResult:
    """Validate and upsert a regimes CSV in the caller's transaction, or raise ``InputError``."""
    import pandas as pd
    source = open_csv(path, encoding)
    warnings = check_columns(source, ("regime", "status", "start_date"), REGIME_COLUMNS)
    log = ProblemLog(source.name)
    frames = [_validate(chunk, log) for chunk in read_chunks(source, REGIME_COLUMNS)]
    log.raise_if_any()
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["row", "id", *REGIME_COLUMNS])
    _reject_repeats(source.name, frame)
    origin = BUNDLED if bundled else Path(source.name).name
    batch_id = bulk.start_batch(conn, "regimes", source.name, source.checksum, source.encoding)
    counts = _upsert(conn, frame, origin, batch_id, bundled)
    bulk.finish_batch(conn, batch_id, len(frame), counts)
    return ImportResult("regime fact", source.name, batch_id, len(frame), counts, source.encoding, warnings)


def _validate(chunk: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    import pandas as pd
    regime = require(chunk, "regime", log).str.lower()
    bad = (regime != "") & ~regime.str.fullmatch(_REGIME_ID)
    log.add_cells(chunk.loc[bad, "_row"], "regime", "must be lower-case letters, digits, '.', '_' or '-' (e.g. cn-mofcom-61)")
    status = choice(chunk, "status", FACT_STATUSES, "", log)
    start = iso_date(chunk, "start_date", log)
    log.add_cells(chunk.loc[start == "", "_row"], "start_date", "is empty but required (the first day the fact holds)")
    end = iso_date(chunk, "end_date", log)
    backwards = (start != "") & (end != "") & (end < start)
    log.add_cells(chunk.loc[backwards, "_row"], "end_date", "is before start_date (end_date is the last day, inclusive)")
    ended_with_end = (status == "ended") & (end != "")
    log.add_cells(chunk.loc[ended_with_end, "_row"], "end_date", "an ended regime has no end date")
    reading = stripped(chunk, "reading").str.lower()
    for index in chunk.index[(reading != "")]:
        known = READINGS.get(regime[index], {})
        if reading[index] not in known:
            choices = ", ".join(sorted(known)) or "none: leave it empty"
            log.add(int(chunk.at[index, "_row"]), "reading", f"{reading[index]!r} is not a reading of {regime[index]} ({choices})")
    article = stripped(chunk, "article").str.replace(r"^(?:art\.?|article)\s*", "", regex=True, flags=re.IGNORECASE)
    frame = pd.DataFrame(
        {
            "row": chunk["_row"],
            "regime": regime,
            "article": article,
            "status": status,
            "start_date": start,
            "end_date": end,
            "reading": reading,
            "announcement": stripped(chunk, "announcement"),
            "reference": stripped(chunk, "reference"),
            "announced_on": iso_date(chunk, "announced_on", log),
            "url": stripped(chunk, "url"),
            "note": stripped(chunk, "note"),
        }
    )
    frame.insert(1, "id", regime + "|" + article + "|" + status + "|" + start + "|" + reading)
    return frame


def _reject_repeats(file: str, frame: pd.DataFrame) -> None:
    first: dict[str, int] = {}
    problems = []
    for row, key in zip(frame["row"], frame["id"]):
        if key in first:
            problems.append(Problem(file, int(row), "start_date", f"repeats the fact of row {first[key]} (same regime, article, status, start and reading)"))
        first.setdefault(key, int(row))
    if problems:
        raise InputError(problems)


def _upsert(conn: sa.Connection, frame: pd.DataFrame, origin: str, batch_id: int, bundled: bool) -> MergeCounts:
    """Insert new facts, update changed ones; the bundled file also deletes bundled facts it lacks."""
    table = RegimeFactRecord.__table__
    existing = {r.id: r for r in conn.execute(sa.select(table))}
    counts = MergeCounts()
    for record in frame.to_dict("records"):
        values = {k: (_as_date(record[k]) if k.endswith("_date") or k == "announced_on" else (record[k] or ("" if k in ("article", "reading") else None))) for k in _VALUE_FIELDS}
        values["regime"] = record["regime"]
        old = existing.get(record["id"])
        if old is None:
            conn.execute(sa.insert(table).values(id=record["id"], source=origin, batch_id=batch_id, **values))
            counts.inserted += 1
        elif bundled and old.source != BUNDLED:
            counts.unchanged += 1  # a user restated this fact: theirs stands
        elif any(getattr(old, k) != v for k, v in values.items()) or old.source != origin:
            retire_where(conn, "regime_fact", "id = :id", {"id": record["id"]}, batch_id)  # the fact as it was
            conn.execute(sa.update(table).where(table.c.id == record["id"]).values(source=origin, batch_id=batch_id, **values))
            counts.updated += 1
        else:
            counts.unchanged += 1
    if bundled:
        stale = [key for key, old in existing.items() if old.source == BUNDLED and key not in set(frame["id"])]
        if stale:
            retire_where(conn, "regime_fact", "id IN :ids", {"ids": stale}, batch_id,
                         binds=(sa.bindparam("ids", expanding=True),))
            conn.execute(sa.delete(table).where(table.c.id.in_(stale)))
    return counts


def _as_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None
