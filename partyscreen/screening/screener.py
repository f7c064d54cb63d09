"""The screening service: match subjects against a policy's targets and record every run.

Rules:
- A screener opens only on a policy whose lists are all loaded and not empty
  (``partyscreen.store.freshness.require_lists``): otherwise every row would be a silent clear.
- Every subject is matched against every name of the policy's listed parties and of their
  affiliates on the date (``targets.py``); a match at or above ``min_score`` is a hit, reported
  with its basis, ownership path, list reference and outcome.
- A subject with an empty name, or a name over ``settings.MAX_NAME_CHARS`` (1,000) characters,
  is reported as an error row (the stored name cut to the limit); it does not stop the run.
- The input's columns that were not used, and a missing id column, are warned about.
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

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
import sqlalchemy as sa

from partyscreen import __version__, settings
from partyscreen import affiliates as service
from partyscreen.matching import DEFAULT_MIN_SCORE, Match, Matcher, Query, prepare_name
from partyscreen.errors import UsageError
from partyscreen.ownership import Explanation, Policy
from partyscreen.screening import outcomes
from partyscreen.screening.hits import SCREENING_COLUMNS, Hit, ScreeningReport, SubjectResult
from partyscreen.screening.inputs import (
    ENCODING_ATTR,
    ROWS_ATTR,
    ColumnMap,
    column_warnings,
    country_code,
    find_columns,
    SubjectSource,
    subject_identifiers,
)
from partyscreen.screening.targets import Target, TargetSet, build_targets
from partyscreen.screening.record import record_run
from partyscreen.store.csvfile import file_checksum
from partyscreen.store.db import as_engine, require_current_schema, transaction
from partyscreen.store.freshness import require_lists
from partyscreen.store.regime_data import regime_state_for

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
        as_of: date | str | None = None,
        min_score: float | None = None,
        lists: list[str] | str | None = None,
        policy_file: str | Path | None = None,
        stale_days: int | None = None,
        store_targets: bool = True,
    ) -> None:
        day = as_day(as_of, "as_of")
        score = _check_score(min_score)
        lists = _check_lists(lists)
        if policy is not None and not isinstance(policy, (str, Policy)):
            raise UsageError(f"policy: expected a policy name or a Policy, not {type(policy).__name__}")
        if policy_file is not None and not isinstance(policy_file, (str, Path)):
            raise UsageError(f"policy_file: expected a path, not {type(policy_file).__name__}")
        if stale_days is not None and (isinstance(stale_days, bool) or not isinstance(stale_days, int) or stale_days < 0):
            raise UsageError(f"stale_days: expected a whole number of days >= 0, not {stale_days!r}")
        if not isinstance(engine, sa.Engine):
            raise UsageError(f"expected a database URL or a SQLAlchemy Engine, not {type(engine).__name__}")
        require_current_schema(engine)
        self.engine = engine
        self.policy = policy if isinstance(policy, Policy) else service.resolve_policy(policy, lists, policy_file)
        if isinstance(policy, Policy) and lists:
            self.policy = policy.with_lists(lists)
        require_lists(engine, self.policy.lists, self.policy.name)
        self.as_of = day or date.today()
        self.min_score = DEFAULT_MIN_SCORE if score is None else score
        self.stale_days = settings.stale_days(stale_days)
        self.store_targets = store_targets
        """False: affiliates are computed afresh and not stored (re-running a recorded screening)."""
        self._targets: TargetSet | None = None
        self._matcher: Matcher | None = None

    @classmethod
    def open(cls, url_or_engine: str | sa.Engine | None = None, **options: object) -> "Screener":
        """A screener on a database URL (or an existing SQLAlchemy engine); options as ``__init__``.

        Arguments are checked at once (``UsageError`` naming the argument): ``as_of`` a ``date``,
        ``datetime`` or ISO ``"YYYY-MM-DD"`` string; ``min_score`` a number in [0, 100]; ``lists``
        list ids (a list, or one comma-separated string); ``policy`` a name or a ``Policy``;
        ``policy_file`` a path; ``stale_days`` a whole number >= 0. Unknown options are a TypeError.
        """
        if url_or_engine is not None and not isinstance(url_or_engine, (str, sa.Engine)):
            raise UsageError(f"expected a database URL or a SQLAlchemy Engine, not {type(url_or_engine).__name__}")
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

            self._matcher = cached_matcher(self.targets.candidates(), self.targets.weight_corpus)
            # Load rigour's name tagger for queries here, before match_many forks its workers:
            # otherwise every worker of every block pays its start-up (seconds) again.
            prepare_name("warm-up query")
        return self._matcher

    def warnings(self) -> list[str]:
        """The regime's unknown state, measures past their last known period, and lists older
        than ``stale_days`` among the policy's lists (missing or empty ones are refused at open)."""
        found = list(self.targets.warnings)
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
        """The hits for one name (nothing is recorded); checks as ``one_name.name_subject``."""
        from partyscreen.screening.one_name import name_subject

        subject = name_subject(name, country, role, identifiers)
        if subject is None:
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
        """Screen every row of ``frame``; the hits as a DataFrame with the screening output columns.

        The result's index is ``frame``'s index label of the row each hit is for (a row with
        several hits appears several times, a row without none), so ``frame.join(hits)`` or
        ``hits.join(frame)`` puts them side by side; ``row`` is the 1-based position plus one, as a
        spreadsheet of the frame would number it. ``score`` is a float.
        """
        import pandas as pd
        report = self.screen_subjects(
            frame, name_column=name_column, country_column=country_column, role_column=role_column,
            id_column=id_column, record=record, input_name=input_name,
        )
        positions = [pos for pos, subject in enumerate(report.subjects) for _ in subject.hits]
        return pd.DataFrame(
            [h.to_row() for h in report.hits], columns=list(SCREENING_COLUMNS), index=frame.index.take(positions)
        ).astype({"score": "float64"})

    def screen_file(
        self, path: str | Path, *, progress: Progress | None = None, record: bool = True, encoding: str | None = None,
        spool: bool = False, before_commit: Callable[[ScreeningReport], None] | None = None, **columns: str | None,
    ) -> ScreeningReport:
        """Read and screen a counterparty file (CSV, XLSX, JSON Lines, Parquet) chunk by chunk; a
        CSV's encoding is detected unless given.

        With ``spool=True`` the screened rows are kept in a temporary file, not in memory, so
        memory stays flat whatever the file's size: the report is a ``SpooledReport`` whose
        ``subjects`` and ``hits`` are iterables read back from that file (``report.close()``
        removes it). ``before_commit`` as in :meth:`screen_subjects`.
        """
        from partyscreen.screening.inputs import open_subjects

        source = open_subjects(path, encoding)
        return self.screen_source(
            source, checksum=file_checksum(Path(path)), progress=progress, record=record, spool=spool,
            before_commit=before_commit, **columns,
        )

    def screen_source(
        self,
        source: SubjectSource,
        *,
        name_column: str | None = None,
        country_column: str | None = None,
        role_column: str | None = None,
        id_column: str | None = None,
        record: bool = True,
        checksum: str | None = None,
        progress: Progress | None = None,
        before_commit: Callable[[ScreeningReport], None] | None = None,
        spool: bool = False,
        on_chunk: Callable[[list[SubjectResult]], None] | None = None,
    ) -> ScreeningReport:
        """Screen an opened file chunk by chunk (``inputs.open_subjects``): each chunk is read
        (as frames of the columns screening uses, ``ColumnMap.used``: a file's width costs no
        more than reading its cells), matched (by the worker pool), passed to ``on_chunk`` (which
        may annotate its hits) and kept (in memory, or with ``spool`` in a temporary file) before
        the next is read. The run is recorded as by :meth:`screen_subjects`."""
        from partyscreen.screening.spool import SpooledReport, SubjectSpool

        input_name = str(source.path)
        empty = source.empty_frame()
        columns = find_columns(
            empty, name=name_column, country=country_column, role=role_column, id=id_column, source=input_name
        )
        notes = column_warnings(empty, columns, input_name)
        started = time.perf_counter()
        started_at = datetime.now(timezone.utc)
        kept: SubjectSpool | list[SubjectResult] = SubjectSpool() if spool else []
        try:
            for frame in source.chunks(columns.used()):
                subjects = _subjects(frame, columns)
                self._match([s for s in subjects if not s.error])
                if on_chunk is not None:
                    on_chunk(subjects)
                if progress:
                    progress(len(subjects))
                if isinstance(kept, list):
                    kept.extend(subjects)
                else:
                    kept.add(subjects)
            report_type = SpooledReport if spool else ScreeningReport
            report = report_type(**self._report_fields(input_name, kept, notes))  # type: ignore[arg-type]
            report.input_encoding = source.encoding
            return self._finish(report, started, started_at, checksum, record, before_commit)
        except BaseException:
            if not isinstance(kept, list):
                kept.close()
            raise

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
        before_commit: Callable[[ScreeningReport], None] | None = None,
    ) -> ScreeningReport:
        """Screen the rows of a frame and return (and record) the full report.

        ``before_commit(report)`` (e.g. writing the report file) runs once the run id is known and
        before the run's record commits: if it raises, the run is not recorded.
        """
        columns = find_columns(
            frame, name=name_column, country=country_column, role=role_column, id=id_column, source=input_name
        )
        return self.screen_subject_list(
            _subjects(frame, columns), record=record, input_name=input_name, checksum=checksum, progress=progress,
            before_commit=before_commit, notes=column_warnings(frame, columns, input_name),
            input_encoding=frame.attrs.get(ENCODING_ATTR),
        )

    def screen_subject_list(
        self,
        subjects: list[SubjectResult],
        *,
        record: bool = True,
        input_name: str = "<frame>",
        checksum: str | None = None,
        progress: Progress | None = None,
        before_commit: Callable[[ScreeningReport], None] | None = None,
        notes: list[str] | None = None,
        input_encoding: str | None = None,
    ) -> ScreeningReport:
        """Screen subjects already read (rows with an ``error`` are reported, not matched);
        ``notes`` are warnings about the input, reported first."""
        started = time.perf_counter()
        started_at = datetime.now(timezone.utc)
        self._match([s for s in subjects if not s.error], progress)
        report = ScreeningReport(**self._report_fields(input_name, subjects, notes))
        report.input_encoding = input_encoding
        return self._finish(report, started, started_at, checksum, record, before_commit)

    def _report_fields(self, input_name: str, subjects: object, notes: list[str] | None) -> dict[str, object]:
        return dict(
            policy=self.policy.name,
            policy_summary=self.policy.summary(),
            as_of=self.as_of,
            min_score=self.min_score,
            input_name=input_name,
            subjects=subjects,
            list_versions=self.targets.list_versions,
            warnings=[*(notes or []), *self.warnings()],
            regime=self.targets.regime.to_dict() if self.targets.regime else None,
        )

    def _finish(
        self, report: ScreeningReport, started: float, started_at: datetime, checksum: str | None, record: bool,
        before_commit: Callable[[ScreeningReport], None] | None,
    ) -> ScreeningReport:
        report.seconds = time.perf_counter() - started
        if record:
            report.run_id = record_run(self.engine, report, self.targets, checksum, started_at, before_commit)
        elif before_commit is not None:
            before_commit(report)
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
            path=target.path_names if target.basis != "listed" else "",
            path_ids=target.path if target.basis != "listed" else "",
            reasons=target.reasons if target.basis == "possible_affiliate" else "",
            legs=tuple(tuple((share, e, target.labels.get(e, "")) for share, e in leg) for leg in target.legs)
            if target.basis != "listed" else (),
            more_legs=target.more_legs,
            outcome=self.targets.outcome(target),
            alert=target.alert,
            explanation=str(match.explanation),
            row=subject.row,
            subject_id=subject.subject_id,
            role=subject.role,
            regime=self.regime_text(target.basis),
        )

    def regime_text(self, basis: str = "listed") -> str:
        """Where the policy's regime stands on the date, in words ("" when it rests on none)."""
        state = self.targets.regime
        if state is None:
            return ""
        return outcomes.regime_clause(state, affiliate=basis != outcomes.LISTED)

    # --- ownership --------------------------------------------------------------------------------

    def affiliates(self, policy: str | Policy | None = None, as_of: date | str | None = None) -> pd.DataFrame:
        """The affiliates output contract as a DataFrame (computed and stored)."""
        import pandas as pd
        day = as_day(as_of, "as_of")
        pol = policy if isinstance(policy, Policy) else (service.resolve_policy(policy) if policy else self.policy)
        day = day or self.as_of
        run = service.compute_and_store(self.engine, pol, day)
        frame = pd.DataFrame(list(run.rows()), columns=list(service.AFFILIATE_COLUMNS))
        regime = regime_state_for(self.engine, pol, day)
        frame.attrs["regime"] = regime.to_dict() if regime else None
        frame.attrs["warnings"] = [w for w in [outcomes.regime_warning(regime)] if w]
        return frame

    def explain(self, entity_id: str, policy: str | Policy | None = None, as_of: date | str | None = None) -> Explanation:
        """Who owns ``entity_id`` and, if caught, why (see ``partyscreen explain``)."""
        day = as_day(as_of, "as_of")
        pol = policy if isinstance(policy, Policy) else (service.resolve_policy(policy) if policy else self.policy)
        return service.explain_entity(self.engine, entity_id, pol, day or self.as_of)


def as_day(value: object, what: str) -> date | None:
    """A ``date``, ``datetime`` (its date) or ISO ``YYYY-MM-DD`` string as a date; None stays None."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value  # type: ignore[return-value]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(f"{what}: {value!r} is not a date in the form YYYY-MM-DD") from None
    raise UsageError(f"{what}: expected a date or a 'YYYY-MM-DD' string, not {type(value).__name__} {value!r}")


def _check_score(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= float(value) <= 100:
        raise UsageError(f"min_score: expected a number from 0 to 100, not {value!r}")
    return float(value)


def _check_lists(value: object) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()] or None
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
        return list(value) or None
    raise UsageError(f"lists: expected list ids (a list of strings or 'a,b'), not {value!r}")


def _without_nul(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with NUL characters removed from its text cells.

    Rule: a NUL in a screened cell is dropped, as if it were not there ("Sky\\x00dio" is screened
    and recorded as "Skydio"): no real name has one, and PostgreSQL cannot record one (imports,
    unlike screening, refuse such cells).
    """
    cleaned = frame
    for column in frame.columns:
        try:
            has_nul = frame[column].str.contains("\x00", regex=False, na=False)
        except AttributeError:  # not a text column
            continue
        if has_nul.any():
            if cleaned is frame:
                cleaned = frame.copy()
            cleaned[column] = frame[column].where(~has_nul, frame[column].str.replace("\x00", "", regex=False))
    return cleaned


def _subjects(frame: pd.DataFrame, columns: ColumnMap) -> list[SubjectResult]:
    subjects = []
    records = _without_nul(frame).to_dict("records")
    numbers = frame.index.tolist() if frame.attrs.get(ROWS_ATTR) and frame.index.name == "row" else None
    for index, row in enumerate(records):
        name = str(row.get(columns.name, "") or "").strip()
        subject = SubjectResult(
            row=int(numbers[index]) if numbers else index + 2,  # as a spreadsheet shows it: the header is row 1
            subject_id=str(row.get(columns.id, "") or "").strip() if columns.id else "",
            name=name,
            country=country_code(str(row.get(columns.country, "") or "")) if columns.country else None,
            role=str(row.get(columns.role, "") or "").strip() if columns.role else "",
            identifiers=subject_identifiers(row, columns),
        )
        if not name:
            subject.error = "empty name: not screened"
        elif too_long := settings.name_too_long(name):
            subject.name = name[: settings.MAX_NAME_CHARS]
            subject.error = f"{too_long}: not screened"
        subjects.append(subject)
    return subjects
