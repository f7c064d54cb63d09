"""What changed between two runs: candidate states, and each hit's status.

Rules:
- A candidate (a target: listed party or affiliate) is *changed* when it is new, gone, or any of
  what matching reads (names, countries, identifiers, kind: ``match_digest``) or what a hit
  reports (name, basis, path, measure state, lists, outcome, whether it alerts: ``state_digest``)
  differs from the last run.
- A decision binds the subject's screened fingerprint (``screening.hits.screened_fingerprint``:
  name, country, role, identifiers, the name in its screened form, so a change of punctuation
  or spacing alone keeps the decision) and the candidate's names, basis, path and measure
  (``decision_digest``). While both are the same the hit is ``suppressed``. A decision bound to
  the subject's row fingerprint as given (made before that rule, or by ``screen``) holds too.
- Otherwise a hit is ``new`` when the pair (subject, entity) was not a hit in the last run and
  never decided, ``changed`` when its score, basis, path, measure, lists, outcome or the subject's
  screened fields differ from the last run (or it was decided on a state that no longer holds),
  else ``unchanged``. A hit of the last run that is not a hit now is ``cleared``.
- Only alerting hits are tracked: a hit whose listing no longer alerts (measures ended, …) is
  cleared, with the outcome that says why.
- A hit's identity survives a link: a listed party made of several entities by accepted links
  (``partyscreen.ownership.parties``) is screened as its representative, so accepting a link
  (or rejecting one accepted before) changes the entity a hit names. The same subject against
  the same listed party is the same hit (``same_party``: the entities forming the party now and
  at the last run share one): it is ``changed`` (the ``party`` change says which link), keeps its
  first run and carries its decision, never ``cleared`` plus ``new``. A hit's decision is also
  carried by the hits that continue it (``HitState.decision_id``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

NEW, CHANGED, CLEARED, SUPPRESSED, UNCHANGED = "new", "changed", "cleared", "suppressed", "unchanged"
REVIEW_STATUSES = (NEW, CHANGED)
"""Statuses that need an analyst (a run with any exits 1)."""

COMPARED = (
    ("score", "score"),
    ("basis", "basis"),
    ("path", "path_ids"),
    ("measure", "measure"),
    ("lists", "list_id"),
    ("outcome", "outcome"),
)
"""Hit fields whose change makes a hit ``changed``: (name in the report, attribute)."""


def digest(value: object) -> str:
    """SHA-256 of a value's canonical JSON."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class CandidateState:
    """What the monitor screens against for one target, and its digests."""

    entity_id: str
    names: tuple[str, ...]
    kind: str | None
    countries: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    name: str
    basis: str
    path: str
    measure: str
    lists: str
    outcome: str
    alert: bool
    members: tuple[str, ...] = ()
    """A listed party made of several entities by accepted links: every member (this one first)."""
    links: tuple[str, ...] = ()
    """Those links, described (who accepted them, how they were made)."""

    @property
    def match_digest(self) -> str:
        return digest([self.names, self.kind, self.countries, self.identifiers])

    @property
    def state_digest(self) -> str:
        fields: list[object] = [self.name, self.basis, self.path, self.measure, self.lists, self.outcome, self.alert]
        if self.members or self.links:  # unlinked candidates keep the digests stored before links counted
            fields.append([list(self.members), list(self.links)])
        return digest(fields)

    @property
    def decision_digest(self) -> str:
        return decision_digest(self.names, self.basis, self.path, self.measure)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "CandidateState":
        data = json.loads(text)
        data["names"] = tuple(data["names"])
        data["countries"] = tuple(data["countries"])
        data["identifiers"] = tuple(tuple(i) for i in data["identifiers"])
        data["members"] = tuple(data.get("members") or ())
        data["links"] = tuple(data.get("links") or ())
        return cls(**data)


def decision_digest(names: tuple[str, ...] | list[str], basis: str, path: str, measure: str) -> str:
    """What a decision binds on the candidate's side."""
    return digest([list(names), basis, path, measure])


@dataclass(frozen=True)
class StoredCandidate:
    """A candidate as the last run left it."""

    match_digest: str
    state_digest: str
    state: CandidateState


def changed_candidates(stored: dict[str, StoredCandidate], current: dict[str, CandidateState]) -> set[str]:
    """Entity ids of candidates added, removed, or changed in what matching reads or hits report."""
    changed = set(stored).symmetric_difference(current)
    for entity_id, state in current.items():
        before = stored.get(entity_id)
        if before is not None and (before.match_digest != state.match_digest or before.state_digest != state.state_digest):
            changed.add(entity_id)
    return changed


@dataclass
class HitState:
    """One hit as a run reports and stores it."""

    subject_id: str
    subject_name: str
    subject_fingerprint: str
    entity_id: str
    entity_name: str
    matched_name: str
    score: float
    basis: str
    list_id: str
    reference: str
    path: str
    path_ids: str
    reasons: str
    measure: str
    outcome: str
    explanation: str
    decision_digest: str
    first_run: int | None = None
    hit_id: int | None = None
    row_fingerprint: str = ""
    """The subject's row fingerprint as given (``SubjectResult.fingerprint``), known for hits of
    subjects screened in this run (not stored): decisions bound to it hold too."""
    decision_id: int | None = None
    """The decision the run that stored this hit carried (a continued hit keeps it)."""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.subject_id, self.entity_id)

    def same_subject(self, fingerprint: str) -> bool:
        """Whether ``fingerprint`` (bound by a decision, or an earlier hit's) is this hit's subject as screened."""
        return fingerprint == self.subject_fingerprint or (bool(self.row_fingerprint) and fingerprint == self.row_fingerprint)


@dataclass(frozen=True)
class DecisionRef:
    """An analyst's latest decision on a (subject, entity) pair."""

    id: int
    subject_id: str
    entity_id: str
    verdict: str
    reason: str
    by: str
    decided_at: datetime | str
    subject_fingerprint: str
    entity_fingerprint: str
    hit_id: int | None = None

    def holds_for(self, hit: HitState) -> bool:
        """Whether the decision still covers the hit (same subject fields, same candidate state)."""
        return hit.same_subject(self.subject_fingerprint) and self.entity_fingerprint == hit.decision_digest

    def to_dict(self, hit: HitState | None = None) -> dict[str, Any]:
        when = self.decided_at.isoformat() if isinstance(self.decided_at, datetime) else str(self.decided_at)
        out: dict[str, Any] = {"decision_id": self.id, "verdict": self.verdict, "reason": self.reason, "by": self.by,
                               "decided_at": when, "hit_id": self.hit_id}
        if hit is not None:
            out["holds"] = self.holds_for(hit)
        return out


@dataclass
class Classified:
    """A hit with its status in this run."""

    hit: HitState
    status: str
    changes: list[dict[str, object]] = field(default_factory=list)
    decision: DecisionRef | None = None


NameChange = tuple[tuple[str, ...], tuple[str, ...]]
"""A candidate's names in the last run and now."""


def names_changed(stored: dict[str, StoredCandidate], current: dict[str, CandidateState]) -> dict[str, NameChange]:
    """Candidates present in both runs whose names differ: entity id -> (names before, names now)."""
    return {
        entity_id: (before.state.names, state.names)
        for entity_id, state in current.items()
        if (before := stored.get(entity_id)) is not None and before.state.names != state.names
    }


def _names_change(names: NameChange | None) -> dict[str, object]:
    """The ``candidate names`` change: the candidate's names before and after, each joined with
    "; " in the list's order (as every other field shows its value before and after), when known."""
    if names is None:
        return {"field": "candidate names", "before": "(as decided)", "after": "names changed since"}
    old, new = names
    return {"field": "candidate names", "before": "; ".join(old), "after": "; ".join(new)}


def hit_changes(before: HitState, after: HitState, names: NameChange | None = None,
                parties: dict[str, tuple[str, ...]] | None = None) -> list[dict[str, object]]:
    """The compared fields that differ, the subject when its screened fields changed, the party
    when a link changed which entity names it (``parties``: entity -> its links, now or at the
    last run), and the candidate's names before and after when its names changed (``names``: before
    and now)."""
    changes: list[dict[str, object]] = []
    if not after.same_subject(before.subject_fingerprint):
        changes.append({"field": "subject", "before": before.subject_name, "after": after.subject_name})
    if before.entity_id != after.entity_id:
        changes.append(party_change(before, after, parties or {}))
    for label, attr in COMPARED:
        old, new = getattr(before, attr), getattr(after, attr)
        if old != new:
            changes.append({"field": label, "before": old, "after": new})
    if before.matched_name != after.matched_name:
        changes.append({"field": "matched name", "before": before.matched_name, "after": after.matched_name})
    if names is not None or (before.decision_digest != after.decision_digest
                             and not any(c["field"] in ("basis", "path", "measure", "party") for c in changes)):
        changes.append(_names_change(names))
    return changes


def party_change(before: HitState, after: HitState, parties: dict[str, tuple[str, ...]]) -> dict[str, object]:
    """The ``party`` change of a hit whose listed party a link made (or unmade) one with another
    entity: the entity before and now, and the links that make the party now (or made it then)."""
    now, then = parties.get(after.entity_id, ()), parties.get(before.entity_id, ())
    if now:
        why = "one party by accepted link: " + "; ".join(now)
    elif then:
        why = "link no longer accepted: " + "; ".join(then)
    else:
        why = "the party's entities changed"
    return {"field": "party", "before": f"{before.entity_name} [{before.entity_id}]",
            "after": f"{after.entity_name} [{after.entity_id}] ({why})"}


def same_party(previous: dict[tuple[str, str], HitState], current: dict[tuple[str, str], HitState],
               now: dict[str, tuple[str, ...]], then: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Current hits that continue a hit of the last run on another entity of the same listed party:
    current pair -> the last run's pair.

    Rule: the pairs have the same subject, the last run's pair is not a hit now, and the entities
    forming the party now (``now``: entity -> members, for parties of several entities) and then
    (``then``) share one. Ties go to the lowest entity id.
    """
    if not now and not then:
        return {}
    open_before: dict[str, list[str]] = {}
    for subject_id, entity_id in previous:
        if (subject_id, entity_id) not in current:
            open_before.setdefault(subject_id, []).append(entity_id)
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for subject_id, entity_id in sorted(current):
        if (subject_id, entity_id) in previous or subject_id not in open_before:
            continue
        mine = set(now.get(entity_id, (entity_id,)))
        for old in sorted(open_before[subject_id]):
            if not mine.isdisjoint(then.get(old, (old,))):
                found[(subject_id, entity_id)] = (subject_id, old)
                break
    return found


def merged_reasons(previous: dict[tuple[str, str], HitState], current: dict[tuple[str, str], HitState],
                   continued: set[tuple[str, str]], now: dict[str, tuple[str, ...]],
                   then: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], str]:
    """Why a hit of the last run that no current hit continues went, when a link made its entity
    one party with another the subject still hits (that hit continues under its own id)."""
    found: dict[tuple[str, str], str] = {}
    hits_now: dict[str, list[str]] = {}
    for subject_id, entity_id in current:
        hits_now.setdefault(subject_id, []).append(entity_id)
    for pair in previous:
        if pair in current or pair in continued:
            continue
        subject_id, old = pair
        members = set(then.get(old, (old,)))
        for entity_id in sorted(hits_now.get(subject_id, ())):
            if entity_id != old and not members.isdisjoint(now.get(entity_id, (entity_id,))):
                found[pair] = f"now one listed party with {entity_id} by an accepted link (that hit continues)"
                break
    return found


def decision_changes(decision: DecisionRef, hit: HitState, decided: HitState | None,
                     names: NameChange | None = None,
                     parties: dict[str, tuple[str, ...]] | None = None) -> list[dict[str, object]]:
    """What differs from the state a decision was made on."""
    if decided is not None:
        found = hit_changes(decided, hit, names, parties)
        if found:
            return found
    changes: list[dict[str, object]] = []
    if not hit.same_subject(decision.subject_fingerprint):
        changes.append({"field": "subject", "before": "(as decided)", "after": hit.subject_name})
    if decision.entity_fingerprint != hit.decision_digest:
        if names is not None:
            changes.append(_names_change(names))
        else:
            changes.append({"field": "candidate", "before": "(as decided)", "after": f"{hit.entity_name} ({hit.basis})"})
    return changes


def classify(
    previous: dict[tuple[str, str], HitState],
    current: dict[tuple[str, str], HitState],
    decisions: dict[tuple[str, str], DecisionRef],
    decided_hits: dict[int, HitState],
    gone_reasons: dict[tuple[str, str], str],
    renamed: dict[str, NameChange] | None = None,
    continues: dict[tuple[str, str], tuple[str, str]] | None = None,
    carried: dict[int, DecisionRef] | None = None,
    parties: dict[str, tuple[str, ...]] | None = None,
) -> list[Classified]:
    """Every current hit with its status, then every cleared one (see the module docstring).

    ``decided_hits`` are the hits decisions were made on (by hit id); ``gone_reasons`` say why a
    cleared hit went (subject inactive, listing no longer alerts …); ``renamed`` are the
    candidates whose names changed since the last run (``names_changed``), so a hit shows the
    candidate's names before and after. ``continues`` maps a current pair to the last run's pair of the
    same listed party (``same_party``); ``carried`` are the decisions the last run's hits carried
    (by id); ``parties`` the links of each entity (now, or at the last run when it no longer is a
    linked party), for the ``party`` change.
    """
    renamed, continues, carried = renamed or {}, continues or {}, carried or {}
    out: list[Classified] = []
    for pair, hit in current.items():
        was = continues.get(pair, pair)
        before = previous.get(was)
        decision = latest_decision(decisions.get(pair), decisions.get(was),
                           carried.get(before.decision_id) if before is not None and before.decision_id else None)
        names = renamed.get(hit.entity_id) if was == pair else None
        hit.first_run = before.first_run if before is not None else None
        if decision is not None and decision.holds_for(hit):
            out.append(Classified(hit, SUPPRESSED, hit_changes(before, hit, names, parties) if before else [], decision))
        elif before is None:
            if decision is not None:
                decided = decided_hits.get(decision.hit_id) if decision.hit_id is not None else None
                out.append(Classified(hit, CHANGED, decision_changes(decision, hit, decided, names, parties), decision))
            else:
                out.append(Classified(hit, NEW, [], None))
        else:
            changes = hit_changes(before, hit, names, parties)
            was_covered = decision is not None and before.same_subject(decision.subject_fingerprint) and \
                decision.entity_fingerprint == before.decision_digest
            if changes or was_covered:
                out.append(Classified(hit, CHANGED, changes, decision))
            else:
                out.append(Classified(hit, UNCHANGED, [], decision))
    continued = set(continues.values())
    for pair, before in previous.items():
        if pair not in current and pair not in continued:
            reason = gone_reasons.get(pair, "no longer a hit")
            out.append(Classified(before, CLEARED, [{"field": "hit", "before": "hit", "after": reason}], decisions.get(pair)))
    return out


def latest_decision(*found: DecisionRef | None) -> DecisionRef | None:
    """The latest (highest id) of some decisions."""
    present = [d for d in found if d is not None]
    return max(present, key=lambda d: d.id) if present else None


def counts(classified: list[Classified]) -> dict[str, int]:
    """How many hits have each status."""
    found = {status: 0 for status in (NEW, CHANGED, CLEARED, SUPPRESSED, UNCHANGED)}
    for item in classified:
        found[item.status] += 1
    return found
