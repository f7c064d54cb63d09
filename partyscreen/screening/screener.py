"""The screening service: match subjects against a policy's targets and record every run.

Rules:
- A screener opens only on a policy whose lists are all loaded and not empty
  (``partyscreen.store.freshness.require_lists``): otherwise every row would be a silent clear.
- Every subject is matched against every name of the policy's listed parties and of their
  affiliates on the date (``targets.py``); a match at or above ``min_score`` is a hit, reported
  with its basis, ownership path, list reference and outcome.
- A subject with an empty name is reported as an error row; it does not stop the run.
- Every run is recorded (``screening_run``, ``subject``, ``hit``) with the input's checksum,
  policy, date, thresholds, list versions and counts, unless ``record=False``.
- A list whose newest source is older than ``stale_days`` (default ``$PARTYSCREEN_STALE_DAYS``
  or 30) before the screening date is warned about.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from partyscreen import __version__, settings
from partyscreen import affiliates as service
from partyscreen.matching import DEFAULT_MIN_SCORE, Match, Matcher, Query, prepare_name
from partyscreen.ownership import Explanation, Policy
from partyscreen.screening.hits import SCREENING_COLUMNS, Hit, ScreeningReport, SubjectResult
from partyscreen.screening.inputs import (
    ColumnMap,
    country_code,
    find_columns,
    read_subjects,
    subject_identifiers,
)
from partyscreen.screening.targets import Target, TargetSet, build_targets
from partyscreen.screening.record import record_run
from partyscreen.store.csvfile import file_checksum
from partyscreen.store.db import as_engine, require_current_schema
from partyscreen.store.freshness import require_lists

MATCH_LIMIT = 10
BLOCK = 10_000  # queries per progress step; each step forks the matcher's worker pool once

Progress = Callable[[int], None]


class Screener:
    """Screen names and files against a database's lists and ownership data.

    Example:
        >>> screener = Screener.open("sqlite:///partyscreen.db")      # doctest: +SKIP
        >>> screener.screen_name("Skydio Inc", country="US")            # doctest: +SKIP
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        policy: str | Policy | None = None,
        as_of: date | None = None,
        min_score: float | None = None,
        lists: list[str] | None = None,
        policy_file: str | Path | None = None,
        stale_days: int | None = None,
        store_targets: bool = True,
    ) -> None:
        require_current_schema(engine)
        self.engine = engine
        self.policy = policy if isinstance(policy, Policy) else service.resolve_policy(policy, lists, policy_file)
        if isinstance(policy, Policy) and lists:
            self.policy = policy.with_lists(lists)
        require_lists(engine, self.policy.lists, self.policy.name)
        self.as_of = as_of or date.today()
        self.min_score = DEFAULT_MIN_SCORE if min_score is None else float(min_score)
        self.stale_days = settings.stale_days(stale_days)
        self.store_targets = store_targets
        """False: affiliates are computed afresh and not stored (re-running a recorded screening)."""
        self._targets: TargetSet | None = None
        self._matcher: Matcher | None = None

    @classmethod
    def open(cls, url_or_engine: str | sa.Engine | None = None, **options: object) -> "Screener":
        """A screener on a database URL (or an existing SQLAlchemy engine); options as ``__init__``."""
        return cls(as_engine(url_or_engine), **options)  # type: ignore[arg-type]

    # --- targets ---------------------------------------------------------------------------------

    @property
    def targets(self) -> TargetSet:
        if self._targets is None:
            self._targets = build_targets(self.engine, self.policy, self.as_of, store=self.store_targets)
        return self._targets

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            from partyscreen.screening.matcher_cache import cached_matcher

            self._matcher = cached_matcher(self.targets.candidates())
            # Load rigour's name tagger for queries here, before match_many forks its workers:
            # otherwise every worker of every block pays its start-up (seconds) again.
            prepare_name("warm-up query")
        return self._matcher

    def warnings(self) -> list[str]:
        """Lists older than ``stale_days`` among the policy's lists (missing or empty ones are refused at open)."""
        found = []
        for list_id, version in sorted(self.targets.list_versions.items()):
            as_of = version["as_of"]
            if as_of and (self.as_of - date.fromisoformat(str(as_of))).days > self.stale_days:
                found.append(
                    f"list {list_id}: newest source {as_of} is more than {self.stale_days} days before {self.as_of}; "
                    "check for newer announcements"
                )
        return found

    # --- screening ---------------------------------------------------------------------------------

    def screen_name(
        self,
        name: str,
        country: str | None = None,
        role: str | None = None,
        identifiers: Iterable[tuple[str, str]] | dict[str, str] | None = None,
    ) -> list[Hit]:
        """The hits for one name (nothing is recorded)."""
        pairs = list(identifiers.items()) if isinstance(identifiers, dict) else list(identifiers or [])
        subject = SubjectResult(0, "", name.strip(), country_code(country or ""), role or "", pairs)
        if not subject.name:
            return []
        self._match([subject])
        return subject.hits

    def screen_frame(
        self,
        frame: pd.DataFrame,
        *,
        name_column: str | None = None,
        country_column: str | None = None,
        role_column: str | None = None,
        id_column: str | None = None,
        record: bool = True,
        input_name: str = "<frame>",
    ) -> pd.DataFrame:
        """Screen every row of ``frame``; the hits as a DataFrame with the screening output columns."""
        report = self.screen_subjects(
            frame, name_column=name_column, country_column=country_column, role_column=role_column,
            id_column=id_column, record=record, input_name=input_name,
        )
        return pd.DataFrame([h.to_row() for h in report.hits], columns=list(SCREENING_COLUMNS))

    def screen_file(self, path: str | Path, *, progress: Progress | None = None, record: bool = True, **columns: str | None) -> ScreeningReport:
        """Read and screen a counterparty file (CSV, XLSX, JSON Lines, Parquet)."""
        frame = read_subjects(path)
        return self.screen_subjects(
            frame, input_name=str(path), checksum=file_checksum(Path(path)), progress=progress, record=record, **columns
        )

    def screen_subjects(
        self,
        frame: pd.DataFrame,
        *,
        name_column: str | None = None,
        country_column: str | None = None,
        role_column: str | None = None,
        id_column: str | None = None,
        record: bool = True,
        input_name: str = "<frame>",
        checksum: str | None = None,
        progress: Progress | None = None,
    ) -> ScreeningReport:
        """Screen the rows of a frame and return (and record) the full report."""
        columns = find_columns(
            frame, name=name_column, country=country_column, role=role_column, id=id_column, source=input_name
        )
        return self.screen_subject_list(
            _subjects(frame, columns), record=record, input_name=input_name, checksum=checksum, progress=progress
        )

    def screen_subject_list(
        self,
        subjects: list[SubjectResult],
        *,
        record: bool = True,
        input_name: str = "<frame>",
        checksum: str | None = None,
        progress: Progress | None = None,
    ) -> ScreeningReport:
        """Screen subjects already read (rows with an ``error`` are reported, not matched)."""
        started = time.perf_counter()
        started_at = datetime.now(timezone.utc)
        self._match([s for s in subjects if not s.error], progress)
        report = ScreeningReport(
            policy=self.policy.name,
            policy_summary=self.policy.summary(),
            as_of=self.as_of,
            min_score=self.min_score,
            input_name=input_name,
            subjects=subjects,
            list_versions=self.targets.list_versions,
            warnings=self.warnings(),
        )
        report.seconds = time.perf_counter() - started
        if record:
            report.run_id = record_run(self.engine, report, self.targets, checksum, started_at)
        return report

    def _match(self, subjects: list[SubjectResult], progress: Progress | None = None) -> None:
        for start in range(0, len(subjects), BLOCK):
            block = subjects[start : start + BLOCK]
            queries = [Query(s.name, s.country, s.identifiers or None) for s in block]
            results = self.matcher.match_many(queries, limit=MATCH_LIMIT, min_score=self.min_score)
            for subject, matches in zip(block, results):
                subject.hits = [self._hit(subject, m) for m in matches]
            if progress:
                progress(len(block))

    def _hit(self, subject: SubjectResult, match: Match) -> Hit:
        target: Target = self.targets.targets[match.candidate_id]
        return Hit(
            subject_name=subject.name,
            score=float(match.score),
            matched_name=match.matched_name,
            entity_id=target.entity_id,
            entity_name=target.name,
            basis=target.basis,
            list_id=target.list_ids,
            reference=target.reference,
            path=target.path if target.basis != "listed" else "",
            outcome=target.outcome(self.policy.name),
            alert=target.alert,
            explanation=str(match.explanation),
            row=subject.row,
            subject_id=subject.subject_id,
            role=subject.role,
        )

    # --- ownership --------------------------------------------------------------------------------

    def affiliates(self, policy: str | Policy | None = None, as_of: date | None = None) -> pd.DataFrame:
        """The affiliates output contract as a DataFrame (computed and stored)."""
        pol = policy if isinstance(policy, Policy) else (service.resolve_policy(policy) if policy else self.policy)
        run = service.compute_and_store(self.engine, pol, as_of or self.as_of)
        return pd.DataFrame(list(run.rows()), columns=list(service.AFFILIATE_COLUMNS))

    def explain(self, entity_id: str, policy: str | Policy | None = None, as_of: date | None = None) -> Explanation:
        """Who owns ``entity_id`` and, if caught, why (see ``partyscreen explain``)."""
        pol = policy if isinstance(policy, Policy) else (service.resolve_policy(policy) if policy else self.policy)
        return service.explain_entity(self.engine, entity_id, pol, as_of or self.as_of)


def _subjects(frame: pd.DataFrame, columns: ColumnMap) -> list[SubjectResult]:
    subjects = []
    records = frame.to_dict("records")
    for index, row in enumerate(records):
        name = str(row.get(columns.name, "") or "").strip()
        subject = SubjectResult(
            row=index + 2,  # as a spreadsheet shows it: the header is row 1
            subject_id=str(row.get(columns.id, "") or "").strip() if columns.id else "",
            name=name,
            country=country_code(str(row.get(columns.country, "") or "")) if columns.country else None,
            role=str(row.get(columns.role, "") or "").strip() if columns.role else "",
            identifiers=subject_identifiers(row, columns),
        )
        if not name:
            subject.error = "empty name: not screened"
        subjects.append(subject)
    return subjects
