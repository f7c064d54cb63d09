"""Import GLEIF data: Level 1 LEI records, Level 2 relationship records (RR) and reporting
exceptions (repex), in GLEIF's JSON shape or its golden-copy CSV shape.

Rules:
- A record's shape decides what it is (one file may mix them): ``LEI`` + ``Entity`` is an LEI
  record, ``Relationship`` (CSV ``Relationship.StartNode.NodeID``) a relationship record, ``LEI``
  + ``ExceptionCategory`` (CSV ``Exception.Category``) a reporting exception.
- LEI record → entity ``lei:<LEI>``: legal name (primary), other names (``PREVIOUS_LEGAL_NAME``
  → former, others alias) and transliterated names (alias), legal address country and address,
  identifier ``lei``; its ``EntityStatus``/``RegistrationStatus`` are kept as the source record's
  status.
- Relationship records: the child is ``StartNode``, the parent ``EndNode``.
  ``IS_DIRECTLY_CONSOLIDATED_BY`` is a holding parent → child: a shareholding of the
  ``ACCOUNTING_CONSOLIDATION`` quantifier's percentage when one is given, else a ``control``
  relation — accounting consolidation means the parent controls the child (IFRS 10, ASC 810),
  which is usually but not always a majority of the votes; so policies that count control catch
  the child, and ownership-only policies report it as a ``possible_affiliate`` (reason
  ``control``), never as certain. ``IS_ULTIMATELY_CONSOLIDATED_BY`` is derived from the chain of
  direct ones and is not imported (it would count the stake twice).
  ``IS_INTERNATIONAL_BRANCH_OF`` is a ``branch`` of the head office. Fund relationships
  (``IS_FUND-MANAGED_BY``, ``IS_SUBFUND_OF``, ``IS_FEEDER_TO``) are not ownership: counted, not
  imported.
- Dates: the ``RELATIONSHIP_PERIOD`` start and end (accounting periods are not the
  relationship's). ``RelationshipStatus: INACTIVE`` ends the relationship: on its period's end
  date, else on the record's ``LastUpdateDate``. An ``ANNULLED`` registration states nothing
  (its earlier holdings are removed).
- A parent or child whose LEI record is not in the database becomes a placeholder entity named
  by its LEI (a later Level 1 import fills it in).
- Reporting exceptions (``DIRECT_ACCOUNTING_CONSOLIDATION_PARENT`` / ``ULTIMATE_…`` with reasons
  such as ``NATURAL_PERSONS``, ``NON_CONSOLIDATING``, ``NON_PUBLIC``, ``NO_KNOWN_PERSON``) are
  stored per LEI and category; ``explain`` says "parent not reported: <reason>".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from partyscreen.store.importers.records import Record
from partyscreen.store.importers.registry import HoldingRow, RegistryLoader
from partyscreen.store.importers.shared import LEI, BadValue, country_code, parse_date, percent

SOURCE = "gleif"
DIRECT = "IS_DIRECTLY_CONSOLIDATED_BY"
ULTIMATE = "IS_ULTIMATELY_CONSOLIDATED_BY"
BRANCH = "IS_INTERNATIONAL_BRANCH_OF"
_CSV_PERIOD = re.compile(r"Relationship\.Period\.(\d+)\.(startDate|endDate|periodType)")
_CSV_QUANT = re.compile(r"Relationship\.Quantifiers?\.(\d+)\.(MeasurementMethod|QuantifierAmount|QuantifierUnits)")
_CSV_OTHER = re.compile(r"Entity\.(OtherEntityNames\.OtherEntityName|TransliteratedOtherEntityNames\.TransliteratedOtherEntityName)\.(\d+)(\.type)?")


def is_gleif(first: dict[str, Any]) -> bool:
    """True for a GLEIF LEI record, relationship record or reporting exception (JSON or CSV shape)."""
    keys = set(first)
    return bool(
        ("LEI" in keys and ("Entity" in keys or "Entity.LegalName" in keys or "ExceptionCategory" in keys
                            or "Exception.Category" in keys))
        or "Relationship" in keys
        or "Relationship.StartNode.NodeID" in keys
    )


def _text(value: Any) -> str:
    """A GLEIF text value: a string, or ``{"$": ...}`` / ``{"name": ...}`` in some JSON shapes."""
    if isinstance(value, dict):
        value = value.get("$", value.get("name", ""))
    return str(value or "").strip()


def from_csv(row: dict[str, str]) -> dict[str, Any]:
    """A golden-copy CSV row in the JSON shape."""
    if "Relationship.StartNode.NodeID" in row:
        periods: dict[int, dict[str, str]] = {}
        quants: dict[int, dict[str, str]] = {}
        for key, value in row.items():
            if (m := _CSV_PERIOD.fullmatch(key)) and value:
                name = {"startDate": "StartDate", "endDate": "EndDate", "periodType": "PeriodType"}[m.group(2)]
                periods.setdefault(int(m.group(1)), {})[name] = value
            elif (m := _CSV_QUANT.fullmatch(key)) and value:
                quants.setdefault(int(m.group(1)), {})[m.group(2)] = value
        return {
            "Relationship": {
                "StartNode": {"NodeID": row.get("Relationship.StartNode.NodeID", ""), "NodeIDType": row.get("Relationship.StartNode.NodeIDType", "LEI")},
                "EndNode": {"NodeID": row.get("Relationship.EndNode.NodeID", ""), "NodeIDType": row.get("Relationship.EndNode.NodeIDType", "LEI")},
                "RelationshipType": row.get("Relationship.RelationshipType", ""),
                "RelationshipStatus": row.get("Relationship.RelationshipStatus", ""),
                "RelationshipPeriods": [periods[k] for k in sorted(periods)],
                "RelationshipQuantifiers": [quants[k] for k in sorted(quants)],
            },
            "Registration": {
                "RegistrationStatus": row.get("Registration.RegistrationStatus", ""),
                "LastUpdateDate": row.get("Registration.LastUpdateDate", ""),
            },
        }
    if "Exception.Category" in row or "ExceptionCategory" in row:
        reasons = [v for k, v in sorted(row.items()) if k.startswith("Exception.Reason") and v]
        refs = [v for k, v in sorted(row.items()) if k.startswith("Exception.Reference") and v]
        return {
            "LEI": row.get("LEI", ""),
            "ExceptionCategory": row.get("Exception.Category") or row.get("ExceptionCategory", ""),
            "ExceptionReason": reasons or row.get("ExceptionReason", ""),
            "ExceptionReference": refs,
            "ContentDate": row.get("ContentDate", ""),
        }
    others: dict[tuple[str, int], dict[str, str]] = {}
    for key, value in row.items():
        if (m := _CSV_OTHER.fullmatch(key)) and value:
            slot = others.setdefault((m.group(1), int(m.group(2))), {})
            slot["type" if m.group(3) else "name"] = value
    return {
        "LEI": row.get("LEI", ""),
        "Entity": {
            "LegalName": row.get("Entity.LegalName", ""),
            "OtherEntityNames": [
                {"OtherEntityName": v["name"], "type": v.get("type", "")}
                for (kind, _), v in sorted(others.items()) if kind.startswith("Other") and "name" in v
            ],
            "TransliteratedOtherEntityNames": [
                {"TransliteratedOtherEntityName": v["name"], "type": v.get("type", "")}
                for (kind, _), v in sorted(others.items()) if kind.startswith("Trans") and "name" in v
            ],
            "LegalAddress": {
                "FirstAddressLine": row.get("Entity.LegalAddress.FirstAddressLine", ""),
                "City": row.get("Entity.LegalAddress.City", ""),
                "Country": row.get("Entity.LegalAddress.Country", ""),
                "PostalCode": row.get("Entity.LegalAddress.PostalCode", ""),
            },
            "EntityStatus": row.get("Entity.EntityStatus", ""),
        },
        "Registration": {"RegistrationStatus": row.get("Registration.RegistrationStatus", "")},
    }


class GleifReader:
    """Turns GLEIF records into loader calls (see module rules)."""

    def __init__(self, loader: RegistryLoader) -> None:
        self.loader = loader
        self.counter = 0

    def read(self, record: Record) -> None:
        self.counter += 1
        self.loader.records += 1
        data = from_csv(record.data) if record.unit == "row" else record.data
        if "Relationship" in data:
            self._relationship(record, data)
        elif "ExceptionCategory" in data:
            self._exception(record, data)
        elif "Entity" in data:
            self._lei_record(record, data)
        else:
            self.loader.problem(record, None, "not a GLEIF LEI record, relationship record or reporting exception")

    def _lei(self, record: Record, value: Any, where: str) -> str | None:
        lei = _text(value).upper()
        if not LEI.fullmatch(lei):
            self.loader.problem(record, where, f"{lei!r} is not an LEI (20 characters, 2 check digits)")
            return None
        return lei

    def _lei_record(self, record: Record, data: dict[str, Any]) -> None:
        lei = self._lei(record, data.get("LEI"), "LEI")
        entity = data.get("Entity") if isinstance(data.get("Entity"), dict) else {}
        name = _text(entity.get("LegalName"))
        if lei is None:
            return
        if not name:
            self.loader.problem(record, "Entity.LegalName", "is empty but required")
            return
        names: list[tuple[str, str]] = []
        for other in _items(entity.get("OtherEntityNames"), "OtherEntityName"):
            names.append((_text(other.get("OtherEntityName") or other), "former" if "PREVIOUS" in str(other.get("type") or other.get("@type")) else "alias"))
        for other in _items(entity.get("TransliteratedOtherEntityNames"), "TransliteratedOtherEntityName"):
            names.append((_text(other.get("TransliteratedOtherEntityName") or other), "alias"))
        address = entity.get("LegalAddress") if isinstance(entity.get("LegalAddress"), dict) else {}
        country = country_code(_text(address.get("Country")))
        line = ", ".join(p for p in (_text(address.get("FirstAddressLine")), _text(address.get("City")),
                                     _text(address.get("PostalCode")), _text(address.get("Country"))) if p)
        registration = data.get("Registration") if isinstance(data.get("Registration"), dict) else {}
        status = "/".join(s for s in (_text(entity.get("EntityStatus")), _text(registration.get("RegistrationStatus"))) if s)
        entity_id = f"lei:{lei}"
        self.loader.entity(self.counter, record, entity_id, name, "organization", country, line or None,
                           [(n, t) for n, t in names if n], [("lei", lei)], lei, status or None)

    def _node(self, record: Record, node: Any, where: str) -> str | None:
        if not isinstance(node, dict):
            self.loader.problem(record, where, "must name a node (NodeID, NodeIDType)")
            return None
        if _text(node.get("NodeIDType") or "LEI").upper() != "LEI":
            self.loader.skip("relationship record(s) whose node is not an LEI, not imported")
            return None
        lei = self._lei(record, node.get("NodeID"), f"{where}.NodeID")
        if lei is not None:
            self.loader.placeholder(f"lei:{lei}", lei, "organization", None, "lei", lei)
        return lei

    def _relationship(self, record: Record, data: dict[str, Any]) -> None:
        rel = data.get("Relationship")
        if not isinstance(rel, dict):
            self.loader.problem(record, "Relationship", "must be an object")
            return
        kind = _text(rel.get("RelationshipType"))
        if kind == ULTIMATE:
            self.loader.skip("IS_ULTIMATELY_CONSOLIDATED_BY record(s), derived from the direct ones, not imported")
            return
        if kind not in (DIRECT, BRANCH):
            self.loader.skip(f"relationship record(s) that are not ownership (e.g. {kind or 'no type'}), not imported")
            return
        child = self._node(record, rel.get("StartNode"), "Relationship.StartNode")
        parent = self._node(record, rel.get("EndNode"), "Relationship.EndNode")
        if child is None or parent is None:
            return
        registration = data.get("Registration") if isinstance(data.get("Registration"), dict) else {}
        key = f"{SOURCE}:{child}>{parent}>{kind}"
        if _text(registration.get("RegistrationStatus")).upper() == "ANNULLED":
            self.loader.relationship(self.counter, key, True)
            return
        start, end = self._period(record, rel)
        if _text(rel.get("RelationshipStatus")).upper() == "INACTIVE" and end is None:
            end = self._date(record, registration.get("LastUpdateDate"), "Registration.LastUpdateDate")
            if end is None:
                self.loader.problem(record, "Relationship.RelationshipStatus", "INACTIVE, but no end date and no LastUpdateDate")
                return
        if start and end and end <= start:
            end = date.fromordinal(start.toordinal() + 1) if end == start else end
            if end <= start:
                self.loader.problem(record, "Relationship.RelationshipPeriods", "the relationship period ends before it starts")
                return
        relation, share = "control", None
        if kind == BRANCH:
            relation = "branch"
        else:
            share = self._quantifier(record, rel)
            if share is not None:
                relation = "shareholding"
        self.loader.relationship(self.counter, key, True)
        self.loader.holding(
            self.counter,
            HoldingRow(record, key, 0, f"lei:{parent}", f"lei:{child}", "Relationship.EndNode.NodeID",
                       "Relationship.StartNode.NodeID", relation, share, share, False, False, start, end),
        )

    def _period(self, record: Record, rel: dict[str, Any]) -> tuple[date | None, date | None]:
        for k, period in enumerate(_items(rel.get("RelationshipPeriods"), "RelationshipPeriod")):
            if _text(period.get("PeriodType")).upper() == "RELATIONSHIP_PERIOD":
                where = f"Relationship.RelationshipPeriods[{k}]"
                return (self._date(record, period.get("StartDate"), f"{where}.StartDate"),
                        self._date(record, period.get("EndDate"), f"{where}.EndDate"))
        return None, None

    def _quantifier(self, record: Record, rel: dict[str, Any]) -> int | None:
        for k, quant in enumerate(_items(rel.get("RelationshipQuantifiers"), "RelationshipQuantifier")):
            method = _text(quant.get("MeasurementMethod")).upper()
            units = _text(quant.get("QuantifierUnits")).upper()
            if method == "ACCOUNTING_CONSOLIDATION" and units in ("PERCENTAGE", ""):
                try:
                    return percent(_text(quant.get("QuantifierAmount")))
                except BadValue as exc:
                    self.loader.problem(record, f"Relationship.RelationshipQuantifiers[{k}].QuantifierAmount", str(exc))
        return None

    def _exception(self, record: Record, data: dict[str, Any]) -> None:
        lei = self._lei(record, data.get("LEI"), "LEI")
        category = _text(data.get("ExceptionCategory"))
        reasons = data.get("ExceptionReason")
        reason = ", ".join(_text(r) for r in reasons) if isinstance(reasons, list) else _text(reasons)
        if lei is None:
            return
        if not category or not reason:
            self.loader.problem(record, "ExceptionCategory" if not category else "ExceptionReason", "is empty but required")
            return
        refs = data.get("ExceptionReference")
        detail = "; ".join(_text(r) for r in refs) if isinstance(refs, list) else _text(refs)
        self.loader.placeholder(f"lei:{lei}", lei, "organization", None, "lei", lei)
        self.loader.exception(
            self.counter, f"{SOURCE}:{lei}|{category}", f"lei:{lei}", category, reason, detail or None,
            self._date(record, data.get("ContentDate"), "ContentDate"),
        )

    def _date(self, record: Record, value: Any, where: str) -> date | None:
        try:
            return parse_date(_text(value))
        except BadValue as exc:
            self.loader.problem(record, where, str(exc))
            return None


def _items(value: Any, inner: str) -> list[dict[str, Any]]:
    """A GLEIF repeated element as a list of objects (``[...]`` or ``{inner: [...]}``)."""
    if isinstance(value, dict):
        value = value.get(inner, [])
    if isinstance(value, dict):
        value = [value]
    return [v if isinstance(v, dict) else {inner: v} for v in value or []]
