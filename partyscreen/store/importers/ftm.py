"""Import OpenSanctions FollowTheMoney entities (JSON lines, the ``entities.ftm.json`` export).

Each line is an entity ``{"id", "schema", "properties": {name: [values]}, "target", "last_seen", ...}``.

Rules:
- Parties are the schemas Person, Company, Organization, LegalEntity, PublicBody, Vessel and
  Airplane. Parties with ``"target": true`` are the entries of the list (``--list``, default
  ``opensanctions``); when no line of the file has a ``target`` key, every party is an entry.
  Other parties (owners, subsidiaries) become entities only, for the ownership engine. A
  party's entity id is ``<list_id>:<ftm id>``.
- Names: the first ``name`` is primary, further ``name`` and ``alias`` values aliases,
  ``previousName`` former names; ``weakAlias`` is skipped (too short to screen on). The first
  name in Chinese script is also the Chinese name.
- Countries: every two-letter code among jurisdiction, country, mainCountry, nationality,
  citizenship, in that order, each once (an entry keeps them all, an entity the first). Address: the ``address`` values joined with ``; ``.
- Identifiers: leiCode (lei), innCode (inn), ogrnCode (ogrn), imoNumber (imo), swiftBic (bic),
  dunsCode (duns), cageCode (cage), uniqueEntityId (uei); registrationNumber, taxNumber and
  idNumber are ``uscc`` when shaped like a Chinese unified social credit code, else
  ``registration-<cc>``/``tax-<cc>``/``id-<cc>`` with the party's country (so numbers of
  different registers never look like a conflict).
- ``Sanction`` entities give their target's listing: earliest startDate/listingDate is
  listed_on, the programs the reference, the first sourceUrl the URL; ``topics`` are added to
  the reference as ``(topics: …)``.
- ``Ownership`` entities (owner, asset, percentage, startDate, endDate) become shareholdings
  ``<list_id>:<ftm id>``; a percentage that is not a number in [0, 100] leaves the share
  unknown (with a warning); dates are inclusive and a partial date covers its whole period
  (start ``2019`` is 2019-01-01; end ``2019`` is end_date 2020-01-01, end ``2025-06-30`` is
  2025-07-01, as holdings are in force while D < end_date); an ownership naming a party that is neither in the file nor
  in the database is skipped with a warning. A full import replaces the list's holdings.
- Bad JSON, or a line without id or schema, is an error naming the line.
- as_of: the given date, else the newest ``last_seen`` (not after today), else the file's date.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from partyscreen.errors import InputError
from partyscreen.shares import parse_percent
from partyscreen.store import bulk, versions
from partyscreen.store.bulk import MergeCounts
from partyscreen.store.importers import totals
from partyscreen.store.importers.common import ImportResult
from partyscreen.store.importers.entries import EntryLoader, SourceFile, typed_name_rows
from partyscreen.store.importers.holdings import HOLDING_STAGE, VALUE_COLUMNS
from partyscreen.store.validate import ProblemLog, join_countries

DEFAULT_LIST_ID = "opensanctions"
PARTY_KINDS = {
    "Person": "person",
    "Company": "organization",
    "Organization": "organization",
    "LegalEntity": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "unknown",
}
NAME_TYPES = (("name", "alias"), ("alias", "alias"), ("previousName", "former"))
COUNTRY_PROPS = ("jurisdiction", "country", "mainCountry", "nationality", "citizenship")
ID_PROPS = {
    "leiCode": "lei",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "imoNumber": "imo",
    "swiftBic": "bic",
    "dunsCode": "duns",
    "cageCode": "cage",
    "uniqueEntityId": "uei",
}
NATIONAL_ID_PROPS = {"registrationNumber": "registration", "taxNumber": "tax", "idNumber": "id"}
USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def is_ftm_file(path: Path) -> bool:
    """True when the first non-blank line is a JSON object with ``id`` and ``schema``."""
    with path.open("rb") as fh:
        for raw in fh:
            if raw.strip():
                try:
                    first = json.loads(raw)
                except ValueError:
                    return False
                return isinstance(first, dict) and "id" in first and "schema" in first
    return False


def import_ftm(
    conn: sa.Connection,
    path: str | Path,
    *,
    list_id: str = DEFAULT_LIST_ID,
    as_of: date | None = None,
    full: bool = True,
) -> ImportResult:
    """Load an FtM JSON lines file (see module rules), or raise ``InputError`` having written nothing."""
    file_path = Path(path)
    if not file_path.is_file():
        raise InputError.at(str(path), None, None, "file not found")
    data = file_path.read_bytes()
    entities = _parse(data, str(path))
    warnings: list[str] = []
    parties = {e["id"]: e for _, e in entities if e["schema"] in PARTY_KINDS}
    has_target = any("target" in e for _, e in entities)
    targets = {i for i, e in parties.items() if e.get("target") or not has_target}
    sanctions = _sanctions_by_entity(entities)
    source = SourceFile(str(path), hashlib.sha256(data).hexdigest(), "utf-8", file_path)
    loader = EntryLoader(conn, source)
    rows = {e["id"]: line for line, e in entities}
    entry_frame = _entry_frame(list_id, [parties[i] for i in sorted(targets)], rows, sanctions)
    loader.stage(entry_frame, _names(list_id, [parties[i] for i in targets]), _identifiers(list_id, [parties[i] for i in targets]))
    others = [parties[i] for i in sorted(set(parties) - targets)]
    if others:
        loader.stage_entities(_entity_frame(list_id, others), _names(list_id, others), _identifiers(list_id, others), f"list:{list_id}")
    loader.check()
    batch_id = loader.start("list")
    newest = _newest_seen([parties[i] for i in targets])
    counts = loader.merge(rows=len(entities), full=full, as_of=as_of, source_dates={list_id: newest})
    counts += _load_holdings(conn, batch_id, list_id, entities, set(parties), full, warnings)
    bulk.finish_batch(conn, batch_id, len(entities), counts)
    return ImportResult("FtM entity", source.name, batch_id, len(entities), counts, "utf-8", warnings)


def _parse(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(line, entity) for every non-blank line; bad lines are errors naming the line."""
    log = ProblemLog(name)
    entities = []
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            entity = json.loads(raw)
        except ValueError as exc:
            log.add(number, None, f"not valid JSON: {exc}")
            continue
        if not isinstance(entity, dict) or not entity.get("id") or not entity.get("schema"):
            log.add(number, "id" if isinstance(entity, dict) and not entity.get("id") else "schema", "an FtM entity needs an id and a schema")
            continue
        if not isinstance(entity["id"], str) or not isinstance(entity["schema"], str):
            log.add(number, "id" if not isinstance(entity["id"], str) else "schema", "expected a string")
            continue
        properties = entity.get("properties")
        if properties is None:
            properties = {}
        if not isinstance(properties, dict):
            log.add(number, "properties", f"expected an object of property lists, not a JSON {type(properties).__name__}")
            continue
        bad = next((k for k, v in properties.items() if not isinstance(v, (list, str))), None)
        if bad is not None:
            log.add(number, f"properties.{bad}", "expected a list of values")
            continue
        entity["properties"] = {k: [v] if isinstance(v, str) else v for k, v in properties.items()}
        if not isinstance(entity.get("caption"), (str, type(None))):
            entity["caption"] = None  # a caption that is not text is no name
        entities.append((number, entity))
    log.raise_if_any()
    return entities


def _values(entity: dict[str, Any], prop: str) -> list[str]:
    return [str(v).strip() for v in entity["properties"].get(prop, []) if str(v).strip()]


def _countries(entity: dict[str, Any]) -> str:
    """Every two-letter country code of the entity (see module rules), joined with ``;``."""
    return join_countries(v.upper() for prop in COUNTRY_PROPS for v in _values(entity, prop) if re.fullmatch(r"[A-Za-z]{2}", v))


def _country(entity: dict[str, Any]) -> str:
    """The entity's first country code, or ''."""
    return _countries(entity)[:2]


def _sanctions_by_entity(entities: list[tuple[int, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, e in entities:
        if e["schema"] == "Sanction":
            for target in _values(e, "entity"):
                found[target].append(e)
    return found


def _entry_frame(
    list_id: str, parties: list[dict[str, Any]], rows: dict[str, int], sanctions: dict[str, list[dict[str, Any]]]
) -> pd.DataFrame:
    records = []
    for e in parties:
        names = _values(e, "name") or [e.get("caption") or e["id"]]
        listing = sanctions.get(e["id"], [])
        starts = sorted(_start(v) for s in listing for p in ("startDate", "listingDate") for v in _values(s, p) if _start(v))
        programs = sorted({v for s in listing for v in _values(s, "program")})
        urls = [v for s in listing for v in _values(s, "sourceUrl")] + _values(e, "sourceUrl")
        topics = _values(e, "topics")
        reference = "; ".join(programs) + (f" (topics: {', '.join(topics)})" if topics else "")
        aliases = names[1:] + _values(e, "alias") + _values(e, "previousName")
        records.append(
            {
                "row": rows[e["id"]], "list_id": list_id, "entry_id": e["id"], "entity_id": f"{list_id}:{e['id']}",
                "linked": False, "name": names[0], "aliases": "; ".join(aliases),
                "name_zh": next((n for n in names + aliases if _CJK.search(n)), ""),
                "kind": PARTY_KINDS[e["schema"]], "country": _countries(e), "address": "; ".join(_values(e, "address")),
                "listed_on": starts[0].isoformat() if starts else "", "delisted_on": "",
                "reference": reference.strip(), "url": urls[0] if urls else "",
            }
        )
    columns = ["row", "list_id", "entry_id", "entity_id", "linked", "name", "aliases", "name_zh", "kind", "country",
               "address", "listed_on", "delisted_on", "reference", "url"]
    return pd.DataFrame(records, columns=columns)


def _entity_frame(list_id: str, parties: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"{list_id}:{e['id']}" for e in parties],
            "name": [(_values(e, "name") or [e.get("caption") or e["id"]])[0] for e in parties],
            "kind": [PARTY_KINDS[e["schema"]] for e in parties],
            "country": [_country(e) for e in parties],
            "address": ["; ".join(_values(e, "address")) for e in parties],
        }
    )


def _names(list_id: str, parties: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    rows = []
    for e in parties:
        entity_id = f"{list_id}:{e['id']}"
        names = _values(e, "name") or [e.get("caption") or e["id"]]
        rows.append((entity_id, names[0], "primary"))
        for prop, name_type in NAME_TYPES:
            rows.extend((entity_id, n, name_type) for n in _values(e, prop))
    frame = pd.DataFrame(rows, columns=["entity_id", "name", "name_type"]).assign(source=f"list:{list_id}")
    return typed_name_rows(frame)


def _identifiers(list_id: str, parties: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    rows: set[tuple[object, ...]] = set()
    source = f"list:{list_id}"
    for e in parties:
        entity_id, country = f"{list_id}:{e['id']}", _country(e).lower()
        for prop, scheme in ID_PROPS.items():
            rows.update((entity_id, scheme, v, source) for v in _values(e, prop))
        for prop, scheme in NATIONAL_ID_PROPS.items():
            for value in _values(e, prop):
                if USCC.fullmatch(value.upper()):
                    rows.add((entity_id, "uscc", value.upper(), source))
                else:
                    rows.add((entity_id, f"{scheme}-{country}" if country else scheme, value, source))
    return sorted(rows)  # type: ignore[arg-type]


def _start(text: str) -> date | None:
    """The first day of a full or partial ISO date (``2019``, ``2019-05``, ``2019-05-03``)."""
    found = _PARTIAL_DATE.match(text)
    if not found:
        return None
    year, month, day = found.group(1), found.group(2) or "01", found.group(3) or "01"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _end(text: str) -> date | None:
    """The first day after a full or partial ISO date's period."""
    first = _start(text)
    found = _PARTIAL_DATE.match(text)
    if first is None or found is None:
        return None
    if found.group(3):
        return date.fromordinal(first.toordinal() + 1)
    if found.group(2):
        return date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return date(first.year + 1, 1, 1)


def _newest_seen(parties: list[dict[str, Any]]) -> date | None:
    today = date.today()
    seen = [d for e in parties for key in ("last_seen", "last_change") if (d := _start(str(e.get(key) or ""))) and d <= today]
    return max(seen) if seen else None


def _load_holdings(
    conn: sa.Connection,
    batch_id: int,
    list_id: str,
    entities: list[tuple[int, dict[str, Any]]],
    parties: set[str],
    full: bool,
    warnings: list[str],
) -> MergeCounts:
    """Upsert the file's Ownership entities as shareholdings (see module rules)."""
    source = f"ftm:{list_id}"
    known = {r[0] for r in conn.execute(sa.text("SELECT id FROM entity WHERE id LIKE :p"), {"p": f"{list_id}:%"})}
    staged, skipped, unknown_share = [], [], []
    for line, e in entities:
        if e["schema"] != "Ownership":
            continue
        owner, asset = (_values(e, "owner") or [""])[0], (_values(e, "asset") or [""])[0]
        owner_id, owned_id = f"{list_id}:{owner}", f"{list_id}:{asset}"
        if not owner or not asset or owner_id not in known or owned_id not in known or owner == asset:
            skipped.append(e["id"])
            continue
        share = _share(_values(e, "percentage"))
        if share is None and _values(e, "percentage"):
            unknown_share.append(f"line {line}: {_values(e, 'percentage')[0]!r}")
        start = next((d for v in _values(e, "startDate") if (d := _start(v))), None)
        end = next((d for v in _values(e, "endDate") if (d := _end(v))), None)
        staged.append((line, f"{list_id}:{e['id']}", owner_id, owned_id, "shareholding", share, share, False, False,
                       start, end if end is None or start is None or end > start else None, source))
    if skipped:
        warnings.append(f"{len(skipped)} ownership(s) name a party that is not in the file, skipped (e.g. {', '.join(skipped[:3])})")
    if unknown_share:
        warnings.append(f"{len(unknown_share)} ownership percentage(s) are not a number in [0, 100], share left unknown ({'; '.join(unknown_share[:3])})")
    bulk.create_stage(conn, HOLDING_STAGE)
    bulk.load_stage(conn, HOLDING_STAGE, staged)
    counts = bulk.upsert_from_stage(conn, "holding", HOLDING_STAGE, ["id"], VALUE_COLUMNS, batch_id)
    if full:
        gone = f"source = :src AND NOT EXISTS (SELECT 1 FROM {HOLDING_STAGE.name} s WHERE s.id = holding.id)"
        versions.retire_where(conn, "holding", gone, {"src": source}, batch_id)
        conn.execute(sa.text(f"DELETE FROM holding WHERE {gone}"), {"src": source})
    warnings += totals.over_hundred(conn, HOLDING_STAGE.name)
    bulk.drop_stage(conn, HOLDING_STAGE)
    return counts


def _share(values: list[str]) -> int | None:
    for value in values:
        try:
            return parse_percent(value)
        except ValueError:
            return None
    return None
