"""The affiliates service: run the ownership engine on the database, store and reuse the results.

Rules:
- A run is computed for one policy (its settings, not only its name) and one date, over the
  holdings in force and the list entries live that day.
- A stored run is reused only while no import happened after it (``data_version``) and the
  policy's settings are unchanged; otherwise it is recomputed.
- A policy whose lists are missing, empty or unknown is refused (``ListsNotLoaded``): its
  answer would be "nothing is caught" whatever the ownership data says.
- Listed roots appear with status ``listed``; every row carries its path back to a root.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import sqlalchemy as sa

from partyscreen.ownership import (
    AffiliateResult,
    Explanation,
    HoldingTable,
    Listing,
    OwnershipGraph,
    Policy,
    compute_affiliates_table,
    explain_result,
)
from partyscreen.ownership.result import OutputRecord, rows_of
from partyscreen.ownership.policies import get_policy, load_policy_file
from partyscreen.errors import InputError
from partyscreen.store.bulk import insert_rows
from partyscreen.store.db import transaction
from partyscreen.store.former_ids import resolve_entity_id
from partyscreen.store.freshness import require_lists
from partyscreen.store.models import AffiliationRun
from partyscreen.store.links import party_map
from partyscreen.store.ownership_data import data_version, load_holding_table, load_listings
from partyscreen.store.screening_data import entity_names

if TYPE_CHECKING:
    from partyscreen.ownership.parties import PartyLink, PartyMap

MAX_ROOTS_SHOWN = 20
"""Roots listed per row; more are summarised as ``+N more`` (possible affiliates deep in a dense
graph can trace to hundreds of roots; ``explain`` shows them all)."""

AFFILIATE_COLUMNS = (
    "entity_id",
    "entity_name",
    "status",
    "policy",
    "as_of",
    "share_min",
    "share_max",
    "lookthrough",
    "depth",
    "roots",
    "path",
    "reasons",
    "path_ids",
)
"""``path`` names each entity with its id (``Name [id] -50%-> Name [id]``), one leg per owner whose
stake counts towards the threshold, joined by `` + ``; ``path_ids`` is the same path with ids only
(the form stored in ``affiliation.path``, for programs)."""


POLICY_FILE_UNUSED = "The policy file was not used; nothing was done."


def resolve_policy(name: str | None = None, lists: list[str] | None = None, policy_file: str | Path | None = None) -> Policy:
    """The named policy (built-in or from a TOML file), optionally over other lists."""
    try:
        extra = load_policy_file(policy_file) if policy_file else None
    except InputError as exc:
        raise exc.reworded(POLICY_FILE_UNUSED) from None
    policy = get_policy(name, extra=extra)
    return policy.with_lists(lists) if lists else policy


def policy_digest(policy: Policy) -> str:
    """A fingerprint of the policy's settings (a changed setting means a different run)."""
    settings = asdict(policy)
    settings["lists"] = sorted(policy.lists)
    if policy.affiliate_lists is not None:
        settings["affiliate_lists"] = sorted(policy.affiliate_lists)
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def policy_json(policy: Policy) -> str:
    """The policy's settings as JSON (stored with a screening run, so it can be re-run as it was)."""
    settings = asdict(policy)
    settings["lists"] = sorted(policy.lists)
    return json.dumps(settings, sort_keys=True, default=str)


def policy_from_json(text: str) -> Policy:
    """The policy :func:`policy_json` stored."""
    settings = json.loads(text)
    settings["lists"] = frozenset(settings["lists"])
    return Policy(**settings)


@dataclass
class AffiliatesRun:
    """One computation: the engine's result plus what it was computed from."""

    policy: Policy
    as_of: date
    result: AffiliateResult
    names: dict[str, str]
    data_version: int
    """The data version read before the inputs (see :class:`EngineInputs`)."""
    run_id: int | None = None
    reused: bool = False
    """True when an identical stored result set was referenced instead of storing a copy."""
    seconds: dict[str, float] = field(default_factory=dict)
    _records: list[OutputRecord] | None = None

    def records(self) -> list[OutputRecord]:
        """One record per caught entity, shares in units (built once; stored as they are)."""
        if self._records is None:
            started = time.perf_counter()
            self._records = list(self.result.iter_records(max_roots=MAX_ROOTS_SHOWN, names=self.names))
            self.seconds["rows"] = time.perf_counter() - started
        return self._records

    def rows(self) -> Iterator[dict[str, str]]:
        """The ``affiliates`` output contract, one dict of strings per caught entity."""
        return rows_of(self.records(), policy=self.policy.name, as_of=self.as_of, names=self.names)

    def counts(self) -> dict[str, int]:
        return self.result.counts()


@dataclass
class EngineInputs:
    """What the engine reads from the database for one date and set of lists; ``graph`` is the
    compiled graph of that date, kept after the first computation so further policies reuse it."""

    as_of: date
    lists: frozenset[str]
    table: HoldingTable
    listings: list[Listing]
    data_version: int
    """The number of committed imports, read *before* the inputs: a run is labelled with a version
    no newer than the data it saw, so an import racing the read makes it stale, never falsely fresh."""
    graph: OwnershipGraph | None = None


def load_inputs(conn: sa.Connection, lists: frozenset[str], as_of: date) -> EngineInputs:
    """Holdings in force on ``as_of`` and the entries of ``lists``, read in bulk."""
    version = data_version(conn)
    parties = party_map(conn)
    listings = load_listings(conn, lists, parties)
    table = load_holding_table(conn, as_of, extra_ids=sorted({l.entity_id for l in listings}), parties=parties)
    return EngineInputs(as_of, frozenset(lists), table, listings, version)


def compute(conn: sa.Connection, policy: Policy, as_of: date, inputs: EngineInputs | None = None) -> AffiliatesRun:
    """Run the engine on the database as of ``as_of`` (on ``inputs`` when already read)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if inputs is None or inputs.as_of != as_of or inputs.lists != policy.lists:
        inputs = load_inputs(conn, policy.lists, as_of)
    table, listings = inputs.table, inputs.listings
    timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    result = compute_affiliates_table(table, listings, policy, as_of, graph=inputs.graph)
    inputs.graph = result.graph
    result.paths()
    timings["engine"] = time.perf_counter() - started
    started = time.perf_counter()
    shown = [table.ids[i] for i in result.path_nodes().tolist()] + [r.entity_id for r in result.outside_roots]
    names = entity_names(conn, shown)  # every entity a row or its path names, in one batch
    timings["names"] = time.perf_counter() - started
    return AffiliatesRun(policy, as_of, result, names, inputs.data_version, seconds=timings)


def store(conn: sa.Connection, run: AffiliatesRun) -> int:
    """Save a run in ``affiliation_run`` / ``affiliation`` (the screener's materialised view).

    A result set is stored once per (policy settings, as_of, data version): when an identical one
    is stored already (the same question asked of the same data), the run refers to it instead
    of storing a copy, and the stored set is marked as used now.
    """
    started = time.perf_counter()
    run_table = AffiliationRun.__table__
    now = datetime.now(timezone.utc)
    existing = _stored_set(conn, policy_digest(run.policy), run.as_of, run.data_version)
    if existing is not None:
        conn.execute(sa.update(run_table).where(run_table.c.id == existing).values(used_at=now))
        run.run_id, run.reused = existing, True
        run.seconds["store"] = time.perf_counter() - started
        return existing
    run_id = conn.execute(
        sa.insert(run_table)
        .values(
            policy=run.policy.name,
            policy_digest=policy_digest(run.policy),
            as_of=run.as_of,
            lists=",".join(sorted(run.policy.lists)),
            data_version=run.data_version,
            computed_at=now,
            used_at=now,
            caught=sum(run.counts().values()),
            duration_ms=int(1000 * sum(run.seconds.values())),
        )
        .returning(run_table.c.id)
    ).scalar_one()
    records = (
        (run_id, r.entity_id, r.status, r.share_min, r.share_max, r.lookthrough or None, r.depth, r.roots, r.path, r.reasons or None)
        for r in run.records()
    )
    insert_rows(conn, "affiliation", RECORD_COLUMNS, records)
    run.run_id = int(run_id)
    run.seconds["store"] = time.perf_counter() - started
    return run.run_id


def _stored_set(conn: sa.Connection, digest: str, as_of: date, version: int) -> int | None:
    table = AffiliationRun.__table__
    found = conn.execute(
        sa.select(table.c.id).where(table.c.policy_digest == digest, table.c.as_of == as_of, table.c.data_version == version)
    ).scalar()
    return None if found is None else int(found)


RECORD_COLUMNS = ("run_id", "entity_id", "status", "share_min", "share_max", "lookthrough", "depth", "roots", "path", "reasons")


def fresh_run_id(conn: sa.Connection, policy: Policy, as_of: date) -> int | None:
    """The id of a stored run for this policy and date that no later import has made stale."""
    table = AffiliationRun.__table__
    row = conn.execute(
        sa.select(table.c.id, table.c.data_version)
        .where(table.c.policy_digest == policy_digest(policy), table.c.as_of == as_of)
        .order_by(table.c.id.desc())
        .limit(1)
    ).first()
    if row is None or row.data_version != data_version(conn):
        return None
    return int(row.id)


def compute_and_store(
    engine: sa.Engine,
    policy: Policy,
    as_of: date,
    inputs: EngineInputs | None = None,
    before_commit: Callable[[AffiliatesRun], None] | None = None,
) -> AffiliatesRun:
    """Compute the affiliates (the policy's lists must be loaded), then materialise them in one
    transaction, or refer to the identical stored result set.

    The computation reads outside the write transaction, so the database's write lock is held
    only while the results are stored (the run keeps the data version read before its inputs:
    an import in between makes it stale, never falsely fresh). ``before_commit(run)`` (e.g.
    writing the output file) runs before the commit: if it raises, nothing is stored.
    """
    require_lists(engine, policy.lists, policy.name)
    with engine.connect() as conn:
        run = compute(conn, policy, as_of, inputs)
    try:
        _store_then(engine, run, before_commit)
    except sa.exc.IntegrityError:  # an identical set committed meanwhile: refer to it
        _store_then(engine, run, before_commit)
    return run


def _store_then(engine: sa.Engine, run: AffiliatesRun, before_commit: Callable[[AffiliatesRun], None] | None) -> None:
    with transaction(engine) as conn:
        store(conn, run)
        if before_commit is not None:
            before_commit(run)


def explain_entity(engine: sa.Engine, entity_id: str, policy: Policy, as_of: date, max_depth: int = 4) -> Explanation:
    """Who owns ``entity_id`` and, if it is caught, the proof (owners adding up, paths to roots)."""
    with engine.connect() as conn:
        asked = resolve_entity_id(conn, entity_id)  # a former id of a bundled entry names its entry
        _require_entity(conn, asked)
        require_lists(conn, policy.lists, policy.name)
        parties = party_map(conn)
        entity_id = parties.of(asked)  # a member of a linked party is explained as the party
        listings = load_listings(conn, policy.lists, parties)
        table = load_holding_table(conn, as_of, extra_ids=sorted({l.entity_id for l in listings} | {entity_id}),
                                   parties=parties)
        explanation = explain_result(compute_affiliates_table(table, listings, policy, as_of), entity_id, max_depth)
        explanation.names = entity_names(conn, sorted(explanation.ids()))
        roots = [r.entity_id for r in explanation.affiliation.roots] if explanation.affiliation else []
        if asked != entity_id:
            explanation.notes.append(f"{asked} is one party with {entity_id} by an accepted link: explained as {entity_id}")
        explanation.notes.extend(register_notes(conn, entity_id, roots, parties))
    return explanation


def register_notes(conn: sa.Connection, entity_id: str, roots: list[str], parties: "PartyMap | None" = None) -> list[str]:
    """Lines for ``explain`` on what registers and links say: the accepted links that make the
    entity and its roots listed parties (how and by whom: their holdings, names and identifiers
    count as one party's), and the parents or owners its registers do not report."""
    from partyscreen.store.links import exceptions_of

    parties = party_map(conn) if parties is None else parties
    notes: list[str] = []
    shown: set[tuple[str, str, str]] = set()
    entry_names = _entry_names(conn, [k for target in dict.fromkeys([entity_id, *roots]) for k in parties.links_of(target)])
    for target in dict.fromkeys([entity_id, *roots]):
        for k in parties.links_of(target):
            if (k.list_id, k.entry_id, k.entity_id) in shown:
                continue
            shown.add((k.list_id, k.entry_id, k.entity_id))
            when = k.decided_at.isoformat()[:10] if hasattr(k.decided_at, "isoformat") else str(k.decided_at)[:10]
            merged = f" (own entity {k.own_id})" if k.own_id != f"{k.list_id}:{k.entry_id}" else ""
            how = "made by hand" if k.method == "manual" else f"proposed by {k.method} match"
            notes.append(
                f"link: list entry {k.list_id}:{k.entry_id} ({entry_names.get((k.list_id, k.entry_id), '')}){merged} "
                f"is {k.entity_id}, {how} (score {k.score:g}{_first_line(k.explanation)}), "
                f"accepted by {k.decided_by} on {when}: {k.reason}; holdings recorded on {k.own_id} count as "
                f"{parties.of(k.own_id)}'s"
            )
    for e in exceptions_of(conn, [entity_id]).get(entity_id, []):
        who = "owner" if e["category"] in ("owner", "person-with-significant-control") else "parent"
        where = f"{e['source']} {e['category']}" + (f", {e['reported_on']}" if e["reported_on"] else "")
        notes.append(f"{who} not reported: {e['reason']} ({where})")
    return notes


def _entry_names(conn: sa.Connection, links: list["PartyLink"]) -> dict[tuple[str, str], str]:
    """The names of the linked list entries."""
    found: dict[tuple[str, str], str] = {}
    for k in links:
        if (k.list_id, k.entry_id) not in found:
            row = conn.execute(sa.text("SELECT name FROM list_entry WHERE list_id = :l AND entry_id = :e"),
                               {"l": k.list_id, "e": k.entry_id}).first()
            found[(k.list_id, k.entry_id)] = str(row[0]) if row else ""
    return found


def _first_line(text: object) -> str:
    line = str(text or "").strip().splitlines()[0] if str(text or "").strip() else ""
    return f": {line}" if line else ""


def _require_entity(conn: sa.Connection, entity_id: str) -> None:
    from partyscreen.errors import NotFound

    found = conn.execute(sa.text("SELECT 1 FROM entity WHERE id = :id"), {"id": entity_id}).first()
    if found is None:
        raise NotFound(f"no entity with id {entity_id!r} in the database")
