"""The matcher: candidates in, ranked and explained matches out.

Rule: a query name is prepared like every candidate name, looked up in the candidate index
(blocking, then the rapidfuzz prefilter), and the surviving names scored pair by pair
(``score.py``); a candidate's score is its best name's score. Then the secondary evidence:

* identifiers — an equal identifier of the same scheme (LEI, USCC, registration number …)
  makes the score 100 whatever the names; a conflicting one (same scheme, different value)
  removes the candidate;
* country — when both sides give countries and the query's is none of the candidate's (a
  listed party may have several: addresses, nationalities), ``COUNTRY_MISMATCH_PENALTY`` points.

Matches below ``min_score`` (default ``DEFAULT_MIN_SCORE``) are dropped.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from partyscreen.matching import common_words
from partyscreen.matching.explain import Explanation
from partyscreen.matching.forms import NameForm, dedicatee, name_forms, same_dedicatee
from partyscreen.matching.identifiers import Identifiers, compare_identifiers, normalize_identifiers
from partyscreen.matching.index import NameIndex
from partyscreen.matching.normalize import NAME, PreparedName, prepare_name
from partyscreen.matching.score import fast_score, name_origins, score_names
from partyscreen.matching.weights import TokenWeights
from partyscreen.procs import die_with_parent

# Default threshold for a hit, 0–100.  Calibrated with scripts/bench_matching.py on the
# nomenklatura name benchmark (826 labelled pairs): F1 is flat between 70 and 75 (overall
# 0.863–0.866, organisations 0.915–0.920, persons 0.823–0.826) and highest at 74 overall and on
# organisations, so 74.  Recall on the yente UN positives stays ≥ 0.99 there; a caller who
# prefers one more alert to one missed hit can pass min_score=70.
DEFAULT_MIN_SCORE = 74.0
# Points off when query and candidate countries are both known and differ.  Why: enough to
# push a borderline name match below the threshold, not enough to hide an exact name (lists
# often record a country of registration that differs from the trading address).
COUNTRY_MISMATCH_PENALTY = 10.0
# Most queries per task sent to a worker process in match_many (smaller batches are cut into
# 2 tasks per worker, so both cores stay busy).
BATCH_CHUNK = 1000
# Fewest (distinct) queries for which match_many starts worker processes.  Why: starting a
# pool costs ~0.1 s, the time of ~150 indexed queries; below 2,000 it still pays off.
PARALLEL_MIN_QUERIES = 2000
# Exhaustive queries cost ~50x more, so fewer of them justify the pool.
PARALLEL_MIN_EXHAUSTIVE = 50
# Allocations between young-generation collections in a match_many worker (CPython's default
# is 700; collections cost ~7% of a worker's time at the default).
WORKER_GC_THRESHOLD = 20_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listed party to match against.

    Attributes:
        id: The caller's key for the candidate.
        names: Every name it goes by (primary, aliases, local-script names).
        country: ISO 3166-1 alpha-2 code, or a collection of codes (every country the party is
            known in: a query from any of them is not a country mismatch), if known.
        identifiers: Mapping scheme → value or iterable of (scheme, value) pairs.
        kind: ``person`` | ``organization`` | ``vessel`` | ``unknown`` (selects name rules).
    """

    id: str
    names: Sequence[str]
    country: str | Collection[str] | None = None
    identifiers: Identifiers | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    """A name to screen, with optional secondary evidence (used by ``match_many``)."""

    name: str
    country: str | None = None
    identifiers: Identifiers | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate found for a query.

    Attributes:
        candidate_id: The candidate's id.
        score: 0–100 after identifiers and country.
        matched_name: The candidate name that scored best.
        explanation: Why (see ``Explanation``; ``str()`` gives readable lines).
    """

    candidate_id: str
    score: float
    matched_name: str
    explanation: Explanation = field(compare=False)

    def __reduce__(self) -> tuple[type[Match], tuple[str, float, str, Explanation]]:
        # Pickled as its fields (match_many's workers send matches back pickled; see
        # ``TokenMatch.__reduce__``).
        return Match, (self.candidate_id, self.score, self.matched_name, self.explanation)


def _norm_country(country: str | None) -> str | None:
    return country.strip().lower() or None if country else None


def _norm_countries(country: str | Collection[str] | None) -> frozenset[str]:
    """A candidate's countries, normalised (one code, or several; empty when none is known)."""
    items = [country] if isinstance(country, str) else list(country or ())
    return frozenset(c for c in (_norm_country(i) for i in items) if c)


class Matcher:
    """Screen names against a fixed list of candidates.

    Args:
        candidates: The candidates; their names are prepared and indexed once.
        weights: Word weights to score with; by default counted over the candidates' names.
            Pass weights counted over a fixed corpus (``TokenWeights(...)``) when the candidate
            set varies (by date, say) but a name must score the same against the same candidate.

    Example:
        >>> m = Matcher([Candidate("hw", ["HUAWEI TECHNOLOGIES COMPANY LIMITED", "华为技术有限公司"])])
        >>> m.match("Huawei Technologies Co., Ltd.")[0].candidate_id
        'hw'
    """

    def __init__(self, candidates: Iterable[Candidate], weights: TokenWeights | None = None,
                 prepared: Mapping[tuple[str, str | None], PreparedName] | None = None) -> None:
        """``prepared``: names prepared before (``prepared_names`` of a matcher built by the same
        code), used as they are instead of being prepared again."""
        # The cyclic garbage collector is paused while the index is built: the build creates
        # millions of long-lived objects (no cycles), and the collections that their growth
        # triggers would rescan them all again and again (more than half the build time).
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(candidates, weights, prepared or {})
        finally:
            if paused:
                gc.enable()

    def _build(self, candidates: Iterable[Candidate], weights: TokenWeights | None,
               prepared: Mapping[tuple[str, str | None], PreparedName]) -> None:
        self.candidates: list[Candidate] = list(candidates)
        self._names: list[PreparedName] = []
        self._owner: list[int] = []
        self._idents: list[frozenset[tuple[str, str]]] = []
        self._countries: list[frozenset[str]] = []
        self._by_ident: dict[tuple[str, str], list[int]] = {}
        # Who the dedication of a listed name, or of the name a listed form was read from without
        # it, names (``forms.dedicatee``), by name id: a screened name dedicated to someone else is
        # not compared with them ("… Plant named after Lenin" is not "… Plant named after Gorbunov").
        self._dedicatees: dict[int, str] = {}
        for pos, cand in enumerate(self.candidates):
            idents = normalize_identifiers(cand.identifiers)
            self._idents.append(idents)
            self._countries.append(_norm_countries(cand.country))
            for ident in idents:
                self._by_ident.setdefault(ident, []).append(pos)
            forms, dedications = self._listed_forms(cand)
            for name in forms:
                known = prepared.get((name, cand.kind))
                if name in dedications:
                    self._dedicatees[len(self._names)] = dedicatee(dedications[name])
                self._names.append(known if known is not None else prepare_name(name, cand.kind))
                self._owner.append(pos)
        self.weights = weights if weights is not None else TokenWeights(n.tokens for n in self._names)
        self.index = NameIndex(self._names, self._owner)
        # Each listed name's origins (Arabic evidence, Korean-, Wade–Giles-, Chinese-shaped) read
        # once here, not at its first comparison with a screened name.
        for name in self._names:
            name_origins(name)
        self._name_ids: dict[str, list[int]] | None = None  # candidate id -> its name ids (match_among)
        self._listed: dict[str, list[PreparedName]] | None = None  # listed name -> its readings (_best_pair)

    def prepared_names(self) -> dict[tuple[str, str | None], PreparedName]:
        """Every indexed name, prepared, by (name as listed, kind): for a matcher of a changed
        candidate list built by the same code (``prepared``)."""
        return {(name.original, name.kind): name for name in self._names}

    @staticmethod
    def _listed_forms(cand: Candidate) -> tuple[list[str], dict[str, str]]:
        """A candidate's names, each followed by its full name and short form when it carries
        one in brackets (a person's bracket is an alternative spelling: only the full name), and
        by the name without its dedication ("… named after V.P. Chkalov") when it has one and a
        proper name word of its own is left (``_named``: never "Plant" alone); and, for the names
        with a dedication and those read without one, the dedication."""
        out: list[str] = []
        dedications: dict[str, str] = {}
        for name in cand.names:
            if not name or not name.strip():
                continue
            out.append(name)
            for form in name_forms(name):
                if form.how == "undedicated" and cand.kind != "person":
                    dedications.setdefault(name, form.note)
                    if _named(form.text, cand.kind):
                        dedications.setdefault(form.text, form.note)
                        out.append(form.text)
                elif form.how == "full" or (form.how == "short" and cand.kind != "person"):
                    out.append(form.text)
        return list(dict.fromkeys(out)), dedications

    def score(self, query: str, candidate: str) -> float:
        """Score two names 0–100 with this list's word weights (no country, no identifiers);
        the query in its best reading (as given, full name, short form, branch's parent)."""
        return self._best_pair(query, candidate).score

    def explain(self, query: str, candidate: str) -> Explanation:
        """Explain the name score of two names (as ``score`` computes it)."""
        return self._best_pair(query, candidate).explanation

    def _best_pair(self, query: str, candidate: str):  # type: ignore[no-untyped-def]
        # A listed name as the index prepared it (with its kind: a person's family name and
        # origins, an organisation's words), so that ``explain`` and ``score`` give the score
        # ``match`` gave; a name listed for parties of two kinds (a person and a company of one
        # name) in each of its readings, the best counting, as ``match`` ranks them; a name the
        # list does not hold is prepared without a kind.
        if self._listed is None:
            listed: dict[str, list[PreparedName]] = {}
            for name in self._names:
                readings = listed.setdefault(name.original, [])
                if all(other.kind != name.kind for other in readings):
                    readings.append(name)
            self._listed = listed
        best = None
        for cand in self._listed.get(candidate) or [prepare_name(candidate)]:
            for prepared, form in query_readings(query):
                pair = score_names(prepared, cand, self.weights, acronyms=self.index.acronyms)
                if best is None or pair.score > best.score:
                    best = pair
                    best.explanation.reading = reading_note(form)
        assert best is not None
        return best

    def match(
        self,
        name: str,
        country: str | None = None,
        identifiers: Identifiers | None = None,
        limit: int = 10,
        min_score: float | None = None,
        *,
        exhaustive: bool = False,
    ) -> list[Match]:
        """Find the candidates a name may refer to, best first.

        Args:
            name: The screened name, any script.
            country: ISO alpha-2 country of the screened party, if known.
            identifiers: Its identifiers (mapping or (scheme, value) pairs).
            limit: Most matches returned.
            min_score: Lowest score returned; None means ``DEFAULT_MIN_SCORE``.
            exhaustive: Score every name instead of the blocked shortlist (slow; for checking
                the index).

        Returns:
            Matches with score ≥ min_score, highest first (ties by candidate id).
        """
        threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
        readings = query_readings(name)
        idents = normalize_identifiers(identifiers)
        country_code = _norm_country(country)
        names, owner, countries = self._names, self._owner, self._countries
        index, weights = self.index, self.weights
        acronyms = index.acronyms
        # A candidate's score is its best name's score (the first such name on a tie), over
        # every reading of the query.  With no identifiers the scorer may skip a pair whose
        # score certainly stays below the threshold (after the country penalty): such a
        # candidate is never returned anyway.
        best: dict[int, tuple[float, int, int]] = {}
        named, dedicatees = self._dedicated(readings)
        for reading, (query, _) in enumerate(readings):
            ids = None if exhaustive else index.shortlist(query)
            for name_id in index.prefilter(query, ids):
                if named and name_id in dedicatees and not same_dedicatee(named, dedicatees[name_id]):
                    continue
                pos = owner[name_id]
                if idents:
                    floor = None
                elif country_code and countries[pos] and country_code not in countries[pos]:
                    floor = threshold + COUNTRY_MISMATCH_PENALTY
                else:
                    floor = threshold
                current = best.get(pos)
                if current is not None and floor is not None and current[0] > floor:
                    # Another name of this candidate already scored higher: this one counts only
                    # if it beats that score, and every score at or above a floor is exact.
                    floor = current[0]
                score = fast_score(query, names[name_id], weights, floor, acronyms)
                if score < 0:
                    continue
                if current is None or score > current[0]:
                    best[pos] = (score, name_id, reading)
        for ident in idents:
            for pos in self._by_ident.get(ident, []):
                if pos not in best:
                    best[pos] = (0.0, -1, 0)
        return self._ranked(best, readings, name, idents, country_code, threshold, limit)

    def match_among(
        self,
        name: str,
        among: Iterable[str],
        country: str | None = None,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Match]:
        """As ``match`` (no identifiers), but scoring every name of the candidates whose ids are
        in ``among`` and no other: the caller made the shortlist (``partyscreen.linking`` blocks
        a million registry names against a list this way), so no index and no prefilter cut.

        A candidate's score is the one ``match`` gives it whenever ``match``'s prefilter lets
        its best name through.
        """
        threshold = DEFAULT_MIN_SCORE if min_score is None else min_score
        readings = query_readings(name)
        country_code = _norm_country(country)
        if getattr(self, "_name_ids", None) is None:  # (a Matcher unpickled from an older cache lacks it)
            by_id: dict[str, list[int]] = {}
            for name_id, pos in enumerate(self._owner):
                by_id.setdefault(self.candidates[pos].id, []).append(name_id)
            self._name_ids = by_id
        names, owner, countries = self._names, self._owner, self._countries
        best: dict[int, tuple[float, int, int]] = {}
        chosen = [name_id for cid in dict.fromkeys(among) for name_id in self._name_ids.get(cid, ())]  # type: ignore[union-attr]
        named, dedicatees = self._dedicated(readings)
        for reading, (query, _) in enumerate(readings):
            for name_id in chosen:
                if named and name_id in dedicatees and not same_dedicatee(named, dedicatees[name_id]):
                    continue
                pos = owner[name_id]
                if country_code and countries[pos] and country_code not in countries[pos]:
                    floor = threshold + COUNTRY_MISMATCH_PENALTY
                else:
                    floor = threshold
                score = fast_score(query, names[name_id], self.weights, floor, self.index.acronyms)
                if score < 0:
                    continue
                current = best.get(pos)
                if current is None or score > current[0]:
                    best[pos] = (score, name_id, reading)
        return self._ranked(best, readings, name, frozenset(), country_code, threshold, limit)

    def _dedicated(self, readings: list[tuple[PreparedName, NameForm | None]]) -> tuple[str, dict[int, str]]:
        """Who the screened name's dedication names ("" if it has none or no listed name has
        one), and the listed names' (``_dedicatees``): a listed name dedicated to someone else is
        not compared with it."""
        dedicatees = getattr(self, "_dedicatees", {})
        if dedicatees:
            for _, form in readings:
                if form is not None and form.how == "undedicated":
                    return dedicatee(form.note), dedicatees
        return "", dedicatees

    def _ranked(self, best: dict[int, tuple[float, int, int]], readings: list[tuple[PreparedName, NameForm | None]],
                name: str, idents: frozenset[tuple[str, str]], country_code: str | None, threshold: float,
                limit: int) -> list[Match]:
        """The scored candidates (``pos → (name score, name id, reading)``) after identifiers and
        country, at or above ``threshold``, best first (ties by candidate id), at most ``limit``."""
        found: list[tuple[float, str, int, int, int, list[tuple[str, float]]]] = []
        for pos, (score, name_id, reading) in best.items():
            adjusted = self._adjust_score(score, pos, idents, country_code)
            if adjusted is not None and adjusted[0] >= threshold:
                found.append((adjusted[0], self.candidates[pos].id, pos, name_id, reading, adjusted[1]))
        found.sort(key=lambda f: (-f[0], f[1]))
        return [self._build_match(readings[f[4]], name, *f[:4], f[5]) for f in found[:limit]]

    def _adjust_score(self, score: float, pos: int, idents: frozenset[tuple[str, str]],
                      country: str | None) -> tuple[float, list[tuple[str, float]]] | None:
        """Apply identifiers and country to a name score: (score, adjustments), or None if a
        conflicting identifier rules the candidate out."""
        verdict = compare_identifiers(idents, self._idents[pos]) if idents else None
        if verdict is not None and verdict[0] == "conflict":
            return None
        if verdict is not None:
            return 100.0, [(f"same identifier {verdict[1]}: decisive", 100.0 - score)]
        cand_countries = self._countries[pos]
        if country and cand_countries and country not in cand_countries:
            listed = ", ".join(sorted(c.upper() for c in cand_countries))
            return (round(max(0.0, score - COUNTRY_MISMATCH_PENALTY), 1),
                    [(f"different country: {country.upper()} vs {listed}", -COUNTRY_MISMATCH_PENALTY)])
        return round(score, 1), []

    def _build_match(self, reading: tuple[PreparedName, NameForm | None], name: str, score: float, cand_id: str,
                     pos: int, name_id: int, adjustments: list[tuple[str, float]]) -> Match:
        """A returned match with its full explanation (built only for returned matches).

        The score is the one computed in the hot loop: the full scorer computes the same number;
        the matcher's own adjustments (identifiers, country) are appended to its explanation.
        """
        query, form = reading
        if name_id < 0:
            cand = self.candidates[pos]
            expl = Explanation("identifier", name, cand.names[0] if cand.names else "", 0.0)
        else:
            expl = score_names(query, self._names[name_id], self.weights, explain=True,
                               acronyms=self.index.acronyms).explanation
            expl.reading = reading_note(form)
            expl.query_name = name
        expl.adjustments.extend(adjustments)
        return Match(cand_id, score, expl.matched_name, expl)

    def match_many(
        self,
        queries: Iterable[str | Query | Mapping[str, object]],
        limit: int = 10,
        min_score: float | None = None,
        workers: int | None = None,
        *,
        exhaustive: bool = False,
    ) -> list[list[Match]]:
        """Match many queries, in parallel worker processes.

        Args:
            queries: Names, ``Query`` objects or mappings with ``name`` (and optionally
                ``country``, ``identifiers``).
            limit: Most matches per query.
            min_score: As in ``match``.
            workers: Processes to use; None uses every core. 1 runs in this process.
            exhaustive: As in ``match``.

        Returns:
            One list of matches per query, in query order.
        """
        # The garbage collector is kept off the objects that exist when the batch starts (the
        # index: millions of objects, built with the collector paused): the first collections
        # after a build, or a full one triggered by the results, would scan them all (~1 s
        # each) and, while workers run, copy every memory page they share with this process.
        # They return to the oldest generation when the batch ends.
        freeze = gc.isenabled() and gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            return self._match_batch(queries, limit, min_score, workers, exhaustive)
        finally:
            if freeze:
                gc.unfreeze()

    def _match_batch(self, queries: Iterable[str | Query | Mapping[str, object]], limit: int,
                     min_score: float | None, workers: int | None, exhaustive: bool) -> list[list[Match]]:
        # Identical queries (same name, country and identifiers) are matched once.
        items: list[Query] = []
        slots: list[int] = []
        seen: dict[tuple[str, str | None, frozenset[tuple[str, str]]], int] = {}
        for raw in queries:
            q = _as_query(raw)
            idents = normalize_identifiers(q.identifiers)
            key = (q.name, q.country, idents)
            slot = seen.get(key)
            if slot is None:
                slot = seen[key] = len(items)
                # Normalised identifiers (normalising is idempotent; an iterator is read once).
                items.append(Query(q.name, q.country, idents or None))
            slots.append(slot)
        unique = self._match_unique(items, limit, min_score, workers, exhaustive)
        used: set[int] = set()
        out: list[list[Match]] = []
        for slot in slots:
            if slot in used:  # a repeated query gets its own copies
                out.append([_copy_match(m) for m in unique[slot]])
            else:
                used.add(slot)
                out.append(unique[slot])
        return out

    def _match_unique(self, items: list[Query], limit: int, min_score: float | None, workers: int | None,
                      exhaustive: bool) -> list[list[Match]]:
        workers = workers or os.cpu_count() or 1
        least = PARALLEL_MIN_EXHAUSTIVE if exhaustive else PARALLEL_MIN_QUERIES
        if workers <= 1 or len(items) < least or "fork" not in mp.get_all_start_methods():
            return [self.match(q.name, q.country, q.identifiers, limit, min_score, exhaustive=exhaustive)
                    for q in items]
        global _WORKER_MATCHER
        _WORKER_MATCHER = self
        preload_for_workers()
        size = max(1, min(BATCH_CHUNK, -(-len(items) // (2 * workers))))
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        args = [(chunk, limit, min_score, exhaustive) for chunk in chunks]
        try:
            with mp.get_context("fork").Pool(workers, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
                results = pool.map(_match_chunk, args, chunksize=1)
        finally:
            _WORKER_MATCHER = None
        return [matches for chunk in results for matches in chunk]


def preload_for_workers() -> None:
    """Load what matching reads lazily — rigour's query-side name tagger, the everyday-word table
    (containment, typos) — in this process, once, before forking workers that would each load it."""
    prepare_name("warm-up query")
    common_words.preload()


def _word_caches() -> list[Any]:
    """The matching modules' per-word and per-name caches: their bounded ``lru_cache``s (not the
    tables loaded once, ``maxsize=1``: lexicon, everyday words) and the score module's id-keyed
    dicts (which also hold the last index's word weights)."""
    import sys

    from partyscreen.matching import score

    found: list[Any] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("partyscreen.matching") or module is None:
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if callable(info) and callable(getattr(value, "cache_clear", None)) and info().maxsize != 1 \
                    and value not in found:
                found.append(value)
    return [*found, score._word_facts_cache, score._unseen_cache]


def word_cache_entries() -> int:
    """Entries in the matching caches of this process (``forget_word_caches``)."""
    return sum(len(c) if isinstance(c, dict) else c.cache_info().currsize for c in _word_caches())


def forget_word_caches() -> None:
    """Empty the matching caches (``_word_caches``), for a process that stops matching for a
    while (a Dask worker between monitor runs): results are the same, the caches fill again as
    names are scored."""
    for cache in _word_caches():
        cache.clear() if isinstance(cache, dict) else cache.cache_clear()


_WORKER_MATCHER: Matcher | None = None


def _worker_start(parent: int) -> None:
    """Tie a forked worker's life to the process that forked it (``procs.die_with_parent``: a
    killed parent leaves no orphan holding a copy of the index), and keep the worker's garbage
    collector off the objects inherited from the parent.

    Why: the index is millions of objects; every full collection in a worker would scan them
    (seconds each) and, by touching them, copy their memory pages from the parent.
    """
    die_with_parent(parent)
    gc.freeze()
    # Fewer young-generation collections: a worker allocates many short-lived objects per query
    # and creates next to no reference cycles.
    gc.set_threshold(WORKER_GC_THRESHOLD, 20, 100)


def _match_chunk(args: tuple[list[Query], int, float | None, bool]) -> list[list[Match]]:
    chunk, limit, min_score, exhaustive = args
    matcher = _WORKER_MATCHER
    assert matcher is not None
    return [matcher.match(q.name, q.country, q.identifiers, limit, min_score, exhaustive=exhaustive)
            for q in chunk]


def _named(text: str, kind: str | None) -> bool:
    """True if a name keeps a proper name word that is no everyday word ("PLANT", "AO ZAVOD"
    and "MASHINOSTROITEL'NYI ZAVOD" read without their dedication keep none)."""
    return any(t.kind == NAME and len(t.text) >= 3 and not common_words.ordinary(t.text)
               for t in prepare_name(text, kind).core)


def query_readings(name: str) -> list[tuple[PreparedName, NameForm | None]]:
    """The query as given, then its other readings (``forms.name_forms``), each prepared."""
    out: list[tuple[PreparedName, NameForm | None]] = [(prepare_name(name), None)]
    out.extend((prepare_name(form.text), form) for form in name_forms(name))
    return out


def reading_note(form: NameForm | None) -> str:
    """The explanation line for a query read in another form (empty if read as given)."""
    if form is None:
        return ""
    if form.how == "branch":
        return (f"subject reads as a branch or office ({form.note!r}) of {form.text!r}: the parent's "
                f"name is scored (under mofcom-61 a branch of a listed party is that party)")
    if form.how == "unqualified":
        return f"subject compared without its bracketed qualifier {form.note!r}: {form.text!r}"
    if form.how == "undedicated":
        return f"subject compared without its dedication {form.note!r}: {form.text!r}"
    what = "full name" if form.how == "full" else "short form"
    return f"subject compared by its {what} {form.text!r} (bracketed short form split off)"


def _copy_match(match: Match) -> Match:
    expl = match.explanation
    copy = Explanation(expl.method, expl.query_name, expl.matched_name, expl.name_score, list(expl.matches),
                       list(expl.unmatched), list(expl.discounted), list(expl.adjustments), list(expl.conflicts),
                       expl.reading, list(expl.features), list(expl.notes))
    return Match(match.candidate_id, match.score, match.matched_name, copy)


def _as_query(item: str | Query | Mapping[str, object]) -> Query:
    if isinstance(item, Query):
        return item
    if isinstance(item, str):
        return Query(item)
    return Query(str(item["name"]), item.get("country"), item.get("identifiers"))  # type: ignore[arg-type]
