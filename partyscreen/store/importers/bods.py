"""Import Beneficial Ownership Data Standard statements (BODS 0.4, and 0.2/0.3 as registers still publish).

Rules:
- Statements are entity, person and relationship statements (0.4 ``recordType``; 0.2/0.3
  ``statementType`` entityStatement / personStatement / ownershipOrControlStatement). Statements
  about the same record replace each other in order of ``statementDate`` (then file order): the
  latest gives the record's content. 0.4 records are keyed by ``recordId``; a 0.2/0.3 statement
  that ``replacesStatements`` continues the record of the statement it replaces.
- An entity's id is ``lei:<LEI>`` when it has an LEI (scheme ``XI-LEI``), else
  ``gb-coh:<number>`` for a UK company number (``GB-COH``), else ``bods:<recordId>``; so BODS,
  GLEIF and UK PSC data about one company meet on one entity. Every identifier becomes an entity
  identifier (``XI-LEI`` → ``lei``, ``GB-COH`` → ``gb-coh``, ``CN-SAIC`` → ``uscc``, others
  lower-cased).
- Interests become holdings, interested party → subject: ``shareholding`` → shareholding,
  ``votingRights`` → voting, ``appointmentOfBoard``, ``otherInfluenceOrControl``,
  ``seniorManagingOfficial`` (and the 0.2/0.3 kebab-case names) → control. An interest without
  a type (or ``unknownInterest``) is a shareholding of unknown size. Trust roles, board seats and
  other interests are not ownership: counted in the summary, not imported.
- Shares: ``exact``, or ``minimum``/``maximum`` with ``exclusiveMinimum``/``exclusiveMaximum``
  (0.4: the bound itself, exclusive; 0.2/0.3: a flag on minimum/maximum). Percentages are kept
  exactly (six decimals at most).
- ``startDate``/``endDate`` are the holding's dates (the end date is the first day it no longer
  holds). A record whose latest statement has ``recordStatus: closed`` keeps its holdings, ended
  on that statement's date (or their own earlier end date).
- An indirect interest (``directOrIndirect: indirect``; 0.2 ``interestLevel``) of a relationship
  that lists its ``componentRecords`` (0.3 ``componentStatementIDs``) is the same interest as
  that chain of direct relationships: it is not imported, the engine walks the chain (otherwise
  the stake would count twice). An indirect interest stated without its chain is imported as a
  holding (the only evidence there is).
- An interested party left unspecified (``{"reason": ..., "description": ...}``) becomes a
  reporting exception of the subject ("owner not reported: <reason>").
- A relationship naming a record that neither this import nor an earlier one describes is an
  error, as is a malformed share or date; errors name file, record (line for JSON Lines) and field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partyscreen.store.importers.records import Record
from partyscreen.store.importers.registry import RegistryLoader
from partyscreen.store.importers.shared import (
    BadValue,
    check_range,
    country_code,
    entity_id_for,
    identifier,
    parse_date,
    percent,
    scheme_of,
)

SOURCE = "bods"
OWNERSHIP = {"shareholding": "shareholding", "votingRights": "voting", "voting-rights": "voting"}
CONTROL = {
    "appointmentOfBoard", "otherInfluenceOrControl", "seniorManagingOfficial", "appointment-of-board",
    "other-influence-or-control", "senior-managing-official", "influence-or-control",
}
UNKNOWN = {None, "", "unknownInterest", "unknown-interest"}
STATEMENT_TYPES = {"entityStatement": "entity", "personStatement": "person", "ownershipOrControlStatement": "relationship"}
_COUNTER_BITS = 32
_FIELDS = {True: ("recordDetails.interestedParty", "recordDetails.subject"), False: ("interestedParty", "subject")}
"""The owner and owned fields of a holding: 0.4 (``recordDetails.…``) or 0.2/0.3."""
_DAYS_CACHED = 1 << 14


def is_bods(first: dict[str, Any]) -> bool:
    """True for a BODS statement (0.4 ``recordType``/``statementId``; 0.2/0.3 ``statementType``/``statementID``)."""
    return ("statementId" in first and "recordType" in first) or (
        "statementID" in first and first.get("statementType") in STATEMENT_TYPES
    )


class BodsReader:
    """Turns BODS statements into loader calls (see module rules)."""

    def __init__(self, loader: RegistryLoader) -> None:
        self.loader = loader
        self.counter = 0
        self.replaced: dict[str, str] = {}  # 0.2/0.3: statement id -> record key of the record it continues
        self._days: dict[str, int] = {}  # statement date text -> its day's place in the order (a bounded cache)

    def read(self, record: Record) -> None:
        data = record.data
        self.counter += 1
        self.loader.records += 1
        if "recordType" in data or "recordDetails" in data:
            kind, record_id, status, details = self._v04(record)
        else:
            kind, record_id, status, details = self._v02(record)
        if kind is None or record_id is None:
            return
        seq = self._seq(data)
        if kind == "relationship":
            self._relationship(seq, record, record_id, status, details, data)
        else:
            self._entity(seq, record, record_id, details, "organization" if kind == "entity" else "person")

    def _seq(self, data: dict[str, Any]) -> int:
        """Order of statements: by statement date (else publication date), then as read."""
        stated = data.get("statementDate") or (data.get("publicationDetails") or {}).get("publicationDate")
        if type(stated) is not str:
            return self.counter
        day = self._days.get(stated)
        if day is None:
            try:
                parsed = parse_date(stated)
            except BadValue:
                parsed = None
            day = (parsed.toordinal() if parsed else 0) << _COUNTER_BITS
            if len(self._days) >= _DAYS_CACHED:
                self._days.clear()
            self._days[stated] = day
        return day + self.counter

    def _v04(self, record: Record) -> tuple[str | None, str | None, str, dict[str, Any]]:
        data = record.data
        kind = data.get("recordType")
        if kind != "entity" and kind != "person" and kind != "relationship":
            self.loader.problem(record, "recordType", f"{kind!r} is not entity, person or relationship")
            return None, None, "", {}
        record_id = data.get("recordId")
        if type(record_id) is str:
            record_id = record_id.strip()
        if not record_id or not isinstance(record_id, str):
            self.loader.problem(record, "recordId", "a BODS 0.4 statement needs a recordId")
            return None, None, "", {}
        details = data.get("recordDetails")
        if type(details) is not dict:
            self.loader.problem(record, "recordDetails", "must be an object")
            return None, None, "", {}
        status = data.get("recordStatus")
        return kind, record_id, (status if type(status) is str and status else str(status or "new")), details

    def _v02(self, record: Record) -> tuple[str | None, str | None, str, dict[str, Any]]:
        """A 0.2/0.3 statement in 0.4's terms (record key, status, details)."""
        data = record.data
        kind = STATEMENT_TYPES.get(str(data.get("statementType")))
        statement_id = data.get("statementID")
        if kind is None:
            self.loader.problem(record, "statementType", f"{data.get('statementType')!r} is not a BODS statement type")
            return None, None, "", {}
        if not isinstance(statement_id, str) or not statement_id.strip():
            self.loader.problem(record, "statementID", "a BODS statement needs a statementID")
            return None, None, "", {}
        record_id = statement_id.strip()
        for old in data.get("replacesStatements") or []:
            record_id = self.replaced.get(str(old), str(old))
            break
        if record_id != statement_id:
            self.replaced[statement_id] = record_id
        details = dict(data)
        if kind == "relationship":
            details["subject"] = _described(data.get("subject"))
            party = data.get("interestedParty") or {}
            details["interestedParty"] = _described(party) or party.get("unspecified") or party
            details["componentRecords"] = data.get("componentStatementIDs") or []
            details["interests"] = [
                {**i, "directOrIndirect": i.get("directOrIndirect") or i.get("interestLevel")}
                for i in data.get("interests") or [] if isinstance(i, dict)
            ]
        return kind, record_id, "new", details

    def _entity(self, seq: int, record: Record, record_id: str, details: dict[str, Any], kind: str) -> None:
        idents: list[tuple[str, str]] = []
        for k, ident in enumerate(details.get("identifiers") or ()):
            if type(ident) is not dict:
                prefix = "recordDetails." if "recordDetails" in record.data else ""
                self.loader.problem(record, f"{prefix}identifiers[{k}]", "must be an object")
                continue
            value = str(ident.get("id") or "").strip()
            code = str(ident.get("scheme") or ident.get("schemeName") or "").strip()
            if value and code:
                idents.append(identifier(scheme_of(code), value))
        entity_id = (entity_id_for(idents) if idents else None) or f"{SOURCE}:{record_id}"
        names = _person_names(details) if kind == "person" else _entity_names(details)
        primary = names[0][0] if names else record_id
        country = _country(details, kind)
        addresses = details.get("addresses")
        address = _address(addresses) if addresses else None
        self.loader.entity(seq, record, entity_id, primary, kind, country, address, names[1:], idents, record_id)

    def _relationship(
        self, seq: int, record: Record, record_id: str, status: str, details: dict[str, Any], data: dict[str, Any]
    ) -> None:
        prefix = "recordDetails." if "recordDetails" in data else ""
        subject = details.get("subject")
        if not isinstance(subject, str) or not subject.strip():
            self.loader.problem(record, f"{prefix}subject", "must name the record of the entity owned or controlled")
            return
        party = details.get("interestedParty")
        closed = status == "closed"
        close_date = self._date(record, data.get("statementDate"), "statementDate") if closed else None
        if closed and close_date is None:
            close_date = self._date(record, (data.get("publicationDetails") or {}).get("publicationDate"), "publicationDetails.publicationDate")
        interests = details.get("interests")
        if interests is not None and not isinstance(interests, list):
            self.loader.problem(record, f"{prefix}interests", "must be a list")
            return
        key = f"{SOURCE}:{record_id}"
        if isinstance(party, dict):  # unspecified: nobody to hold anything
            reason = str(party.get("reason") or "unknown")
            self.loader.exception(
                seq, f"{key}", subject.strip(), "owner", reason, party.get("description"),
                self._date(record, data.get("statementDate"), "statementDate"),
            )
            self.loader.relationship(seq, key, True, closed, close_date)
            return
        if not isinstance(party, str) or not party.strip():
            self.loader.problem(record, f"{prefix}interestedParty", "must name the record of the owner or give a reason")
            return
        stated = bool(interests) or not closed
        self.loader.relationship(seq, key, stated, closed, close_date)
        chain = bool(details.get("componentRecords"))
        for index, interest in enumerate(interests or []):
            self._interest(seq, record, key, index, interest, subject.strip(), party.strip(), chain, f"{prefix}interests[{index}]")
        if not interests and not closed:
            self._holding(seq, record, key, 0, subject.strip(), party.strip(), "shareholding", None, None, False, False, None, None, prefix)

    def _interest(
        self, seq: int, record: Record, key: str, index: int, interest: Any, subject: str, party: str, chain: bool, where: str
    ) -> None:
        if type(interest) is not dict:
            self.loader.problem(record, where, "must be an object")
            return
        kind = interest.get("type")
        relation = OWNERSHIP.get(kind) if type(kind) is str else None
        if relation is None:
            if kind in CONTROL:
                relation = "control"
            elif kind in UNKNOWN:
                relation = "shareholding"
            else:
                self.loader.skip(f"interest(s) of a type that is not ownership or control (e.g. {kind}), not imported")
                return
        if chain and str(interest.get("directOrIndirect") or "") == "indirect":
            self.loader.skip("indirect interest(s) stated beside their component chain, counted through the chain")
            return
        try:
            low, high, low_x, high_x = _share(interest.get("share"), relation)
        except BadValue as exc:
            self.loader.problem(record, f"{where}.share", str(exc))
            return
        value = interest.get("startDate")
        start = None if value is None else self._date(record, value, where, ".startDate")
        value = interest.get("endDate")
        end = None if value is None else self._date(record, value, where, ".endDate", end=True)
        if start and end and end <= start:
            self.loader.problem(record, f"{where}.endDate", "must be after startDate")
            return
        self._holding(seq, record, key, index, subject, party, relation, low, high, low_x, high_x, start, end, where)

    def _holding(
        self, seq: int, record: Record, key: str, index: int, subject: str, party: str, relation: str,
        low: int | None, high: int | None, low_x: bool, high_x: bool, start: date | None, end: date | None, where: str,
    ) -> None:
        owner_field, owned_field = _FIELDS["recordDetails" in record.data]
        self.loader.holding_of(seq, record, key, index, party, subject, owner_field, owned_field, relation,
                               low, high, low_x, high_x, start, end)

    def _date(self, record: Record, value: Any, where: str, field_name: str = "", *, end: bool = False) -> date | None:
        """``value`` as a date (None when absent); a bad one is a problem at ``where + field_name``."""
        if value is None:
            return None
        try:
            return parse_date(value, end=end)
        except BadValue as exc:
            self.loader.problem(record, where + field_name, str(exc))
            return None


def _described(ref: Any) -> str | None:
    """The statement id a 0.2/0.3 subject or interested party points to."""
    if isinstance(ref, dict):
        for key in ("describedByEntityStatement", "describedByPersonStatement"):
            if ref.get(key):
                return str(ref[key])
    return None


def _share(share: Any, relation: str) -> tuple[int | None, int | None, bool, bool]:
    """(min, max, min exclusive, max exclusive) in units; (None, None) is a stake of unknown size."""
    if share is None or relation == "control":
        return None, None, False, False
    if type(share) is not dict and not isinstance(share, dict):
        raise BadValue("must be an object with exact, or minimum/maximum")
    exact = share.get("exact")
    if exact is not None:
        exact = percent(exact)
        return exact, exact, False, False
    low = high = None
    low_x = high_x = False
    for bound, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        value, exclusive = share.get(bound), share.get(flag)
        if isinstance(exclusive, bool):  # 0.2/0.3: a flag on the bound
            units = percent(value) if value is not None else None
            is_x = exclusive and units is not None
        elif exclusive is not None:  # 0.4: the exclusive bound itself
            units, is_x = percent(exclusive), True
        else:
            units = percent(value) if value is not None else None
            is_x = False
        if bound == "minimum":
            low, low_x = units, is_x
        else:
            high, high_x = units, is_x
    check_range(low, high, low_x, high_x)
    return low, high, low_x, high_x


def _entity_names(details: dict[str, Any]) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    if isinstance(details.get("name"), str) and details["name"].strip():
        names.append((details["name"].strip(), "primary"))
    for other in details.get("alternateNames") or []:
        if isinstance(other, str) and other.strip():
            names.append((other.strip(), "alias"))
    return names


def _person_names(details: dict[str, Any]) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for entry in details.get("names") or []:
        if not isinstance(entry, dict):
            continue
        full = entry.get("fullName") or " ".join(
            str(entry[p]) for p in ("givenName", "patronymicName", "familyName") if entry.get(p)
        )
        if full and str(full).strip():
            kind = "former" if entry.get("type") in ("birth", "former") else ("primary" if not names else "alias")
            names.append((str(full).strip(), kind))
    return names


def _address(addresses: Any) -> str | None:
    """The first address line of a statement's ``addresses``."""
    for found in addresses or ():
        if isinstance(found, dict) and found.get("address"):
            return str(found["address"]).strip()
    return None


def _country(details: dict[str, Any], kind: str) -> str | None:
    if kind == "person":
        for nationality in details.get("nationalities") or []:
            if code := country_code(nationality):
                return code
    for key in ("jurisdiction", "incorporatedInJurisdiction"):
        if code := country_code(details.get(key)):
            return code
    for address in details.get("addresses") or []:
        if isinstance(address, dict) and (code := country_code(address.get("country"))):
            return code
    return None
