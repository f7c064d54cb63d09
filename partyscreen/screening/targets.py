"""What screening can hit: the listed parties of a policy's lists and the affiliates the engine found.

Rules:
- The affiliation run for the policy and date is reused when stored and fresh, else computed
  and stored (``partyscreen.affiliates``) with the screening's record, in its transaction.
- A target's listing state comes from its own entries (listed parties) or from its roots'
  entries (affiliates): ``in_effect`` if any counted entry is in effect, else ``suspended``
  (with the latest end) — and listings whose measures have ended on the date are kept as
  targets too, so a screening reports them, but they do not alert.
- A target's countries (for the matcher's country comparison) are its entity's and, for a listed
  party, every country its entries give (an OFAC entry lists each address's country).
- Affiliates caught only through listings the policy does not count on the date (measures
  ended; suspended under a policy that does not count suspensions) are targets too, reported
  the way their listed party is ("listing measures ended from D"), never alerting.
- Under a policy resting on Announcement 61 that aggregates or propagates, an affiliate that the
  direct, per-party reading would not catch is marked ``conservative_only``.
- The state of the policy's regime on the date (``partyscreen.regimes``) goes into every
  outcome; when it is unknown, and for listings whose measures are past their last known
  period, the target set carries one warning each.
- Word weights for name scores are counted over every name of every entity ever entered on the
  policy's lists (``weight_corpus``: listed or delisted, any date), not over the targets of one
  date: one name, one database, one policy give one score in ``match``, ``screen`` and the
  library, whatever the date asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa

from partyscreen import affiliates as service
from partyscreen.matching import Candidate
from partyscreen.ownership import Listing, Policy
from partyscreen.ownership.model import ENDED, IN_EFFECT, SUSPENDED, UNKNOWN_AFTER, Legs, parse_path, render_path
from partyscreen.ownership.policies import MOFCOM_61_REGIME
from partyscreen.ownership.roots import entry_state, merge_states
from partyscreen.regimes import RegimeState
from partyscreen.screening import outcomes
from partyscreen.store import screening_data as data
from partyscreen.store.freshness import list_versions
from partyscreen.store.links import party_map
from partyscreen.store.ownership_data import load_listings
from partyscreen.store.regime_data import policy_regime_state
from partyscreen.store.versions import Snapshot, current_snapshot


@dataclass(frozen=True)
class EntryRef:
    """A list entry behind a hit."""

    list_id: str
    entry_id: str
    name: str
    reference: str | None
    url: str | None
    listed_on: date | None
    state: str
    state_date: date | None


@dataclass
class Target:
    """An entity screening can hit, with everything a report says about it."""

    entity_id: str
    name: str
    kind: str | None
    country: str | None
    basis: str
    share_min: int
    share_max: int
    path: str
    roots: list[str]
    reasons: str
    entries: list[EntryRef] = field(default_factory=list)
    measure_state: str = IN_EFFECT
    measure_date: date | None = None
    conservative_only: bool = False
    counted: bool = True
    countries: list[str] = field(default_factory=list)
    """Every country the target is known in: its entity's, and (a listed party) each of its entries'."""
    names: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    legs: Legs = ()
    """The path as legs of ``(share, entity_id)`` hops (parsed from the stored ``path``, ids only)."""
    more_legs: int = 0
    path_names: str = ""
    """The path with every entity as ``Name [id]``."""
    labels: dict[str, str] = field(default_factory=dict)
    """Entity id -> name for every entity on the path."""
    members: tuple[str, ...] = ()
    """A listed party made of several entities by accepted links: every member, this one first."""
    links: tuple[str, ...] = ()
    """A listed party made of several entities by accepted links: each link, described
    (``partyscreen.ownership.parties``)."""

    def outcome(self, policy: Policy | str, regime: RegimeState | None = None) -> str:
        """The outcome words under ``policy`` (its wording) with the regime's state on the date."""
        key = policy.wording_key if isinstance(policy, Policy) else policy
        return outcomes.describe(
            key,
            self.basis,
            measure_state=self.measure_state,
            measure_date=self.measure_date,
            conservative_only=self.conservative_only,
            counted=self.counted,
            regime=regime,
            list_ids=[e.list_id for e in self.entries],
        )

    @property
    def alert(self) -> bool:
        return self.counted and outcomes.is_alert(self.measure_state)

    @property
    def list_ids(self) -> str:
        return ";".join(dict.fromkeys(e.list_id for e in self.entries))

    @property
    def reference(self) -> str:
        return "; ".join(dict.fromkeys(" ".join(x for x in (e.reference, e.url) if x) for e in self.entries))


@dataclass
class TargetSet:
    """Every target for one policy and date, and the versions of the data behind them."""

    policy: Policy
    as_of: date
    targets: dict[str, Target]
    affiliation_run_id: int | None
    list_versions: dict[str, dict[str, object]]
    weight_corpus: list[tuple[str, str | None]] = field(default_factory=list)
    """``(name, kind)`` of every name on the policy's lists, any date: the corpus of word weights."""
    regime: RegimeState | None = None
    """Where the policy's regime stands on ``as_of`` (``None``: the policy rests on none)."""
    warnings: list[str] = field(default_factory=list)
    """The regime's unknown state, listings past their last known measure period."""
    snapshot: Snapshot | None = None
    """The import batches committed when the targets were read (what ``--reproduce`` restores)."""
    pending_run: service.AffiliatesRun | None = None
    """Affiliates computed for this screening and not yet stored: the run's record stores them in
    its own transaction (``record.record_run``), so a screening killed before it records leaves the
    database as it was."""

    def store_pending(self, conn: sa.Connection) -> None:
        """Store the computed affiliates (or refer to an identical stored set) in ``conn``'s
        transaction and take the stored run's id."""
        if self.pending_run is not None:
            self.affiliation_run_id = service.store(conn, self.pending_run)

    def outcome(self, target: Target) -> str:
        return target.outcome(self.policy, self.regime)

    def candidates(self) -> list[Candidate]:
        return [
            Candidate(t.entity_id, t.names or [t.name], tuple(t.countries) or t.country, t.identifiers or None, t.kind)
            for t in self.targets.values()
        ]


def _computed_rows(
    engine: sa.Engine, policy: Policy, as_of: date
) -> tuple[list[dict[str, object]], service.EngineInputs, service.AffiliatesRun]:
    """The engine's rows computed now and not stored (stored later with the screening's record,
    or never for a re-run of a recorded screening)."""
    with engine.connect() as conn:
        inputs = service.load_inputs(conn, policy.lists, as_of)
        run = service.compute(conn, policy, as_of, inputs)
    rows = [
        {"entity_id": r.entity_id, "status": r.status, "share_min": r.share_min, "share_max": r.share_max,
         "roots": r.roots, "path": r.path, "reasons": r.reasons or None}
        for r in run.records()
    ]
    return rows, inputs, run


def build_targets(engine: sa.Engine, policy: Policy, as_of: date, *, store: bool = True) -> TargetSet:
    """Every target of ``policy`` on ``as_of`` with names, identifiers, entries and outcome inputs.

    With ``store=True`` a fresh stored affiliation run is used, else the affiliates are computed
    and kept as ``pending_run``, to be stored with the screening's record. With ``store=False``
    they are computed and not stored or looked up (a re-run on a past state of the data,
    ``partyscreen.screening.reproduce``).
    """
    with engine.connect() as conn:
        snapshot = current_snapshot(conn)
        parties = party_map(conn)
        listings = load_listings(conn, policy.lists, parties)
    states = _states_by_entity(listings, as_of)
    uncounted = {e for e, (state, _) in states.items() if not _counts(policy, state)}
    run_id: int | None = None
    computed: list[dict[str, object]] | None = None
    pending: service.AffiliatesRun | None = None
    inputs: service.EngineInputs | None = None
    if store:
        with engine.connect() as conn:
            run_id = service.fresh_run_id(conn, policy, as_of)
    if run_id is None:
        computed, inputs, pending = _computed_rows(engine, policy, as_of)
        if not store:
            pending = None
    if inputs is None and (uncounted or _needs_direct(policy)):
        with engine.connect() as conn:
            inputs = service.load_inputs(conn, policy.lists, as_of)
    direct = _direct_reading(engine, policy, as_of, inputs)
    behind_uncounted = _through_uncounted(engine, policy, as_of, inputs, uncounted)
    with engine.connect() as conn:
        rows = data.affiliation_rows(conn, run_id) if computed is None else computed
        regime = policy_regime_state(conn, policy, as_of)
        targets = {str(r["entity_id"]): _target(r, direct) for r in rows}
        for entity_id in sorted(uncounted):
            if entity_id not in targets:
                targets[entity_id] = _uncounted_listing(entity_id)
        for row in behind_uncounted:
            if str(row["entity_id"]) not in targets:
                target = _target(row, None)
                target.roots = [r for r in target.roots if r in uncounted] or target.roots
                target.counted = False
                targets[target.entity_id] = target
        ids = sorted(targets)
        root_ids = sorted({root for t in targets.values() for root in t.roots} | set(ids))
        entries = data.entries_of(conn, root_ids, policy.lists, parties)
        details = data.entity_details(conn, ids)
        names = data.names_of(conn, ids, parties)
        identifiers = data.identifiers_of(conn, ids, parties)
        versions = _versions(conn, policy)
        corpus = data.list_name_corpus(conn, policy.lists)
        for target in targets.values():
            target.legs, target.more_legs = parse_path(target.path)
        on_paths = {e for t in targets.values() for leg in t.legs for _, e in leg}
        path_names = {k: str(d["name"]) for k, d in details.items() if d.get("name")}
        path_names.update(data.entity_names(conn, sorted(on_paths.difference(path_names))))
    by_key = {(l.list_id, l.entity_id): l for l in listings}
    label_memo: dict[str, str] = {}
    for entity_id, target in targets.items():
        detail = details.get(entity_id, {})
        target.labels = {e: path_names[e] for leg in target.legs for _, e in leg if e in path_names}
        target.path_names = render_path(target.legs, target.more_legs, path_names, label_memo)
        target.name = str(detail.get("name") or entity_id)
        target.kind = detail.get("kind")  # type: ignore[assignment]
        target.country = detail.get("country")  # type: ignore[assignment]
        target.countries = _countries(target.country, entries.get(entity_id, []))
        target.names = names.get(entity_id, [target.name])
        target.identifiers = identifiers.get(entity_id, [])
        if parties.of(entity_id) == entity_id and len(parties.group(entity_id)) > 1:
            target.members = parties.group(entity_id)
            target.links = tuple(k.describe() for k in parties.links_of(entity_id))
        _attach_entries(target, entries, by_key, states, as_of, policy)
    warnings = [w for w in [outcomes.regime_warning(regime)] if w] + _measure_warnings(targets.values())
    return TargetSet(policy, as_of, targets, run_id, versions, corpus, regime, warnings, snapshot, pending)


def _counts(policy: Policy, state: str) -> bool:
    """Whether the policy counts a listing in this measure state as a root."""
    return not ((state == ENDED and not policy.count_ended) or (state == SUSPENDED and not policy.count_suspended))


def _measure_warnings(targets: Iterable[Target]) -> list[str]:
    """One warning per announcement whose listings are past their last known measure period."""
    found: dict[tuple[str, str], date | None] = {}
    for target in targets:
        for e in target.entries:
            if e.state == UNKNOWN_AFTER:
                found.setdefault((e.list_id, e.reference or e.entry_id), e.state_date)
    return [outcomes.measure_warning(list_id, ref, day) for (list_id, ref), day in sorted(found.items())]


def _through_uncounted(
    engine: sa.Engine, policy: Policy, as_of: date, inputs: service.EngineInputs | None, uncounted: set[str]
) -> list[dict[str, object]]:
    """Affiliates caught through listings the policy does not count on the date (their measures
    ended, or are suspended under a policy that does not count suspensions): the engine run from
    those roots alone, counting them. Reported like their listed party, never alerting."""
    if not uncounted or inputs is None:
        return []
    wider = replace(policy, name=f"{policy.name}/uncounted", count_ended=True, count_suspended=True)
    only = replace(inputs, listings=[l for l in inputs.listings if l.entity_id in uncounted], graph=inputs.graph)
    with engine.connect() as conn:
        run = service.compute(conn, wider, as_of, only)
    inputs.graph = only.graph
    return [r._asdict() for r in run.records() if r.status != outcomes.LISTED]


def _countries(entity_country: str | None, own_entries: list[dict[str, object]]) -> list[str]:
    """The entity's country, then every country its own list entries give, each once."""
    codes = [entity_country or ""] + [c for e in own_entries for c in str(e.get("country") or "").split(";")]
    return list(dict.fromkeys(c for c in codes if c))


def _versions(conn: sa.Connection, policy: Policy) -> dict[str, dict[str, object]]:
    """The current version of each of the policy's lists (an empty one when it was never loaded)."""
    loaded = list_versions(conn)
    empty = {"as_of": None, "as_of_basis": None, "batch_id": None, "entries": 0}
    return {list_id: loaded[list_id].to_dict() if list_id in loaded else dict(empty) for list_id in sorted(policy.lists)}


def _target(row: dict[str, object], direct: set[str] | None) -> Target:
    entity_id = str(row["entity_id"])
    basis = str(row["status"])
    roots = [r for r in str(row["roots"] or "").split(";") if r and not r.startswith("+")]
    return Target(
        entity_id=entity_id,
        name=entity_id,
        kind=None,
        country=None,
        basis=basis,
        share_min=int(row["share_min"]),  # type: ignore[arg-type]
        share_max=int(row["share_max"]),  # type: ignore[arg-type]
        path=str(row["path"] or entity_id),
        roots=roots or [entity_id],
        reasons=str(row["reasons"] or ""),
        conservative_only=direct is not None and basis == outcomes.AFFILIATE and entity_id not in direct,
    )


def _uncounted_listing(entity_id: str) -> Target:
    """A listed party the policy does not count on the date (measures ended or suspended)."""
    return Target(entity_id, entity_id, None, None, outcomes.LISTED, 0, 0, entity_id, [entity_id], "", counted=False)


def _states_by_entity(listings: list[Listing], as_of: date) -> dict[str, tuple[str, date | None]]:
    found: dict[str, list[tuple[str, date | None]]] = {}
    for listing in listings:
        state = entry_state(listing, as_of)
        if state is not None:
            found.setdefault(listing.entity_id, []).append(state)
    return {entity_id: merge_states(states) for entity_id, states in found.items()}


def _attach_entries(
    target: Target,
    entries: dict[str, list[dict[str, object]]],
    listings: dict[tuple[str, str], Listing],
    states: dict[str, tuple[str, date | None]],
    as_of: date,
    policy: Policy,
) -> None:
    """The entries behind the target and its listing state (own entries, or its roots')."""
    refs: list[EntryRef] = []
    root_states: list[tuple[str, date | None]] = []
    for root in target.roots:
        if root in states:
            root_states.append(states[root])
        for e in entries.get(root, []):
            listing = listings.get((str(e["list_id"]), root))
            state = entry_state(listing, as_of) if listing else None
            if state is None:
                continue
            refs.append(
                EntryRef(str(e["list_id"]), str(e["entry_id"]), str(e["name"]), e["reference"], e["url"],  # type: ignore[arg-type]
                         e["listed_on"], state[0], state[1])  # type: ignore[arg-type]
            )
    target.entries = refs
    if root_states:
        target.measure_state, target.measure_date = merge_states(root_states)
    if target.measure_state == SUSPENDED and not policy.count_suspended:
        target.counted = False
    if target.measure_state == ENDED and not policy.count_ended:
        target.counted = False


def _needs_direct(policy: Policy) -> bool:
    return policy.regime == MOFCOM_61_REGIME and (policy.aggregate or policy.propagate)


def _direct_reading(
    engine: sa.Engine, policy: Policy, as_of: date, inputs: service.EngineInputs | None
) -> set[str] | None:
    """Affiliates under the direct, per-party reading (Announcement 61 policies that aggregate or propagate)."""
    if not _needs_direct(policy):
        return None
    direct = replace(policy, name=f"{policy.name}/direct", aggregate=False, propagate=False, lookthrough=False)
    with engine.connect() as conn:
        run = service.compute(conn, direct, as_of, inputs)
    return {row["entity_id"] for row in run.rows() if row["status"] == outcomes.AFFILIATE}
