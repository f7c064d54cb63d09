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

    @property
    def match_digest(self) -> str:
        return digest([self.names, self.kind, self.countries, self.identifiers])

    @property
    def state_digest(self) -> str:
        return digest([self.name, self.basis, self.path, self.measure, self.lists, self.outcome, self.alert])

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


def hit_changes(before: HitState, after: HitState, names: NameChange | None = None) -> list[dict[str, object]]:
    """The compared fields that differ, the subject when its screened fields changed, and the
    candidate's names before and after when its names changed (``names``: before and now)."""
    changes: list[dict[str, object]] = []
    if not after.same_subject(before.subject_fingerprint):
        changes.append({"field": "subject", "before": before.subject_name, "after": after.subject_name})
    for label, attr in COMPARED:
        old, new = getattr(before, attr), getattr(after, attr)
        if old != new:
            changes.append({"field": label, "before": old, "after": new})
    if before.matched_name != after.matched_name:
        changes.append({"field": "matched name", "before": before.matched_name, "after": after.matched_name})
    if names is not None or (before.decision_digest != after.decision_digest
                             and not any(c["field"] in ("basis", "path", "measure") for c in changes)):
        changes.append(_names_change(names))
    return changes


def decision_changes(decision: DecisionRef, hit: HitState, decided: HitState | None,
                     names: NameChange | None = None) -> list[dict[str, object]]:
    """What differs from the state a decision was made on."""
    if decided is not None:
        found = hit_changes(decided, hit, names)
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
) -> list[Classified]:
    """Every current hit with its status, then every cleared one (see the module docstring).

    ``decided_hits`` are the hits decisions were made on (by hit id); ``gone_reasons`` say why a
    cleared hit went (subject inactive, listing no longer alerts …); ``renamed`` are the
    candidates whose names changed since the last run (``names_changed``), so a hit shows the
    candidate's names before and after.
    """
    renamed = renamed or {}
    out: list[Classified] = []
    for pair, hit in current.items():
        decision = decisions.get(pair)
        before = previous.get(pair)
        hit.first_run = before.first_run if before is not None else None
        if decision is not None and decision.holds_for(hit):
            out.append(Classified(hit, SUPPRESSED, hit_changes(before, hit, renamed.get(hit.entity_id)) if before else [],
                                  decision))
        elif before is None:
            if decision is not None:
                decided = decided_hits.get(decision.hit_id) if decision.hit_id is not None else None
                out.append(Classified(hit, CHANGED, decision_changes(decision, hit, decided, renamed.get(hit.entity_id)),
                                      decision))
            else:
                out.append(Classified(hit, NEW, [], None))
        else:
            changes = hit_changes(before, hit, renamed.get(hit.entity_id))
            was_covered = decision is not None and before.same_subject(decision.subject_fingerprint) and \
                decision.entity_fingerprint == before.decision_digest
            if changes or was_covered:
                out.append(Classified(hit, CHANGED, changes, decision))
            else:
                out.append(Classified(hit, UNCHANGED, [], decision))
    for pair, before in previous.items():
        if pair not in current:
            reason = gone_reasons.get(pair, "no longer a hit")
            out.append(Classified(before, CLEARED, [{"field": "hit", "before": "hit", "after": reason}], decisions.get(pair)))
    return out


def counts(classified: list[Classified]) -> dict[str, int]:
    """How many hits have each status."""
    found = {status: 0 for status in (NEW, CHANGED, CLEARED, SUPPRESSED, UNCHANGED)}
    for item in classified:
        found[item.status] += 1
    return found
