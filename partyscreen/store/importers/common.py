"""What every importer shares: the result record (``result``) and the names/identifiers columns."""

from __future__ import annotations

import re
import pandas as pd

import sqlalchemy as sa

from partyscreen.store import bulk
from partyscreen.store.bulk import Stage
from partyscreen.store.importers.result import ImportResult
from partyscreen.store.validate import ProblemLog, stripped


NAME_STAGE = Stage(
    "stage_name",
    (
        ("entity_id", "TEXT"),
        ("name", "TEXT"),
        ("normalized", "TEXT"),
        ("name_type", "TEXT"),
        ("lang", "TEXT"),
        ("source", "TEXT"),
    ),
)
IDENTIFIER_STAGE = Stage(
    "stage_identifier", (("entity_id", "TEXT"), ("scheme", "TEXT"), ("value", "TEXT"), ("source", "TEXT"))
)
CHILD_STAGES = (NAME_STAGE, IDENTIFIER_STAGE, bulk.OWNER_STAGE)


def create_child_stages(conn: sa.Connection) -> None:
    for stage in CHILD_STAGES:
        bulk.create_stage(conn, stage)


def sync_names_and_identifiers(conn: sa.Connection, batch_id: int) -> None:
    """Replace the names and identifiers of every staged (entity, source) pair with the staged ones."""
    bulk.index_stage(conn, NAME_STAGE, "entity_id")
    bulk.index_stage(conn, IDENTIFIER_STAGE, "entity_id")
    bulk.index_stage(conn, bulk.OWNER_STAGE, "entity_id", "source")  # probed once per existing name
    bulk.sync_children(conn, "entity_name", NAME_STAGE, ["entity_id", "name", "name_type"], batch_id)
    bulk.sync_children(conn, "identifier", IDENTIFIER_STAGE, ["entity_id", "scheme", "value"], batch_id)
    for stage in CHILD_STAGES:
        bulk.drop_stage(conn, stage)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACES = r"\s+"


def normal_form(names: pd.Series) -> pd.Series:
    """The stored comparison form: NFKC, case-folded, single-spaced."""
    return (
        names.str.normalize("NFKC").str.casefold().str.replace(_SPACES, " ", regex=True).str.strip()
    )


def split_list(frame: pd.DataFrame, column: str, sep: str = ";") -> pd.DataFrame:
    """Explode ``a;b;c`` cells of ``column`` into one row each (other columns repeated), trimmed,
    empty items and repeated rows dropped."""
    frame = frame[frame[column] != ""]
    if frame.empty:
        return frame
    frame = frame.assign(**{column: frame[column].str.split(sep)}).explode(column)
    frame[column] = frame[column].str.strip()
    return frame[frame[column] != ""].drop_duplicates()


def name_rows(
    ids: pd.Series, sources: pd.Series, primary: pd.Series, aliases: pd.Series, local: pd.Series | None = None
) -> list[tuple[object, ...]]:
    """Rows for ``NAME_STAGE``: the primary name, each alias, and a local-script name."""
    base = pd.DataFrame({"id": ids.values, "source": sources.values})
    parts = [base.assign(item=primary.values, name_type="primary")]
    parts.append(split_list(base.assign(item=aliases.values), "item").assign(name_type="alias"))
    if local is not None:
        loc = base.assign(item=local.values)
        parts.append(loc[loc["item"] != ""].assign(name_type="local"))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["item"] != ""].drop_duplicates(subset=["id", "source", "item"], keep="first")
    has_cjk = frame["item"].str.contains(_CJK.pattern, regex=True).tolist()
    return list(
        zip(
            frame["id"].tolist(),
            frame["item"].tolist(),
            normal_form(frame["item"]).tolist(),
            frame["name_type"].tolist(),
            ["zh" if cjk else None for cjk in has_cjk],
            frame["source"].tolist(),
        )
    )


def owner_rows(ids: pd.Series, sources: pd.Series) -> list[tuple[object, ...]]:
    """Rows for ``OWNER_STAGE``: the (entity, source) pairs this chunk speaks for."""
    return list(dict.fromkeys(zip(ids.tolist(), sources.tolist())))


def identifier_rows(
    chunk: pd.DataFrame, ids: pd.Series, source: str, column: str, log: ProblemLog
) -> list[tuple[object, ...]]:
    """Rows for ``IDENTIFIER_STAGE`` from ``scheme:value;...`` cells."""
    cells = pd.DataFrame({"row": chunk["_row"].values, "id": ids.values, "item": stripped(chunk, column).values})
    exploded = split_list(cells, "item")
    if exploded.empty:
        return []
    pair = exploded["item"].str.split(":", n=1, expand=True)
    scheme = pair[0].str.strip().str.lower()
    value = (pair[1].str.strip() if 1 in pair else pd.Series("", index=pair.index)).fillna("")
    bad = (scheme == "") | (value == "")
    log.add_cells(
        exploded.loc[bad, "row"],
        column,
        exploded.loc[bad, "item"].map(lambda v: f"{v!r} is not scheme:value (e.g. lei:5493001KJTIIGC8Y1R12)"),
    )
    good = ~bad
    frame = pd.DataFrame({"id": exploded.loc[good, "id"], "scheme": scheme[good], "value": value[good]})
    frame = frame.drop_duplicates()
    return [(*row, source) for row in zip(frame["id"].tolist(), frame["scheme"].tolist(), frame["value"].tolist())]
