"""``monitor run``: re-screen the customer master, incrementally, and record what changed.

Rules:
- Customers are subjects keyed by their id (an id column is required; an empty or repeated id
  is an input error naming the row). Each keeps a fingerprint of its screened fields (name,
  country, role, identifiers). A customer missing from the input is marked inactive, not deleted
  (its hits are cleared); one that comes back is screened as new.
- A run re-screens only what can have changed since the last completed run: new, changed and
  re-activated customers, and every customer a changed candidate can reach: the changed
  candidates run against the subject index (``partyscreen.monitor.keys``, rules in
  ``partyscreen.monitor.reach``), never every subject against the candidates. A candidate is
  changed when a list entry, a measure, a link or a holding changed what it is: its names,
  identifiers, basis, path, measure state, outcome (``partyscreen.monitor.delta``). When the
  subject index of the last run is not in the cache, every customer is screened (same result).
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
import threading
import time
import uuid
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partyscreen import __version__
from partyscreen.errors import UsageError
from partyscreen.monitor import delta, prebuild, reach, state
from partyscreen.monitor.delta import CandidateState, HitState
from partyscreen.monitor.customers import (  # noqa: F401 - the readers' public home was this module
    Customers,
    customers_from_frame,
    read_customers,
    read_customers_db,
)
from partyscreen.monitor.keys import SubjectIndex
from partyscreen.monitor.roster import Roster
from partyscreen.procs import collector_paused
from partyscreen.stages import Stages
from partyscreen.monitor.partitions import make_executor, register_index, slots
from partyscreen.monitor.schedule import Progress, Screening
from partyscreen.screening.hits import SubjectResult
from partyscreen.store import monitor_lock
from partyscreen.store.audit import default_actor, record_event, record_events
from partyscreen.store.db import transaction

DEFAULT_MAX_DROP = 10
"""Percent of the active customers one run may mark inactive unless ``--max-drop`` says more."""


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
    stages: list[tuple[str, float, float]] = field(default_factory=list)
    """(stage, wall seconds, driver CPU seconds) of the run, in order (``partyscreen.stages``)."""

    @property
    def needs_review(self) -> bool:
        """True when the run found new or changed hits (exit code 1)."""
        return any(self.counts[s] for s in delta.REVIEW_STATUSES)


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
            bool(t.alert), tuple(t.members), tuple(t.links),
        )
    return found


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
    shutdown_executor: bool = False,
    prebuilt: Future | None = None,
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
        shutdown_executor: Shut ``executor`` down as soon as the customers are screened (its
            workers' memory is free before the results are gathered and written).
        progress: Called with (done, total) as partitions complete.
        max_drop: Percent of the active customers a run may mark inactive (default 10).
        prebuilt: A ``prebuild.start`` of the candidate index on ``executor``'s workers.
    """
    from partyscreen.store.db import as_engine

    if not len(customers):
        raise UsageError(f"no customers in {customers.input_name}; nothing was done")
    drop = Decimal(str(max_drop))
    if not Decimal(0) <= drop <= Decimal(100):
        raise UsageError(f"--max-drop {max_drop}: expected a percentage from 0 to 100")
    engine = as_engine(engine)
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc)
    lease = monitor_lock.acquire(engine)
    # The cyclic garbage collector is off in the driver while the run works (procs.collector_paused):
    # about a fifth of a full run's driver time at 100,000 customers (cProfile). Worker processes
    # collect as usual (partitions._worker_start).
    try:
        with collector_paused():
            result = _run(engine, lease, customers, started, started_at, policy=policy, as_of=as_of, min_score=min_score,
                          lists=lists, policy_file=policy_file, full=full, reweigh=reweigh, workers=workers,
                          cluster=cluster, executor=executor, progress=progress, max_drop=drop,
                          shutdown_executor=shutdown_executor, prebuilt=prebuilt)
    except BaseException:
        with contextlib.suppress(Exception):  # the run's own error is the one to report
            monitor_lock.release(lease)
        raise
    monitor_lock.release(lease)
    return result


def _run(engine: sa.Engine, lease: monitor_lock.MonitorLease, customers: Customers, started: float,
         started_at: datetime, *, policy: Any, as_of: Any, min_score: Any, lists: Any, policy_file: Any, full: bool,
         reweigh: bool, workers: int | None, cluster: str | None, executor: Executor | None,
         progress: Progress | None, max_drop: Decimal, shutdown_executor: bool,
         prebuilt: Future | None) -> MonitorResult:
    from partyscreen import affiliates as service
    from partyscreen.matching.matcher import preload_for_workers
    from partyscreen.matching.version import MATCHER_VERSION
    from partyscreen.screening.matcher_cache import cached_matcher, code_digest, index_key
    from partyscreen.screening.screener import Screener

    stages = Stages()
    screener = Screener(engine, policy=policy, as_of=as_of, min_score=min_score, lists=lists, policy_file=policy_file)
    targets = screener.targets
    stages.mark("targets (listed parties, affiliates)")
    policy_digest = service.policy_digest(screener.policy)
    matcher_version = f"{MATCHER_VERSION}:{code_digest()[:16]}"
    warnings = [*customers.notes, *screener.warnings()]
    with engine.connect() as conn:
        last = state.last_run(conn)
        stored_subjects = state.load_stored(conn)
        stored_candidates = state.load_candidates(conn)
        previous = {h.pair: h for h in state.load_hits(conn, last.id)} if last is not None else {}
        pinned = state.load_weights(conn, last.weights_digest) if last is not None else None
        counted_at = state.weights_first_run(conn, last.weights_digest) if last is not None else None
    stages.mark("last run's state")

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
    corpus = prebuild.weight_corpus(targets, last, pinned, policy_digest, reweigh)
    weights_digest = delta.digest(corpus)
    if last is not None and weights_digest != last.weights_digest and not reasons:
        reasons.append("word weights changed")
    if corpus is pinned and delta.digest(targets.weight_corpus) != weights_digest:
        warnings.append(
            f"word weights are those counted over the list names at run {counted_at or '?'}; the lists have changed "
            "since: `monitor run --reweigh` counts them again (and re-screens every customer)"
        )
    full_run = bool(reasons)

    index = SubjectIndex.load(last.token) if last is not None and not full_run else None
    stages.mark("subject index (cache)")
    candidates = targets.candidates()
    key = index_key(candidates, corpus)
    prebuild.settle(prebuilt)  # built ahead in a worker: then found in the cache
    matcher = cached_matcher(candidates, corpus, index.matcher_key if index is not None else None)
    register_index(key, matcher)
    screener._matcher = matcher
    preload_for_workers()  # once, before workers fork
    stages.mark("candidate index")

    current_states = candidate_states(targets)
    if full_run:
        changed = set(current_states) | set(stored_candidates)
    else:
        changed = delta.changed_candidates(stored_candidates, current_states)
    removed = sorted(set(stored_candidates) - set(current_states))
    stages.mark("candidate states")

    # --- subjects: new, changed, re-activated, gone ------------------------------------------
    roster = Roster(customers, stored_subjects)
    del stored_subjects
    fresh = roster.fresh()
    inactivate = roster.inactivate
    if inactivate and len(inactivate) * 100 > max_drop * roster.active_before:
        raise UsageError(
            f"{customers.input_name}: this run would mark {len(inactivate)} of the {roster.active_before} active customers "
            f"inactive (more than --max-drop {max_drop.normalize():f}%); a truncated customer master? Nothing was recorded. "
            "`--max-drop 100` allows it."
        )
    gone_seqs = roster.gone_seqs
    stages.mark("roster (new, changed, gone)")

    # --- what to screen: the workers start on the fresh subjects while the rest is worked out ------
    own = executor is None or shutdown_executor
    pool = executor or make_executor(workers, cluster)
    screening = Screening(pool, key, roster, screener.min_score, slots(pool, workers), progress)
    try:
        if full_run or index is None:
            if not full_run:
                warnings.append(f"the subject index of run {last.id} is not in this machine's cache: "
                                "every customer was screened again")
            screening.screen(roster.all_seqs())
        else:
            screening.screen(fresh)
            on_changed = {h.subject_id for h in previous.values() if h.entity_id in changed}
            screening.screen(roster.seq_of(on_changed).values())
            stages.mark("queue fresh subjects")
            screening.screen(_reached(screening, index, roster, changed, current_states, stored_candidates, matcher))
            stages.mark("reach (changed candidates x subject index)")
        results = screening.finish()
        stages.mark("screening (waiting on workers)")
    except BaseException:
        screening.cancel()
        raise
    finally:
        if own:
            pool.shutdown(wait=True)
    to_screen, screen_seqs = screening.handed, screening.screened_seqs
    parts = [p.index for p in results]
    for part in results:  # the index holds its own copy of each part's columns: the parts go as it is built
        part.index = None  # type: ignore[assignment]
    if index is None:
        index = SubjectIndex.from_parts(parts)
    else:
        index.drop(to_screen | fresh | gone_seqs)
        index.add(parts)
    del parts
    index.matcher_key = key
    stages.mark("subject index update")

    # --- hits and their statuses -----------------------------------------------------------------
    present = roster.seq_of({h.subject_id for h in previous.values()})
    current: dict[tuple[str, str], HitState] = {}
    for pair, hit in previous.items():
        if hit.subject_id in present and present[hit.subject_id] not in to_screen:
            current[pair] = HitState(**{**hit.__dict__, "hit_id": None})
    for part in results:
        for seq, matches in part.matches.items():
            subject = customers.subject(int(roster.positions([seq])[0]))
            for candidate_id, score, matched_name, explanation in matches:
                hit = _hit_state(screener, subject, candidate_id, score, matched_name, explanation, current_states)
                if hit is not None:
                    current[hit.pair] = hit
    del results
    # a link makes (or unmakes) one listed party of several entities: the same hit under another id
    now_members = {e: c.members for e, c in current_states.items() if c.members}
    then_members = {e: c.state.members for e, c in stored_candidates.items() if c.state.members}
    continues = delta.same_party(previous, current, now_members, then_members)
    gone = {pair: _gone_reason(pair, present, current_states, screener.min_score) for pair in previous
            if pair not in current}
    gone.update(delta.merged_reasons(previous, current, set(continues.values()), now_members, then_members))
    party_links = {e: c.state.links for e, c in stored_candidates.items() if c.state.links}
    party_links.update({e: c.links for e, c in current_states.items() if c.links})
    with engine.connect() as conn:
        decisions = state.latest_decisions(conn, set(current) | set(previous))
        carried = state.decisions_by_id(conn, [h.decision_id for h in previous.values() if h.decision_id is not None])
        decided = state.hits_by_id(conn, [d.hit_id for d in [*decisions.values(), *carried.values()]
                                          if d.hit_id is not None])
    classified = delta.classify(previous, current, decisions, decided, gone,
                                delta.names_changed(stored_candidates, current_states), continues, carried, party_links)
    counts = delta.counts(classified)
    stages.mark("hits and statuses")
    open_hits = counts[delta.NEW] + counts[delta.CHANGED] + counts[delta.UNCHANGED]

    finished_at = datetime.now(timezone.utc)
    token = uuid.uuid4().hex
    run = {
        "token": token, "policy": screener.policy.name, "policy_digest": policy_digest, "as_of": screener.as_of,
        "min_score": screener.min_score, "input_name": customers.input_name[:1000], "full": full_run,
        "full_reason": ", ".join(reasons) or None, "weights_digest": weights_digest, "matcher_version": matcher_version,
        "subjects": len(roster), "screened": len(screen_seqs), "inactivated": len(inactivate),
        "candidates": len(current_states), "candidates_changed": len(changed), **counts, "open": open_hits,
        "warnings": _json(warnings), "started_at": started_at, "finished_at": finished_at,
        "duration_ms": int((time.perf_counter() - started) * 1000), "host": lease.host, "pid": os.getpid(),
        "tool_version": __version__,
    }
    subjects = state.SubjectWrite(roster.rows(known=False), roster.rows(known=True), inactivate)
    # the subject index is written to the cache while the run is written to the database (a
    # thread: both wait mostly on I/O); a run that fails to commit leaves an index no run names
    saving = threading.Thread(target=index.save, args=(token,), name="partyscreen-subject-index")
    saving.start()
    try:
        with transaction(engine) as conn:
            monitor_lock.check_held(conn, lease)
            run_id = state.write_run(conn, run, subjects, current_states, removed, changed,
                                     (weights_digest, corpus), classified)
            record_event(conn, action="monitor_run", actor=default_actor(), run_id=run_id, detail={
                "input": customers.input_name, "policy": screener.policy.name, "as_of": screener.as_of,
                "full": full_run, "full_reason": run["full_reason"], "subjects": len(roster),
                "screened": len(screen_seqs), "inactivated": len(inactivate), "candidates_changed": len(changed),
                "counts": counts, "open": open_hits})
            record_events(conn, action="monitor_hit", events=state.hit_events(classified), actor=default_actor(),
                          run_id=run_id)
            monitor_lock.end_in(conn, lease)
        stages.mark("write run, subjects, hits")
    finally:
        saving.join()
    stages.mark("subject index save (cache; the rest of it)")
    return MonitorResult(
        run_id, screener.policy.name, screener.as_of, full_run, run["full_reason"], len(roster),  # type: ignore[arg-type]
        len(screen_seqs), len(inactivate), len(current_states), len(changed), counts, open_hits, warnings,
        time.perf_counter() - started, stages.done,
    )


def _json(items: list[str]) -> str:
    import json

    return json.dumps(items, ensure_ascii=False)


def _reached(screening: Screening, index: SubjectIndex, roster: Roster, changed: set[str],
             current: dict[str, CandidateState], stored: dict[str, delta.StoredCandidate], matcher: Any) -> set[int]:
    """The active subjects whose matches a changed candidate can change (``partyscreen.monitor.reach``);
    those that only a new name's score can decide are probed on the workers (``Screening.probe``),
    and screened there when it reaches the minimum score."""
    from partyscreen.matching import Candidate, Matcher
    from partyscreen.matching.identifiers import normalize_identifiers

    changes = reach.split_changes(changed, current, stored)
    found = reach.matched_any(index, changed)
    probes = reach.probe_candidates(changes.renamed, current, stored)
    if probes:
        probe = Matcher([Candidate(tag, list(c.names), c.countries or None, None, c.kind) for tag, c in probes],
                        weights=matcher.weights)
        to_score: dict[int, tuple[int, ...]] = {}
        is_new = [probe.candidates[owner].id.startswith("new:") for owner in probe._owner]
        keys = reach.keys_of(probe._names)
        reached = reach.reached(index, probe._names, reach.rare_keys(keys, is_new, matcher.index), keys)
        active = dict(zip(reached, roster.has(reached).tolist()))
        for seq, positions in reached.items():
            if not active[seq] or seq in found:
                continue
            if seq in index.matched or any(probe.candidates[probe._owner[p]].id.startswith("old:") for p in positions):
                found.add(seq)
            else:
                to_score[seq] = tuple(sorted(positions))
        if to_score:
            # customers of one name together: a task scores each name once
            subjects = sorted(((seq, name, None, ()) for seq, name, _, _ in roster.tasks(sorted(to_score))),
                              key=lambda s: (s[1], s[0]))
            screening.probe(subjects, to_score, probe)
    idents: set[tuple[str, str]] = set()
    for _, cand in probes:  # a restated candidate's identifiers are as before: it matched whom they reach
        idents |= normalize_identifiers(list(cand.identifiers) or None)
    if idents:
        for seq, identifiers in roster.with_identifiers():
            if normalize_identifiers(list(identifiers)) & idents:
                found.add(seq)
    ordered = sorted(found)
    return {seq for seq, ok in zip(ordered, roster.has(ordered).tolist()) if ok}


def _hit_state(screener: Any, subject: SubjectResult, candidate_id: str, score: float, matched_name: str,
               explanation: str, states: dict[str, CandidateState]) -> HitState | None:
    """The monitored hit for one match (None when its listing does not alert)."""
    from partyscreen.matching import Match

    hit = screener._hit(subject, Match(candidate_id, score, matched_name, explanation))  # type: ignore[arg-type]
    if not hit.alert:
        return None
    cand = states[candidate_id]
    return HitState(
        subject.subject_id, subject.name, subject.screened_fingerprint, hit.entity_id, hit.entity_name,
        hit.matched_name, round(float(hit.score), 1), hit.basis, hit.list_id or "", hit.reference or "", hit.path or "",
        hit.path_ids or "", hit.reasons or "", cand.measure, hit.outcome, hit.explanation or "", cand.decision_digest,
        row_fingerprint=subject.fingerprint,
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
