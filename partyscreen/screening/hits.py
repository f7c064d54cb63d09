"""Screening results: hits, subjects and the screening output contract."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date

SCREENING_COLUMNS = (
    "row",
    "subject_id",
    "subject_name",
    "role",
    "score",
    "matched_name",
    "entity_id",
    "entity_name",
    "basis",
    "list_id",
    "reference",
    "path",
    "outcome",
    "reasons",
    "path_ids",
)
"""``path`` shows each entity on the ownership path as ``Name [id]`` (one leg per owner whose stake
counts towards the threshold, joined by `` + ``); ``path_ids`` is the same path with ids only;
``reasons`` says why a possible affiliate is only possible (``;``-separated: ``range``,
``unknown_remainder``, ``lookthrough``, ``control``, ``aggregate``)."""


@dataclass
class Hit:
    """One likely match of a screened subject with a listed party or an affiliate of one."""

    subject_name: str
    score: float
    matched_name: str
    entity_id: str
    entity_name: str
    basis: str
    list_id: str
    reference: str
    path: str
    outcome: str
    alert: bool
    explanation: str = ""
    row: int | None = None
    subject_id: str = ""
    role: str = ""
    regime: str = ""
    """Where the regime the policy rests on stands on the date (e.g. "Art. II affiliate rule
    suspended until 2026-11-10 (No. 70 of 2025)"); empty for policies resting on none (ofac …)."""
    path_ids: str = ""
    reasons: str = ""
    legs: tuple[tuple[tuple[str, str, str], ...], ...] = ()
    """The path as legs of ``(share, entity_id, name)`` hops, root first (for diagrams)."""
    more_legs: int = 0
    decision: str = ""
    """``screen --decisions``: the analyst's decision on this customer and entity, in words ("" when none)."""

    def to_row(self) -> dict[str, object]:
        """The screening output contract (``design.md``); ``score`` is a number (one decimal)."""
        return {
            "row": "" if self.row is None else self.row,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "role": self.role,
            "score": round(self.score, 1),
            "matched_name": self.matched_name,
            "entity_id": self.entity_id,
            "entity_name": self.entity_name,
            "basis": self.basis,
            "list_id": self.list_id,
            "reference": self.reference,
            "path": self.path,
            "outcome": self.outcome,
            "reasons": self.reasons,
            "path_ids": self.path_ids,
        }


@dataclass
class SubjectResult:
    """One screened input row."""

    row: int
    subject_id: str
    name: str
    country: str | None
    role: str
    identifiers: list[tuple[str, str]]
    hits: list[Hit] = field(default_factory=list)
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        return "hit" if self.hits else "clear"

    @property
    def fingerprint(self) -> str:
        """A digest of the fields screened as given (name stripped and case-folded): a changed
        record is screened anew (the monitor's and ``screen``'s row fingerprint)."""
        ids = ";".join(f"{s}:{v}" for s, v in sorted(self.identifiers))
        text = "\x1f".join([self.name.strip().casefold(), self.country or "", self.role.casefold(), ids])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def screened_fingerprint(self) -> str:
        """What a decision on this subject binds: ``screened_fingerprint`` of its fields."""
        return screened_fingerprint(self.name, self.country, self.role, self.identifiers)


def screened_form(name: str) -> str:
    """A name as far as screening tells names apart, for binding decisions.

    Rule: Unicode NFKC, case-folded; full stops dropped (``L.L.C.`` = ``LLC``, ``Co.`` = ``Co``),
    commas read as spaces (``Widgets, LLC`` = ``Widgets LLC``), runs of spaces as one. Any other
    change — a letter, a word, a digit, a hyphen or an ampersand — is a different name.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace(".", "").replace(",", " ")
    return " ".join(text.split())


def screened_fingerprint(name: str, country: str | None, role: str, identifiers: list[tuple[str, str]] | tuple) -> str:
    """The digest an analyst's decision binds on the subject's side: the screened form of the
    name (``screened_form``), the country code, the role (case-folded) and the identifiers.

    A subject renamed only in punctuation or spacing (``Zephyr Widgets LLC`` → ``Zephyr Widgets
    L.L.C.``) keeps its decisions; it is still re-screened (its row fingerprint, ``fingerprint``,
    changed). For a name already in its screened form the digest equals ``fingerprint``'s, so
    decisions bound before this rule keep holding (the monitor also accepts the row fingerprint).
    """
    ids = ";".join(f"{s}:{v}" for s, v in sorted(identifiers))
    text = "\x1f".join([screened_form(name), country or "", role.casefold(), ids])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class ScreeningReport:
    """Everything one screening found, for writers and for the exit code."""

    policy: str
    policy_summary: str
    as_of: date
    min_score: float
    input_name: str
    subjects: list[SubjectResult]
    list_versions: dict[str, dict[str, object]]
    warnings: list[str] = field(default_factory=list)
    regime: dict[str, object] | None = None
    """The regime state the answers rest on (``RegimeState.to_dict``), ``None`` for none."""
    run_id: int | None = None
    seconds: float = 0.0
    input_encoding: str | None = None
    """How a CSV input was decoded (``cp1252 (detected)``, ``utf-8 (utf-8)``, ``big5`` when given)."""
    decisions: dict[str, int] | None = None
    """``screen --decisions``: hits a decision covers (``applied``, not alerting any more) and hits
    with a decision made on an earlier state (``stale``); None when decisions were not applied."""

    def hit_columns(self) -> tuple[str, ...]:
        """The hit columns of the report: the screening output contract, plus ``decision`` with ``--decisions``."""
        return SCREENING_COLUMNS + (("decision",) if self.decisions is not None else ())

    def hit_row(self, hit: Hit) -> dict[str, object]:
        """One hit in the report's hit columns (``hit_columns``)."""
        if self.decisions is None:
            return hit.to_row()
        return {**hit.to_row(), "decision": hit.decision}

    def hit_rows(self) -> list[dict[str, object]]:
        return [self.hit_row(h) for h in self.hits]

    @property
    def hits(self) -> list[Hit]:
        return [h for s in self.subjects for h in s.hits]

    def close(self) -> None:
        """Release what the report holds outside memory (nothing here; see ``spool.SpooledReport``)."""

    @property
    def alerts(self) -> list[Hit]:
        return [h for h in self.hits if h.alert]

    def counts(self) -> dict[str, int]:
        hits = self.hits
        return {
            "rows": len(self.subjects),
            "subjects_with_hits": sum(1 for s in self.subjects if s.hits),
            "hits": len(hits),
            "alerts": len(self.alerts),
            "listed": sum(1 for h in hits if h.basis == "listed"),
            "affiliate": sum(1 for h in hits if h.basis == "affiliate"),
            "possible_affiliate": sum(1 for h in hits if h.basis == "possible_affiliate"),
            "errors": sum(1 for s in self.subjects if s.error),
        }
