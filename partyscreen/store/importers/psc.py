"""Import UK Companies House PSC snapshot lines (``persons-with-significant-control-snapshot-*.txt``,
``psc-data-*.json``): one ``{"company_number", "data": {...}}`` object per record.

Rules:
- The company is ``gb-coh:<company_number>`` (identifier ``gb-coh``); when the database does not
  know it yet it is created as a placeholder named by its number (a BODS or other import fills
  in its name).
- Persons with significant control hold the company: an individual or a legal person is
  ``uk-psc:<links.self>``; a corporate PSC registered in the UK (``identification`` with a
  ``registration_number`` at Companies House or in England, Wales, Scotland or Northern
  Ireland) is ``gb-coh:<registration_number>``, so chains of UK companies connect; a corporate
  PSC registered elsewhere is ``uk-psc:<links.self>`` with its number as identifier
  ``registration``.
- ``natures_of_control`` become ranges with the statutory bounds: ``…-25-to-50-percent`` is more
  than 25% and at most 50%; ``…-50-to-75-percent`` more than 50% and less than 75%;
  ``…-75-to-100-percent`` at least 75%; ``…-more-than-25-percent…`` more than 25%. Ownership of
  shares (and an LLP's right to surplus assets) → shareholding, voting rights → voting, the
  same for the ``-as-trust``, ``-as-firm`` and registered-overseas-entity variants; the right to
  appoint and remove directors (or members), and significant influence or control → control.
  An unknown nature is an error naming the record.
- ``notified_on`` is the start date, ``ceased_on`` the end date (no longer in force that day).
- PSC statements (e.g. "no individual or entity with significant control") and super-secure
  PSCs become reporting exceptions of the company ("owner not reported: ..."); a ceased
  statement is not imported. Exemptions and the snapshot's totals line are counted, not imported.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from partyscreen.shares import HUNDRED_PERCENT, UNITS_PER_PERCENT
from partyscreen.store.importers.records import Record
from partyscreen.store.importers.registry import HoldingRow, RegistryLoader
from partyscreen.store.importers.shared import BadValue, parse_date

SOURCE = "uk-psc"
_BAND = re.compile(
    r"(ownership-of-shares|voting-rights|right-to-share-surplus-assets)-(\d+)-to-(\d+)-percent(?:-.*)?"
)
_MORE_THAN = re.compile(r"(ownership-of-shares|voting-rights|right-to-share-surplus-assets)-more-than-(\d+)-percent(?:-.*)?")
_CONTROL = re.compile(r"(right-to-appoint-and-remove-(directors|members|person)|significant-influence-or-control)(-.*)?")
RELATION = {"ownership-of-shares": "shareholding", "right-to-share-surplus-assets": "shareholding", "voting-rights": "voting"}
HOLDING_INDEX = {"shareholding": 0, "voting": 1, "control": 2}
UK_REGISTERS = re.compile(r"companies house|england|wales|scotland|northern ireland|united kingdom|^uk$", re.I)
PSC_KINDS = (
    "individual-person-with-significant-control",
    "corporate-entity-person-with-significant-control",
    "legal-person-person-with-significant-control",
    "individual-beneficial-owner",
    "corporate-entity-beneficial-owner",
    "legal-person-beneficial-owner",
)
UK_COUNTRIES = {"england", "wales", "scotland", "northern ireland", "united kingdom", "uk", "great britain"}

Range = tuple[int | None, int | None, bool, bool]


def is_psc(first: dict[str, Any]) -> bool:
    """True for a PSC snapshot line (``company_number`` and a ``data`` object with a ``kind``)."""
    data = first.get("data")
    return isinstance(data, dict) and "kind" in data and ("company_number" in first or "totals" in str(data.get("kind")))


def band(nature: str) -> tuple[str, Range] | None:
    """(relation, (min, max, min exclusive, max exclusive)) of a nature of control, or None if unknown.

    The statutory bands: 25-to-50 is (25, 50]; 50-to-75 is (50, 75); 75-to-100 is [75, 100];
    more-than-25 is (25, 100].
    """
    if found := _BAND.fullmatch(nature):
        relation, low, high = RELATION[found.group(1)], int(found.group(2)), int(found.group(3))
        low_u, high_u = low * UNITS_PER_PERCENT, high * UNITS_PER_PERCENT
        if (low, high) == (75, 100):
            return relation, (low_u, HUNDRED_PERCENT, False, False)
        if (low, high) == (50, 75):
            return relation, (low_u, high_u, True, True)
        return relation, (low_u, high_u, True, False)
    if found := _MORE_THAN.fullmatch(nature):
        return RELATION[found.group(1)], (int(found.group(2)) * UNITS_PER_PERCENT, HUNDRED_PERCENT, True, False)
    if _CONTROL.fullmatch(nature):
        return "control", (None, None, False, False)
    return None


class PscReader:
    """Turns PSC snapshot lines into loader calls (see module rules)."""

    def __init__(self, loader: RegistryLoader) -> None:
        self.loader = loader
        self.counter = 0

    def read(self, record: Record) -> None:
        self.counter += 1
        self.loader.records += 1
        data = record.data.get("data")
        if not isinstance(data, dict):
            self.loader.problem(record, "data", "a PSC record needs a data object")
            return
        kind = str(data.get("kind") or "")
        if kind.startswith("totals"):
            self.loader.skip("snapshot totals line(s), not imported")
            return
        company = str(record.data.get("company_number") or "").strip().upper()
        if not company:
            self.loader.problem(record, "company_number", "is empty but required")
            return
        company_id = f"gb-coh:{company}"
        if kind in PSC_KINDS:
            self._psc(record, data, kind, company_id, company)
        elif kind == "persons-with-significant-control-statement" or kind.startswith("super-secure"):
            self._exception(record, data, kind, company_id, company)
        else:
            self.loader.skip(f"PSC record(s) of kind {kind or 'unknown'} (exemptions and others), not imported")

    def _company(self, company_id: str, company: str) -> None:
        self.loader.placeholder(company_id, company, "organization", "GB", "gb-coh", company)

    def _psc(self, record: Record, data: dict[str, Any], kind: str, company_id: str, company: str) -> None:
        natures = data.get("natures_of_control")
        if not isinstance(natures, list) or not natures:
            self.loader.problem(record, "data.natures_of_control", "must be a non-empty list")
            return
        start = self._date(record, data.get("notified_on"), "data.notified_on")
        end = self._date(record, data.get("ceased_on"), "data.ceased_on")
        if start and end and end < start:
            self.loader.problem(record, "data.ceased_on", "is before notified_on")
            return
        ranges: dict[str, Range] = {}
        for k, nature in enumerate(natures):
            found = band(str(nature))
            if found is None:
                self.loader.problem(record, f"data.natures_of_control[{k}]", f"{nature!r} is not a known nature of control")
                continue
            relation, rng = found
            ranges.setdefault(relation, rng)
        owner_id = self._owner(record, data, kind)
        if owner_id is None:
            return
        self._company(company_id, company)
        self_link = str((data.get("links") or {}).get("self") or "")
        key = f"{SOURCE}:{self_link or company_id + '/' + owner_id}"
        self.loader.relationship(self.counter, key, True)
        for relation, (low, high, low_x, high_x) in ranges.items():
            self.loader.holding(
                self.counter,
                HoldingRow(record, key, HOLDING_INDEX[relation], owner_id, company_id, "data.name", "company_number",
                           relation, low, high, low_x, high_x, start, end if end != start else _next_day(end)),
            )

    def _owner(self, record: Record, data: dict[str, Any], kind: str) -> str | None:
        name = str(data.get("name") or "").strip()
        self_link = str((data.get("links") or {}).get("self") or "").strip()
        if not name:
            self.loader.problem(record, "data.name", "is empty but required")
            return None
        ident = data.get("identification") if isinstance(data.get("identification"), dict) else {}
        number = str(ident.get("registration_number") or "").strip().upper()
        where = " ".join(str(ident.get(k) or "") for k in ("place_registered", "country_registered", "legal_authority"))
        address = data.get("address") if isinstance(data.get("address"), dict) else {}
        if kind.startswith("corporate") and number and UK_REGISTERS.search(where):
            entity_id = f"gb-coh:{number}"
            self.loader.entity(self.counter, record, entity_id, name, "organization", "GB", _address(address), (),
                               [("gb-coh", number)])
            return entity_id
        if not self_link:
            self.loader.problem(record, "data.links.self", "is empty: the PSC cannot be identified")
            return None
        entity_id = f"{SOURCE}:{self_link}"
        person = kind.startswith("individual")
        residence = str(data.get("country_of_residence") or "").strip().lower()
        country = "GB" if residence in UK_COUNTRIES else None
        idents = [("registration", number)] if number else []
        self.loader.entity(self.counter, record, entity_id, name, "person" if person else "organization", country,
                           _address(address), (), idents)
        return entity_id

    def _exception(self, record: Record, data: dict[str, Any], kind: str, company_id: str, company: str) -> None:
        if data.get("ceased_on") or data.get("ceased") is True:
            self.loader.skip("ceased PSC statement(s), not imported")
            return
        reason = str(data.get("statement") or data.get("description") or kind)
        self._company(company_id, company)
        self_link = str((data.get("links") or {}).get("self") or f"{company_id}/{kind}")
        self.loader.exception(
            self.counter, f"{SOURCE}:{self_link}", company_id, "person-with-significant-control", reason, kind,
            self._date(record, data.get("notified_on"), "data.notified_on"),
        )

    def _date(self, record: Record, value: Any, where: str) -> date | None:
        try:
            return parse_date(value)
        except BadValue as exc:
            self.loader.problem(record, where, str(exc))
            return None


def _next_day(day: date | None) -> date | None:
    return None if day is None else date.fromordinal(day.toordinal() + 1)


def _address(address: dict[str, Any]) -> str | None:
    parts = [str(address.get(k) or "").strip() for k in ("premises", "address_line_1", "address_line_2", "locality",
                                                         "region", "postal_code", "country")]
    text = ", ".join(p for p in parts if p)
    return text or None
