"""``monitor run``: re-screen the customer master, incrementally, and record what changed.

Rules:
- Customers are subjects keyed by their id (an id column is required; an empty or repeated id
  is an input error naming the row). Each keeps a fingerprint of its screened fields (name,
  country, role, identifiers). A customer missing from the input is marked inactive, not deleted
  (its hits are cleared); one that comes back is screened as new.
- A run re-screens only what can have changed since the last completed run: new, changed and
  re-activated customers, the customers that hit a changed candidate, and every customer that
  shares a blocking key (``partyscreen.monitor.keys``) or an identifier with a changed
  candidate's old or new names and that one of the changed candidates, matched alone, scores at
  least ``min_score - REVERSE_MARGIN`` against. A candidate is changed when a list entry, a measure, a link or a
  holding changed what it is: its names, identifiers, basis, path, measure state, outcome
  (``partyscreen.monitor.delta``). The changed candidates run against the subject index, never
  every subject against the candidates.
- ``full=True`` re-screens everyone; so does a run whose policy, minimum score, matcher or word
  weights differ from the last run's (the reason is recorded). The result is the same as the
  incremental run's.
- Word weights (how much a word counts) are counted once over the policy's list names and kept
  with the run: incremental runs score with the same weights, so a new list entry changes the
  scores of the customers that share its words, not of everyone. ``reweigh=True`` counts them
  again over today's lists and re-screens everyone (warned about when the lists have changed).
- One run at a time per database (``partyscreen.store.monitor_lock``). Everything a run writes
  (its row, subjects, candidate states, hits) commits in one transaction at its end: a run that
  crashed or was killed leaves the previous state as it was, and is not visible.
- Only alerting hits are monitored (a listing whose measures ended clears its hits).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from partyscreen import __version__
from partyscreen.errors import InputError, Problem, UsageError
from partyscreen.monitor import delta, state
from partyscreen.monitor.delta import CandidateState, HitState
from partyscreen.monitor.keys import SubjectKeys
from partyscreen.monitor.partitions import (
    PartitionResult,
    PartitionTask,
    candidate_keys,
    key_hash,
    make_executor,
    partitions,
    register_index,
    screen_partition,
)
from partyscreen.screening.hits import SubjectResult
from partyscreen.store import monitor_lock
from partyscreen.store.audit import default_actor, record_event, record_events
from partyscreen.store.db import transaction

DEFAULT_MAX_DROP = 10
"""Percent of the active customers one run may mark inactive unless ``--max-drop`` says more."""

MATCH_LIMIT = 10
MAX_ROLE = 40

Progress = Callable[[int, int], None]
"""Called with (subjects done, subjects to do) as partitions complete."""


@dataclass
class Customers:
    """The customer master as read: subjects, where from, and notes about the input."""

    subjects: list[SubjectResult]
    input_name: str
    notes: list[str] = field(default_factory=list)


@dataclass
class MonitorResult:
    """What a run did and found (its hits are stored: ``partyscreen.monitor.report``)."""

    run_id: int
    policy: str
    as_of: date
    full: bool
    full_reason: str | None
    subjects: int
    screened: int
    inactivated: int
    candidates: int
    candidates_changed: int
    counts: dict[str, int]
    open: int
    warnings: list[str]
    seconds: float

    @property
    def needs_review(self) -> bool:
        """True when the run found new or changed hits (exit code 1)."""
        return any(self.counts[s] for s in delta.REVIEW_STATUSES)


def customers_from_frame(
    frame: pd.DataFrame,
    input_name: str,
    *,
    name_column: str | None = None,
    country_column: str | None = None,
    role_column: str | None = None,
    id_column: str | None = None,
    unit: str = "row",
) -> Customers:
    """Customers from a frame of strings (``read_subjects``), columns found as ``screen`` finds them."""
    from partyscreen.screening.inputs import column_warnings, find_columns
    from partyscreen.screening.screener import _subjects

    try:
        columns = find_columns(frame, name=name_column, country=country_column, role=role_column, id=id_column,
                               source=input_name)
    except InputError as exc:  # the shared reader closes with "Nothing was imported."
        raise exc.reworded(InputError.SCREENED) from None
    if columns.id is None:
        raise InputError.at(
            input_name, 1, "id",
            "no id column found (looked for id, customer_no, client id, Kundennummer, 客户编号 …): the monitor keeps "
            "customers by their id; name it with --id-column",
            outcome=InputError.SCREENED,
        )
    subjects = _subjects(frame, columns)
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for subject in subjects:
        if not subject.subject_id:
            problems.append(Problem(input_name, subject.row, columns.id, "empty id: every customer needs one", unit))
        elif len(subject.subject_id) > 200:
            problems.append(Problem(input_name, subject.row, columns.id, "id longer than 200 characters", unit))
        elif subject.subject_id in first_row:
            problems.append(Problem(input_name, subject.row, columns.id,
                                    f"id {subject.subject_id!r} repeats {unit} {first_row[subject.subject_id]}", unit))
        else:
            first_row[subject.subject_id] = subject.row
    if problems:
        raise InputError(problems, outcome=InputError.SCREENED)
    notes = [w for w in column_warnings(frame, columns, input_name) if "no id column" not in w]
    return Customers(subjects, input_name, notes)


def read_customers(path: str | Path, *, encoding: str | None = None, **columns: str | None) -> Customers:
    """Customers from a file (CSV, XLSX, JSON Lines, Parquet) as ``screen`` reads it."""
    from partyscreen.screening.inputs import read_subjects

    try:
        frame = read_subjects(path, encoding)
    except InputError as exc:
        raise exc.reworded(InputError.SCREENED) from None
    return customers_from_frame(frame, str(path), **columns)


def read_customers_db(url: str, query: str, **columns: str | None) -> Customers:
    """Customers from a query on a database (a table or view of the customer master)."""
    from partyscreen.store.db import create_db_engine, sqlite_file

    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise UsageError(f"--customers-db {url!r}: not a database URL (e.g. postgresql://HOST/DB or "
                         "sqlite:///customers.db)") from None
    source = f"--customers-query on {parsed.render_as_string(hide_password=True)}"
    try:
        engine = create_db_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:  # unknown dialect or driver
        raise UsageError(f"--customers-db {parsed.render_as_string(hide_password=True)}: {exc}") from None
    try:
        file = sqlite_file(engine)
        if file is not None and not file.exists():  # the customer source, not partyscreen's database
            raise UsageError(f"--customers-db: the SQLite file {file} does not exist")
        with engine.connect() as conn:
            result = conn.execute(sa.text(query))
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype=object)
    except sa.exc.DBAPIError as exc:
        text = " ".join(str(exc.orig or exc).split())
        raise UsageError(f"{source}: {text}") from None
    finally:
        engine.dispose()
    frame = frame.astype(object).where(frame.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="record")
    customers = customers_from_frame(frame, source, unit="record", **columns)
    for number, subject in enumerate(customers.subjects, 1):
        subject.row = number  # records counted from 1 (no header row)
    return customers


def _measure(target: Any) -> str:
    return f"{target.measure_state} {target.measure_date}" if target.measure_date else str(target.measure_state)


def candidate_states(targets: Any) -> dict[str, CandidateState]:
    """The state of every target of a ``TargetSet`` (what ``delta`` compares between runs)."""
    found: dict[str, CandidateState] = {}
    for t in targets.targets.values():
        countries = tuple(t.countries) or ((t.country,) if t.country else ())
        found[t.entity_id] = CandidateState(
            t.entity_id, tuple(t.names or [t.name]), t.kind, countries, tuple(sorted(map(tuple, t.identifiers))),
            t.name, t.basis, t.path if t.basis != "listed" else "", _measure(t), t.list_ids, targets.outcome(t),
            bool(t.alert),
        )
    return found


def _identifiers_text(subject: SubjectResult) -> str | None:
    return ";".join(f"{s}:{v}" for s, v in subject.identifiers) or None


def run_monitor(
    engine: sa.Engine | str,
    customers: Customers,
    *,
    policy: Any = None,
    as_of: date | str | None = None,
    min_score: float | None = None,
    lists: list[str] | str | None = None,
    policy_file: str | Path | None = None,
    full: bool = False,
    reweigh: bool = False,
    workers: int | None = None,
    cluster: str | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
    max_drop: float | int | str = DEFAULT_MAX_DROP,
) -> MonitorResult:
    """Re-screen ``customers`` and record the run (see the module docstring).

    An empty customer master is refused (``UsageError``), and so is a run that would mark more
    than ``max_drop`` percent of the currently active customers inactive (a truncated master
    would otherwise clear their hits): nothing is recorded; ``max_drop=100`` allows any drop.

    Args:
        engine: The database (URL or engine).
        customers: From ``read_customers`` / ``read_customers_db`` / ``customers_from_frame``.
        policy, as_of, min_score, lists, policy_file: As ``Screener``.
        full: Re-screen every customer.
        reweigh: Count word weights again over today's list names (re-screens every customer).
        workers: Local worker processes (default every core; 1 screens in this process).
        cluster: A Dask scheduler address (``tcp://HOST:8786``) instead of local workers.
        executor: Any ``concurrent.futures.Executor`` to run partitions on (overrides both).
        progress: Called with (done, total) as partitions complete.
        max_drop: Percent of the active customers a run may mark inactive (default 10).
    """
    from partyscreen.store.db import as_engine

    if not customers.subjects:
        raise UsageError(f"no customers in {customers.input_name}; nothing was done")
    drop = Decimal(str(max_drop))
    if not Decimal(0) <= drop <= Decimal(100):
        raise UsageError(f"--max-drop {max_drop}: expected a percentage from 0 to 100")
    engine = as_engine(engine)
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc)
    lease = monitor_lock.acquire(engine)
    try:
        result = _run(engine, lease, customers, started, started_at, policy=policy, as_of=as_of, min_score=min_score,
                      lists=lists, policy_file=policy_file, full=full, reweigh=reweigh, workers=workers,
                      cluster=cluster, executor=executor, progress=progress, max_drop=drop)
    except BaseException:
        with contextlib.suppress(Exception):  # the run's own error is the one to report
            monitor_lock.release(lease)
        raise
    monitor_lock.release(lease)
    return result


def _run(engine: sa.Engine, lease: monitor_lock.MonitorLease, customers: Customers, started: float,
         started_at: datetime, *, policy: Any, as_of: Any, min_score: Any, lists: Any, policy_file: Any, full: bool,
         reweigh: bool, workers: int | None, cluster: str | None, executor: Executor | None,
         progress: Progress | None, max_drop: Decimal) -> MonitorResult:
    from partyscreen import affiliates as service
    from partyscreen.matching import prepare_name
    from partyscreen.matching.version import MATCHER_VERSION
    from partyscreen.screening.matcher_cache import cached_matcher, code_digest, index_key
    from partyscreen.screening.screener import Screener

    screener = Screener(engine, policy=policy, as_of=as_of, min_score=min_score, lists=lists, policy_file=policy_file)
    targets = screener.targets
    policy_digest = service.policy_digest(screener.policy)
    matcher_version = f"{MATCHER_VERSION}:{code_digest()[:16]}"
    warnings = [*customers.notes, *screener.warnings()]
    with engine.connect() as conn:
        last = state.last_run(conn)
        stored_subjects = state.load_subjects(conn)
        stored_candidates = state.load_candidates(conn)
        previous = {h.pair: h for h in state.load_hits(conn, last.id)} if last is not None else {}
        pinned = state.load_weights(conn, last.weights_digest) if last is not None else None

    reasons = []
    if full:
        reasons.append("--full")
    if reweigh:
        reasons.append("--reweigh")
    if last is None:
        reasons.append("first run")
    else:
        if last.policy_digest != policy_digest:
            reasons.append(f"policy changed ({last.policy} -> {screener.policy.name})")
        if float(last.min_score) != screener.min_score:
            reasons.append(f"minimum score changed ({last.min_score:g} -> {screener.min_score:g})")
        if last.matcher_version != matcher_version:
            reasons.append("the matcher changed")
        if pinned is None:
            reasons.append("the word weights of the last run are missing")
    corpus = targets.weight_corpus if (reweigh or pinned is None or last is None or last.policy_digest != policy_digest) \
        else pinned
    weights_digest = delta.digest(corpus)
    if last is not None and weights_digest != last.weights_digest and not reasons:
        reasons.append("word weights changed")
    if corpus is pinned and delta.digest(targets.weight_corpus) != weights_digest:
        warnings.append(
            f"word weights are those counted over the list names at run {_weights_run(last)}; the lists have changed "
            "since: `monitor run --reweigh` counts them again (and re-screens every customer)"
        )
    full_run = bool(reasons)

    candidates = targets.candidates()
    key = index_key(candidates, corpus)
    matcher = cached_matcher(candidates, corpus)
    register_index(key, matcher)
    screener._matcher = matcher
    prepare_name("warm-up query")  # load rigour's tagger once, before workers fork

    current_states = candidate_states(targets)
    if full_run:
        changed = set(current_states) | set(stored_candidates)
    else:
        changed = delta.changed_candidates(stored_candidates, current_states)
    removed = sorted(set(stored_candidates) - set(current_states))

    # --- subjects: new, changed, re-activated, gone ------------------------------------------
    next_seq = max((s.seq for s in stored_subjects.values()), default=0) + 1
    inserts: list[tuple[object, ...]] = []
    updates: list[tuple[object, ...]] = []
    fresh: set[int] = set()
    by_seq: dict[int, SubjectResult] = {}
    seq_of: dict[str, int] = {}
    for subject in customers.subjects:
        stored = stored_subjects.get(subject.subject_id)
        if stored is None:
            seq = next_seq
            next_seq += 1
        else:
            seq = stored.seq
        fingerprint = subject.fingerprint
        if stored is not None and stored.fingerprint == fingerprint and stored.active:
            by_seq[seq] = subject
            seq_of[subject.subject_id] = seq
            continue
        row = (subject.subject_id, seq, subject.name, subject.country, (subject.role or None) and subject.role[:MAX_ROLE],
               _identifiers_text(subject), fingerprint, subject.error)
        if stored is None:
            inserts.append(row)
            fresh.add(seq)
        else:
            updates.append(row)
            fresh.add(seq)
        by_seq[seq] = subject
        seq_of[subject.subject_id] = seq
    inactivate = sorted(i for i, s in stored_subjects.items() if s.active and i not in seq_of)
    active = sum(1 for s in stored_subjects.values() if s.active)
    if inactivate and len(inactivate) * 100 > max_drop * active:
        raise UsageError(
            f"{customers.input_name}: this run would mark {len(inactivate)} of the {active} active customers "
            f"inactive (more than --max-drop {max_drop.normalize():f}%); a truncated customer master? Nothing was recorded. "
            "`--max-drop 100` allows it."
        )
    gone_seqs = {stored_subjects[i].seq for i in inactivate}

    # --- what to screen -------------------------------------------------------------------------
    own = executor is None
    pool = executor or make_executor(workers, cluster)
    try:
        keys: SubjectKeys | None = None
        if full_run:
            to_screen = set(by_seq)
        else:
            to_screen = set(fresh)
            for h in previous.values():
                if h.entity_id in changed and h.subject_id in seq_of:
                    to_screen.add(seq_of[h.subject_id])
            keys = SubjectKeys.load(last.token)
            if keys is None:
                warnings.append(f"the subject key index of run {last.id} is not in this machine's cache: "
                                "every customer's blocking keys were computed again")
                others = sorted(seq for seq in by_seq if seq not in fresh and not by_seq[seq].error)
                parts = _execute(pool, key, others, by_seq, screener.min_score, True, None)
                keys = SubjectKeys.from_parts([(p.seqs, p.hashes) for p in parts])
            sharing = _sharing(keys, changed, current_states, stored_candidates, by_seq) - to_screen
            to_screen |= _probe(pool, key, sharing, by_seq, changed, current_states, stored_candidates, matcher,
                                screener.min_score)
        screen_seqs = sorted(seq for seq in to_screen if not by_seq[seq].error)
        results = _execute(pool, key, screen_seqs, by_seq, screener.min_score, False, progress)
    finally:
        if own:
            pool.shutdown(wait=True)
    if keys is None:
        keys = SubjectKeys.from_parts([(p.seqs, p.hashes) for p in results])
    else:
        keys.drop(to_screen | fresh | gone_seqs)
        keys.add([(p.seqs, p.hashes) for p in results])

    # --- hits and their statuses -----------------------------------------------------------------
    screened_ids = {by_seq[seq].subject_id for seq in to_screen}
    current: dict[tuple[str, str], HitState] = {}
    for pair, hit in previous.items():
        if hit.subject_id in seq_of and hit.subject_id not in screened_ids:
            current[pair] = HitState(**{**hit.__dict__, "hit_id": None})
    for part in results:
        for seq, matches in part.matches.items():
            subject = by_seq[seq]
            for candidate_id, score, matched_name, explanation in matches:
                hit = _hit_state(screener, subject, candidate_id, score, matched_name, explanation, current_states)
                if hit is not None:
                    current[hit.pair] = hit
    gone = {pair: _gone_reason(pair, seq_of, current_states, screener.min_score) for pair in previous if pair not in current}
    with engine.connect() as conn:
        decisions = state.latest_decisions(conn, set(current) | set(previous))
        decided = state.hits_by_id(conn, [d.hit_id for d in decisions.values() if d.hit_id is not None])
    classified = delta.classify(previous, current, decisions, decided, gone,
                                delta.names_changed(stored_candidates, current_states))
    counts = delta.counts(classified)
    open_hits = counts[delta.NEW] + counts[delta.CHANGED] + counts[delta.UNCHANGED]

    finished_at = datetime.now(timezone.utc)
    token = uuid.uuid4().hex
    run = {
        "token": token, "policy": screener.policy.name, "policy_digest": policy_digest, "as_of": screener.as_of,
        "min_score": screener.min_score, "input_name": customers.input_name[:1000], "full": full_run,
        "full_reason": ", ".join(reasons) or None, "weights_digest": weights_digest, "matcher_version": matcher_version,
        "subjects": len(by_seq), "screened": len(screen_seqs), "inactivated": len(inactivate),
        "candidates": len(current_states), "candidates_changed": len(changed), **counts, "open": open_hits,
        "warnings": _json(warnings), "started_at": started_at, "finished_at": finished_at,
        "duration_ms": int((time.perf_counter() - started) * 1000), "host": lease.host, "pid": os.getpid(),
        "tool_version": __version__,
    }
    subjects = state.SubjectWrite(inserts, updates, inactivate)
    with transaction(engine) as conn:
        monitor_lock.check_held(conn, lease)
        run_id = state.write_run(conn, run, subjects, current_states, removed, changed,
                                 (weights_digest, corpus), classified)
        record_event(conn, action="monitor_run", actor=default_actor(), run_id=run_id, detail={
            "input": customers.input_name, "policy": screener.policy.name, "as_of": screener.as_of, "full": full_run,
            "full_reason": run["full_reason"], "subjects": len(by_seq), "screened": len(screen_seqs),
            "inactivated": len(inactivate), "candidates_changed": len(changed), "counts": counts, "open": open_hits})
        record_events(conn, action="monitor_hit", events=state.hit_events(classified), actor=default_actor(),
                      run_id=run_id)
        monitor_lock.end_in(conn, lease)
    keys.save(token)
    return MonitorResult(
        run_id, screener.policy.name, screener.as_of, full_run, run["full_reason"], len(by_seq),  # type: ignore[arg-type]
        len(screen_seqs), len(inactivate), len(current_states), len(changed), counts, open_hits, warnings,
        time.perf_counter() - started,
    )


def _weights_run(last: Any) -> str:
    return str(last.id) if last is not None else "?"


def _json(items: list[str]) -> str:
    import json

    return json.dumps(items, ensure_ascii=False)


def _sharing(keys: SubjectKeys, changed: set[str], current: dict[str, CandidateState],
             stored: dict[str, delta.StoredCandidate], by_seq: dict[int, SubjectResult]) -> set[int]:
    """Active subjects sharing a blocking key or an identifier with a changed candidate (old or new)."""
    from partyscreen.matching.identifiers import normalize_identifiers

    hashes: set[int] = set()
    idents: set[tuple[str, str]] = set()
    for entity_id in changed:
        for cand in (current.get(entity_id), stored[entity_id].state if entity_id in stored else None):
            if cand is None:
                continue
            hashes.update(key_hash(k) for k in candidate_keys(cand.names, cand.kind))
            idents |= normalize_identifiers(list(cand.identifiers) or None)
    found = {seq for seq in keys.subjects_sharing(hashes) if seq in by_seq}
    if idents:
        for seq, subject in by_seq.items():
            if subject.identifiers and normalize_identifiers(subject.identifiers) & idents:
                found.add(seq)
    return found


REVERSE_MARGIN = 20.0
"""Points below ``min_score`` at which a customer sharing a blocking key with a changed candidate
is re-screened. Why: the changed candidate can change a customer's hits only by scoring near the
threshold itself, or by displacing a hit from the matcher's shortlists (which takes a candidate
whose quick score beats that hit's: such a candidate scores well within 20 points of it)."""


def _probe(pool: Executor, index: str, seqs: set[int], by_seq: dict[int, SubjectResult], changed: set[str],
           current: dict[str, CandidateState], stored: dict[str, delta.StoredCandidate], matcher: Any,
           min_score: float) -> set[int]:
    """Of the customers sharing a key with a changed candidate, those one of the changed candidates
    (old or new state) scores at least ``min_score - REVERSE_MARGIN`` against, scored with a small
    matcher of the changed candidates only (same word weights)."""
    from partyscreen.matching import Candidate, Matcher

    if not seqs:
        return set()
    probes = []
    for entity_id in sorted(changed):
        for tag, cand in (("new", current.get(entity_id)), ("old", stored[entity_id].state if entity_id in stored else None)):
            if cand is not None:
                probes.append(Candidate(f"{tag}:{entity_id}", list(cand.names), cand.countries or None,
                                        list(cand.identifiers) or None, cand.kind))
    probe = Matcher(probes, weights=matcher.weights)
    subjects = [(seq, by_seq[seq].name, by_seq[seq].country, tuple(by_seq[seq].identifiers)) for seq in sorted(seqs)
                if not by_seq[seq].error]
    futures = [pool.submit(screen_partition, PartitionTask(index, chunk, max(0.0, min_score - REVERSE_MARGIN), 1,
                                                           probe=probe)) for chunk in partitions(subjects)]
    return {seq for future in as_completed(futures) for seq in future.result().probed}


def _execute(pool: Executor, index: str, seqs: list[int], by_seq: dict[int, SubjectResult], min_score: float,
             keys_only: bool, progress: Progress | None) -> list[PartitionResult]:
    """Run the partitions of ``seqs`` on ``pool``; results in partition order."""
    subjects = [(seq, by_seq[seq].name, by_seq[seq].country, tuple(by_seq[seq].identifiers)) for seq in seqs]
    chunks = partitions(subjects)
    futures = {pool.submit(screen_partition, PartitionTask(index, chunk, min_score, MATCH_LIMIT, keys_only)): n
               for n, chunk in enumerate(chunks)}
    results: list[PartitionResult | None] = [None] * len(chunks)
    done = 0
    if progress is not None:
        progress(0, len(subjects))
    for future in as_completed(futures):
        n = futures[future]
        results[n] = future.result()
        done += len(chunks[n])
        if progress is not None:
            progress(done, len(subjects))
    return [r for r in results if r is not None]


def _hit_state(screener: Any, subject: SubjectResult, candidate_id: str, score: float, matched_name: str,
               explanation: str, states: dict[str, CandidateState]) -> HitState | None:
    """The monitored hit for one match (None when its listing does not alert)."""
    from partyscreen.matching import Match

    hit = screener._hit(subject, Match(candidate_id, score, matched_name, explanation))  # type: ignore[arg-type]
    if not hit.alert:
        return None
    cand = states[candidate_id]
    return HitState(
        subject.subject_id, subject.name, subject.fingerprint, hit.entity_id, hit.entity_name, hit.matched_name,
        round(float(hit.score), 1), hit.basis, hit.list_id or "", hit.reference or "", hit.path or "", hit.path_ids or "",
        hit.reasons or "", cand.measure, hit.outcome, hit.explanation or "", cand.decision_digest,
    )


def _gone_reason(pair: tuple[str, str], seq_of: dict[str, int], states: dict[str, CandidateState], min_score: float) -> str:
    subject_id, entity_id = pair
    if subject_id not in seq_of:
        return "customer no longer in the input (marked inactive)"
    cand = states.get(entity_id)
    if cand is None:
        return "no longer a listed party or affiliate on the date"
    if not cand.alert:
        return f"listing no longer alerts: {cand.outcome}"
    return f"no longer matches at or above {min_score:g}"
