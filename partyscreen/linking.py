"""Linking list entries to the registry entities they name (``partyscreen link``).

Rule: for each unlinked entry (see ``partyscreen.store.links``) proposals come first from
identifier equality — the entry and a registry entity share an identifier of one scheme (LEI,
USCC, company number...): decisive, score 100 — and, for entries without such a match, from the
matcher on name and country (every name of the entry against every name of the registry
entities; people are not proposed for organisations and vice versa). Each entry keeps its best
``MAX_PROPOSALS`` proposals. A proposal is accepted automatically when it scores at least
``auto_accept`` (default ``DEFAULT_AUTO_ACCEPT``), is the only one of its entry at that level,
and is either an identifier match or a name match whose two countries are known and equal;
everything else waits in the review queue. Pairs decided before (accepted or rejected) are never
proposed again.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import re
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sqlalchemy as sa
from rapidfuzz import fuzz, process

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Match, Matcher, prepare_name
from partyscreen.store import links
from partyscreen.store.db import transaction
from partyscreen.store.former_ids import resolve_entity_id
from partyscreen.store.links import EntryInfo, Proposal

DEFAULT_AUTO_ACCEPT = 95.0
"""Why 95: on the matcher's calibration benchmark, pairs of organisation names scoring 95 or more
are the same name up to legal form, punctuation and script; with the same country too, a wrong
link needs two companies of one country with practically the same name."""
MAX_PROPOSALS = 3
"""Proposals kept per entry: enough to show the reviewer the alternatives, few enough to read."""
QUERY_CHUNK = 50_000
"""Registry names read per batch (a server-side cursor)."""
AUTO_BY = "partyscreen link"
BLOCK_MAX = 5_000
"""A word shared with more registry names than this does not select names for the matcher
(unless all of an entry's words are that common: then names holding its two rarest, else its
rarest): "technology" or "limited" would send it everything."""
PREFILTER_CUTOFF = 65.0
"""Lowest blocking score (0–100) of a registry name sent to the matcher for an entry. Why: on
``scripts/bench_ownership_import.py``'s registry (a sample of 3,279 pairs scoring 55 or more,
each scored in full), no pair the matcher scores 74 or more (the default hit threshold) scored
below 70 here, and one pair scoring 70–74 below 65; 65 sends the matcher 5% fewer pairs than 55
(75: 58% fewer, still no loss at 74 in the sample — a margin kept for real names)."""
REFINE_PER_ENTRY = 12
"""Most registry names per entry name sent to the matcher (as its own ``REFINE_LIMIT``); ties
are taken in entity id order, the order proposals of equal score are kept in."""
STRONG_PREFILTER = 85.0
REFINE_WEAK = 4
"""Of those, at most ``REFINE_WEAK`` scoring below ``STRONG_PREFILTER``. Why: on the benchmark half
the entry names (those naming no registered company) filled all 12 places with names sharing a
word or two, none of which the matcher scores as a hit; the matcher's time is where ``link``
spends most of its own."""
PARALLEL_MIN_TASKS = 2_000
"""Fewest entry names to block, or registry names to score, before worker processes pay off."""
TASK_CHUNK = 500
PARALLEL_SCAN_NAMES = 200_000
"""Fewest registry names (by the span of their ids) before the scan is split across worker processes."""
_ASCII_PUNCT = str.maketrans({c: " " for c in string.punctuation})
STOP_WORDS = frozenset(
    "ltd limited co company inc corp corporation llc gmbh ag sa plc group holding holdings the and of for "
    "de la des du und bv nv srl spa kk oy ab as aps".split()
)
_ASCII_DROPPED = STOP_WORDS | set(string.ascii_lowercase + string.digits)
"""What ``name_terms`` leaves out of a lower-cased ASCII name: filler words and one-character words."""
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]{2,}")


@dataclass
class LinkReport:
    """What one ``link`` run found and decided."""

    entries: int = 0
    proposed: int = 0
    accepted: list[Proposal] = field(default_factory=list)
    queued: int = 0
    by_identifier: int = 0
    by_name: int = 0

    def summary(self) -> str:
        return (
            f"{self.entries} unlinked entr(ies): {self.proposed} new proposal(s) "
            f"({self.by_identifier} by identifier, {self.by_name} by name), "
            f"{len(self.accepted)} accepted automatically, {self.queued} waiting for review"
        )


def _kinds_clash(entry_kind: str, entity_kind: str | None) -> bool:
    pair = {entry_kind, entity_kind or "unknown"}
    return pair == {"person", "organization"}


def block_keys(name: str) -> set[str]:
    """The words (and Chinese character pairs) a name can be found by: NFKC, case-folded, legal
    forms and filler words left out."""
    text = unicodedata.normalize("NFKC", name).casefold()
    keys: set[str] = set()
    for run in _CJK_RUN.findall(text):
        keys.update(run[i : i + 2] for i in range(len(run) - 1))
        keys.add(run[:2])  # a single character too
    keys.update(w for w in _WORD.findall(_CJK_RUN.sub(" ", text)) if w not in STOP_WORDS)
    return keys


def name_terms(name: str) -> tuple[list[str], str]:
    """(blocking keys, prefilter text) of a name: the keys as ``block_keys``; the text its words
    (Chinese runs whole) without legal forms and filler, sorted and space-joined (the matcher
    hardly counts legal forms either).

    Plain ASCII names (most of a register) take a fast path with the same result.
    """
    if name.isascii():
        words = sorted(set(name.lower().translate(_ASCII_PUNCT).split()) - _ASCII_DROPPED)
        return words, " ".join(words)
    text = unicodedata.normalize("NFKC", name).casefold()
    words = [w for w in _WORD.findall(_CJK_RUN.sub(" ", text)) if w not in STOP_WORDS] + _CJK_RUN.findall(text)
    return sorted(block_keys(name)), " ".join(sorted(set(words)))


@dataclass
class _Registry:
    """The registry names that share a blocking key with some entry: one row per name
    ``(entity_id, name)`` in entity id order (then name id), its prefilter text and number of
    keys, and per entry key the rows holding it (postings, ascending)."""

    rows: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    postings: list[Any] = field(default_factory=list)


def _read_registry(conn: sa.Connection, key_ids: dict[str, int], workers: int | None = None) -> _Registry:
    """Every registry name sharing a key with an entry (see ``_Registry``; ``_scan``): a large
    registry is read in ``workers`` slices of name ids at once, this process reading the first
    while forked workers read the others, each on its own connection; the slices are joined and
    put in entity id order, so the result is the same however it was read."""
    own = links.own_entities(conn)
    low, high = links.name_id_range(conn)
    count = workers or os.cpu_count() or 1
    url = conn.engine.url
    if count < 2 or high - low < PARALLEL_SCAN_NAMES or "fork" not in mp.get_all_start_methods() or ":memory:" in str(url):
        reg, order = _scan(conn, key_ids, own, None)
    else:
        step = -(-(high - low) // count)
        slices = [(low + i * step, min(high, low + (i + 1) * step)) for i in range(count)]
        global _SCAN
        _SCAN = (url, key_ids, own)
        try:
            with mp.get_context("fork").Pool(count - 1) as pool:
                rest = pool.map_async(_scan_slice, slices[1:], chunksize=1)
                reg, order = _scan(conn, key_ids, own, slices[0])
                for part, part_order in rest.get():
                    _append(reg, order, part, part_order)
        finally:
            _SCAN = None
    _entity_order(reg, order)
    return reg


_SCAN: tuple[Any, dict[str, int], set[str]] | None = None
"""What forked scan workers inherit: the database URL, the entries' key ids, the entries' own entities."""


def _scan_slice(ids: tuple[int, int]) -> tuple[_Registry, list[tuple[str, int]]]:
    """A scan worker: read one slice of name ids on a connection of its own."""
    from partyscreen.store.db import create_db_engine

    assert _SCAN is not None
    url, key_ids, own = _SCAN
    engine = create_db_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            return _scan(conn, key_ids, own, ids)
    finally:
        engine.dispose()


def _append(reg: _Registry, order: list[tuple[str, int]], part: _Registry, part_order: list[tuple[str, int]]) -> None:
    """Add the rows of another slice after ``reg``'s."""
    offset = len(reg.rows)
    reg.rows.extend(part.rows)
    reg.texts.extend(part.texts)
    reg.sizes.extend(part.sizes)
    order.extend(part_order)
    for posting, more in zip(reg.postings, part.postings):
        posting.extend(at + offset for at in more)


def _scan(
    conn: sa.Connection, key_ids: dict[str, int], own: set[str], ids: tuple[int, int] | None
) -> tuple[_Registry, list[tuple[str, int]]]:
    """One pass over the registry names (``links.registry_names``: in storage order, less those of
    list entries' own entities ``own``), keeping those that share a key with an entry, with the
    (entity id, name id) of each kept row. The hot loop of ``link`` on a large registry: plain
    ASCII names are split with ``str`` methods only (the same keys as ``block_keys``), a chunk of
    them lower-cased and stripped of punctuation in one call; country and kind are read later,
    for the few names the blocking keeps (``links.entity_facts``)."""
    reg = _Registry(postings=[[] for _ in key_ids])
    postings, get, stop = reg.postings, key_ids.get, _ASCII_DROPPED
    rows, texts, sizes = reg.rows, reg.texts, reg.sizes
    order: list[tuple[str, int]] = []
    for chunk in links.registry_names(conn, QUERY_CHUNK, ids):
        lowered = _lowered_ascii([row[2] or "" for row in chunk])
        for i, (name_id, entity_id, name) in enumerate(chunk):
            if not name or entity_id in own:
                continue
            if lowered is not None or name.isascii():
                words = set((lowered[i] if lowered is not None else name.lower().translate(_ASCII_PUNCT)).split())
                hits = set(map(get, words))
                hits.discard(None)
                if not hits:
                    continue
                kept = words - stop
                text = " ".join(sorted(kept))
            else:
                keys, text = name_terms(name)
                hits = {k for k in map(get, keys) if k is not None}
                if not hits:
                    continue
                kept = set(keys)
            at = len(rows)
            rows.append((entity_id, name))
            order.append((entity_id, name_id))
            texts.append(text)
            sizes.append(len(kept))
            for k in hits:
                postings[k].append(at)
    return reg, order


def _entity_order(reg: _Registry, order: list[tuple[str, int]]) -> None:
    """Put the rows read in storage order in (entity id, name id) order, the order ties are kept
    in (nothing to do when storage order is that already, as after an import in id order)."""
    perm = sorted(range(len(order)), key=order.__getitem__)
    if all(i == p for i, p in enumerate(perm)):
        return
    place = np.empty(len(perm), dtype=np.int64)
    place[perm] = np.arange(len(perm), dtype=np.int64)
    reg.rows[:] = [reg.rows[p] for p in perm]
    reg.texts[:] = [reg.texts[p] for p in perm]
    reg.sizes[:] = [reg.sizes[p] for p in perm]
    reg.postings[:] = [np.sort(place[np.asarray(p, dtype=np.int64)]) for p in reg.postings]


def _lowered_ascii(names: list[str]) -> list[str] | None:
    """Each name lower-cased with ASCII punctuation as spaces, when all are ASCII (else None):
    one ``lower`` and one ``translate`` over the joined chunk instead of two calls a name."""
    joined = "\x00".join(names)
    if not joined.isascii() or joined.count("\x00") != len(names) - 1:  # a NUL inside a name: name by name
        return None
    return joined.lower().translate(_ASCII_PUNCT).split("\x00")


def _holding_all(arrays: list[np.ndarray], kids: list[int]) -> np.ndarray:
    """Rows in every one of the (ascending) postings ``kids``."""
    ordered = sorted(kids, key=lambda k: len(arrays[k]))
    rows = arrays[ordered[0]]
    for k in ordered[1:]:
        rows = rows[_member(arrays[k], rows)]
    return rows


def _member(posting: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` are in the ascending ``posting`` (a boolean mask)."""
    if not len(posting):
        return np.zeros(len(rows), dtype=bool)
    at = np.searchsorted(posting, rows)
    at[at == len(posting)] = 0
    return posting[at] == rows


class _Blocking:
    """The C-speed prefilter over the registry names ``_read_registry`` kept (see ``shortlist``)."""

    def __init__(self, reg: _Registry) -> None:
        self.arrays = [np.asarray(p, dtype=np.int64) for p in reg.postings]
        self.df = np.array([len(p) for p in reg.postings], dtype=np.int64)
        self.sizes = np.asarray(reg.sizes, dtype=np.float32)
        self.texts = np.asarray(reg.texts, dtype=object)

    def shortlist(self, kids: list[int], text: str) -> list[int]:
        """The registry rows worth the matcher's time for one entry name (its key ids and text).

        Candidates: the registry names holding a key of it that at most ``BLOCK_MAX`` registry
        names hold (if it has none, those holding its two rarest keys both, else its rarest).
        Each is scored as the matcher's own prefilter scores words — the mean of a word-set score
        (shared keys over the smaller name's) and rapidfuzz ``ratio`` of the sorted words — and
        the best ``REFINE_PER_ENTRY`` at or above ``PREFILTER_CUTOFF`` are kept (ties in entity
        id order).
        """
        arrays, df = self.arrays, self.df
        present = sorted((int(df[k]), k) for k in set(kids) if df[k])
        if not present:
            return []
        kept = [k for n, k in present if n <= BLOCK_MAX]
        if kept:  # the count of selective keys a row holds comes with the union of their postings
            if len(kept) > 1:
                rows, held = np.unique(np.concatenate([arrays[k] for k in kept]), return_counts=True)
            else:
                rows, held = arrays[kept[0]], np.ones(len(arrays[kept[0]]), dtype=np.int64)
            shared = held.astype(np.float32)
            common = [k for n, k in present if n > BLOCK_MAX]
        else:
            rows = _holding_all(arrays, [k for _, k in present[:2]])
            if not len(rows):
                rows = arrays[present[0][1]]
            shared = np.zeros(len(rows), dtype=np.float32)
            common = [k for _, k in present]
        for k in common:
            shared += _member(arrays[k], rows)
        word_set = 100.0 * shared / np.minimum(float(len(present)), np.maximum(self.sizes[rows], 1.0))
        plain = process.cdist([text], self.texts[rows], scorer=fuzz.ratio, dtype=np.float32, workers=1)[0]
        score = (word_set + plain) / 2
        keep = np.flatnonzero(score >= PREFILTER_CUTOFF)
        keep = keep[np.argsort(-score[keep], kind="stable")][:REFINE_PER_ENTRY]
        weak = np.flatnonzero(score[keep] < STRONG_PREFILTER)
        if len(weak) > REFINE_WEAK:  # ranks are ordered: the weak ones are the tail
            keep = keep[: weak[0] + REFINE_WEAK]
        return rows[keep].tolist()  # type: ignore[no-any-return]


_NO_FACTS: tuple[str | None, str] = (None, "unknown")
"""Country and kind of an entity deleted while ``link`` ran."""
Probe = tuple[str, list[int], str]
"""An entry name to block: (entry key, its key ids, its prefilter text)."""
Task = tuple[str, str | None, tuple[str, ...]]
"""A registry name to score: (name, country, the keys of the entries to score it against)."""


def name_proposals(
    entries: list[EntryInfo], conn: sa.Connection, min_score: float, workers: int | None
) -> tuple[list[Proposal], dict[str, str | None]]:
    """The matcher's best proposals per entry, and the country of each proposed entity.

    Blocking (``_Blocking.shortlist``, per entry name) pairs registry names with the few entries
    they may match; the matcher (built over the entries) then scores each registry name against
    those entries only (``Matcher.match_among``). Both run in forked worker processes. A registry
    name that shares no word with an entry (beyond legal forms and words too common to select),
    or is not among the names the blocking ranks first for it, is not proposed for it.
    """
    if not entries:
        return [], {}
    by_key = {e.key: e for e in entries}
    key_ids: dict[str, int] = {}
    probes: list[Probe] = []
    for e in entries:
        for name in dict.fromkeys(e.names):
            keys, text = name_terms(name)
            if keys:
                probes.append((e.key, [key_ids.setdefault(k, len(key_ids)) for k in dict.fromkeys(keys)], text))
    reg = _read_registry(conn, key_ids, workers)
    if not reg.rows:
        return [], {}
    blocking = _Blocking(reg)
    matcher = Matcher(Candidate(e.key, e.names, e.country, None, e.kind) for e in entries)
    with _Workers(blocking, matcher, min_score, workers) as pool:
        pairs: dict[int, list[str]] = defaultdict(list)
        for (key, _, _), rows in zip(probes, pool.map(_shortlist_chunk, probes)):
            for row in rows:
                if key not in pairs[row]:
                    pairs[row].append(key)
        ordered = sorted(pairs)
        facts = links.entity_facts(conn, (reg.rows[r][0] for r in ordered))
        tasks: list[Task] = [(reg.rows[r][1], facts.get(reg.rows[r][0], _NO_FACTS)[0], tuple(pairs[r])) for r in ordered]
        results = pool.map(_match_chunk, tasks)
    best: dict[tuple[str, str], Proposal] = {}
    countries: dict[str, str | None] = {}
    for row, matches in zip(ordered, results):
        entity_id, name = reg.rows[row]
        country, kind = facts.get(entity_id, _NO_FACTS)
        for m in matches:
            entry = by_key[m.candidate_id]
            if _kinds_clash(entry.kind, kind):
                continue
            pair = (m.candidate_id, entity_id)
            if pair in best and best[pair].score >= m.score:
                continue
            text = f"{name!r} ~ {m.matched_name!r}\n" + "\n".join(m.explanation.lines())
            best[pair] = Proposal(entry.list_id, entry.entry_id, entity_id, "name", float(m.score), text)
            countries[entity_id] = country
    return list(best.values()), countries


_STATE: tuple[_Blocking, Matcher, float] | None = None
"""What forked workers inherit (set while a ``_Workers`` pool is open)."""


class _Workers:
    """``map`` over forked worker processes that inherit the blocking index and the matcher (not
    pickled); in this process when one worker is asked for, or fork is not available."""

    def __init__(self, blocking: _Blocking, matcher: Matcher, min_score: float, workers: int | None) -> None:
        self.state = (blocking, matcher, min_score)
        self.workers = workers or os.cpu_count() or 1
        self.pool: Any = None

    def __enter__(self) -> "_Workers":
        global _STATE
        _STATE = self.state
        if self.workers > 1 and "fork" in mp.get_all_start_methods():
            prepare_name("warm-up query")  # load the name tagger once, before forking
            self.pool = mp.get_context("fork").Pool(self.workers, initializer=gc.freeze)
        return self

    def __exit__(self, *exc: object) -> None:
        global _STATE
        _STATE = None
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def map(self, function: Any, items: list[Any]) -> list[Any]:
        """``function`` over chunks of ``items``, flattened: one result per item, in order."""
        if self.pool is None or len(items) < PARALLEL_MIN_TASKS:
            return function(items)
        size = max(1, min(TASK_CHUNK, -(-len(items) // (4 * self.workers))))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        return [result for chunk in self.pool.map(function, chunks, chunksize=1) for result in chunk]


def _shortlist_chunk(probes: list[Probe]) -> list[list[int]]:
    assert _STATE is not None
    blocking = _STATE[0]
    return [blocking.shortlist(kids, text) for _, kids, text in probes]


def _match_chunk(tasks: list[Task]) -> list[list[Match]]:
    assert _STATE is not None
    _, matcher, min_score = _STATE
    return [matcher.match_among(name, among, country, limit=MAX_PROPOSALS, min_score=min_score)
            for name, country, among in tasks]


def propose_links(
    engine: sa.Engine,
    list_id: str | None = None,
    auto_accept: float = DEFAULT_AUTO_ACCEPT,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    workers: int | None = None,
    by: str = AUTO_BY,
) -> LinkReport:
    """Propose links for every unlinked entry (of ``list_id``), accept the sure ones (see module rules)."""
    report = LinkReport()
    with engine.connect() as conn:
        entries = links.unlinked_entries(conn, list_id)
        report.entries = len(entries)
        if not entries:
            return report
        decided = {(l, e, t) for l, e, t, s in conn.execute(sa.text(
            "SELECT list_id, entry_id, entity_id, status FROM entity_link")) if s != "proposed"}
        by_identifier = [p for p in links.identifier_matches(conn, list_id) if (p.list_id, p.entry_id, p.entity_id) not in decided]
        matched = {(p.list_id, p.entry_id) for p in by_identifier}
        rest = [e for e in entries if (e.list_id, e.entry_id) not in matched]
        by_name, countries = name_proposals(rest, conn, min_score, workers)
        by_name = [p for p in by_name if (p.list_id, p.entry_id, p.entity_id) not in decided]
    per_entry: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
    for p in by_identifier + by_name:
        per_entry[(p.list_id, p.entry_id)].append(p)
    entry_country = {(e.list_id, e.entry_id): e.country for e in entries}
    kept: list[Proposal] = []
    for key, props in per_entry.items():
        props.sort(key=lambda p: (-p.score, p.entity_id))
        props = props[:MAX_PROPOSALS]
        kept.extend(props)
        sure = [p for p in props if p.score >= auto_accept]
        if len(sure) == 1 and _country_agrees(sure[0], entry_country[key], countries):
            report.accepted.append(sure[0])
    with transaction(engine) as conn:
        report.proposed = links.add_proposals(conn, kept)
        reasons = []
        for p in report.accepted:
            reason = f"auto-accepted: {p.method} match scoring {p.score:g} >= {auto_accept:g}"
            if p.method == "name":
                reason += ", same country"
            reasons.append(reason)
        if report.accepted:
            batch_id = links.start_batch(conn, "link: accepted automatically")
            report.accepted = links.accept_proposals(conn, report.accepted, reasons, by, batch_id=batch_id)
            links.finish_batch(conn, batch_id, len(report.accepted), f"link: {len(report.accepted)} accepted automatically")
    report.by_identifier = sum(1 for p in kept if p.method == "identifier")
    report.by_name = sum(1 for p in kept if p.method == "name")
    accepted_entries = {(p.list_id, p.entry_id) for p in report.accepted}
    report.queued = sum(1 for p in kept if (p.list_id, p.entry_id) not in accepted_entries)
    return report


def _country_agrees(p: Proposal, entry_country: str | None, countries: dict[str, str | None]) -> bool:
    if p.method == "identifier":
        return True
    other = countries.get(p.entity_id)
    return bool(entry_country and other and entry_country.upper() == other.upper())


def decide_link(
    engine: sa.Engine, entry_ref: str, entity_id: str, status: str, by: str, reason: str, list_id: str | None = None
) -> int:
    """Accept or reject one pair by hand (``link accept|reject``); the link id."""
    with transaction(engine) as conn:
        lst, entry = links.resolve_entry(conn, entry_ref, list_id)
        entity_id = resolve_entity_id(conn, entity_id)  # a former entry's entity id names the entry's now
        batch_id = links.start_batch(conn, f"link {status}: {lst}:{entry} -> {entity_id}")
        link_id = links.decide(conn, lst, entry, entity_id, status, by, reason, batch_id=batch_id)
        links.finish_batch(conn, batch_id, 1)
    return link_id
