"""Candidate index: blocking keys, then rapidfuzz ``cdist`` on the shortlist.

Rule: every name of every candidate is indexed under

* its words and their single-deletion variants (so a query word one typo away — an insertion,
  a deletion or a substitution — shares a key: "tayota" and "toyota" both give "tyota");
* its words run together ("siemensag", "huaweijishu");
* for Han names, character bigrams of the simplified core, and its pinyin syllables joined in
  runs of one to three (so "Huawei" meets 华为 through "huawei").

A query collects the names sharing its keys, each key counted with its IDF (log N / df), and
keeps the ``SHORTLIST_SIZE`` best-supported names. Those are scored with rapidfuzz ``cdist``
(``PREFILTER_SCORER``) on four string forms — sorted words, run-together words, Han core,
pinyin — and the best ``REFINE_LIMIT`` names above ``PREFILTER_CUTOFF`` go to the full pair
scorer. Exhaustive search runs the same ``cdist`` prefilter over all names instead of the
shortlist, so the two can be compared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from partyscreen.matching.normalize import PreparedName

# Names kept from blocking per query.  Why: large enough that a name sharing one rare word
# or several common ones is kept (recall ≥ 99.5% of exhaustive on the speed benchmark), small
# enough that cdist on the shortlist costs well under a millisecond.
SHORTLIST_SIZE = 384
# Lowest prefilter score (0–100) sent to the full scorer.  Why: every pair the full scorer
# rates ≥ 60 on the name benchmark has a prefilter score above 60; 50 leaves a margin.
PREFILTER_CUTOFF = 50.0
# Most names per query sent to the full (Python) scorer.  Why: it costs ~30 µs a pair; 40
# covers `limit=10` with room for names of the same candidate and ties.
REFINE_LIMIT = 40
# Words shorter than this get no deletion variants.  Why: deleting from 1–3 letter words
# yields keys shared by thousands of unrelated names.
MIN_DELETION_LENGTH = 4
# Longest pinyin syllable run indexed as a word ("huawei" = 2, "zhongxing" = 2, 3 for
# three-syllable romanised words).
MAX_PINYIN_RUN = 3

PREFILTER_SCORER = fuzz.ratio
FAMILIES = ("spaced", "compact", "han", "pinyin")


def _deletions(word: str) -> list[str]:
    if len(word) < MIN_DELETION_LENGTH:
        return [word]
    return [word, *{word[:i] + word[i + 1:] for i in range(len(word))}]


def name_keys(name: PreparedName) -> set[str]:
    """Return the blocking keys of a prepared name (see module docstring)."""
    keys: set[str] = set()
    for token in name.core:
        keys.update("w" + d for d in _deletions(token.key))
        if token.key != token.text:
            keys.update("w" + d for d in _deletions(token.text))
    if name.compact:
        keys.add("c" + name.compact)
    han = name.han
    if han is not None and han.core:
        core = han.core
        keys.update("h" + core[i:i + 2] for i in range(max(1, len(core) - 1)))
        syl = han.syllables
        for n in range(1, MAX_PINYIN_RUN + 1):
            for i in range(len(syl) - n + 1):
                keys.update("w" + d for d in _deletions("".join(syl[i:i + n])))
        if han.pinyin:
            keys.add("c" + han.pinyin)
    return keys


def family_strings(name: PreparedName) -> tuple[str, str, str, str]:
    """Return the name's prefilter strings: sorted words, run-together words, Han, pinyin."""
    han = name.han
    return (name.spaced, "".join(t.text for t in name.core),
            han.core if han else "", han.pinyin if han else "")


class NameIndex:
    """Blocking index over prepared names (ids are positions in the given sequence).

    Args:
        names: The prepared names to index.
    """

    def __init__(self, names: Sequence[PreparedName]) -> None:
        self.n_names = len(names)
        self.families = [list(f) for f in zip(*(family_strings(n) for n in names))] or [[], [], [], []]
        self.has_family = [any(strings) for strings in self.families]
        key_ids: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for name_id, name in enumerate(names):
            for key in name_keys(name):
                rows.append(key_ids.setdefault(key, len(key_ids)))
                cols.append(name_id)
        key_arr = np.asarray(rows, dtype=np.int64)
        name_arr = np.asarray(cols, dtype=np.int32)
        order = np.argsort(key_arr, kind="stable")
        self.postings = name_arr[order]
        counts = np.bincount(key_arr, minlength=len(key_ids))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.key_ids = key_ids
        n = max(self.n_names, 1)
        self.key_weights = np.log((n + 1) / (counts + 0.5)).clip(min=0.01)

    def shortlist(self, query: PreparedName) -> np.ndarray:
        """Return ids of the names best supported by the query's blocking keys."""
        slices = []
        weights = []
        for key in name_keys(query):
            kid = self.key_ids.get(key)
            if kid is None:
                continue
            start, end = self.offsets[kid], self.offsets[kid + 1]
            slices.append(self.postings[start:end])
            weights.append(np.full(end - start, self.key_weights[kid]))
        if not slices:
            return np.empty(0, dtype=np.int32)
        ids = np.concatenate(slices)
        if len(ids) <= SHORTLIST_SIZE:
            return np.unique(ids)
        support = np.bincount(ids, weights=np.concatenate(weights), minlength=self.n_names)
        hit = np.flatnonzero(support)
        if len(hit) <= SHORTLIST_SIZE:
            return hit.astype(np.int32)
        top = np.argpartition(-support[hit], SHORTLIST_SIZE)[:SHORTLIST_SIZE]
        return np.sort(hit[top]).astype(np.int32)

    def prefilter(self, query: PreparedName, ids: np.ndarray | None) -> list[int]:
        """Score names with the rapidfuzz prefilter and return the ids worth full scoring.

        Args:
            query: The prepared query.
            ids: Name ids to consider (a shortlist), or None for all names (exhaustive).

        Returns:
            At most ``REFINE_LIMIT`` name ids scoring ≥ ``PREFILTER_CUTOFF``, best first.
        """
        size = self.n_names if ids is None else len(ids)
        if size == 0:
            return []
        best = np.zeros(size, dtype=np.float32)
        q_spaced, q_compact, q_han, q_pinyin = family_strings(query)
        pairs = ((q_spaced, 0), (q_compact, 1), (q_compact, 3), (q_han, 2), (q_pinyin, 1))
        for text, family in pairs:
            if not text or not self.has_family[family]:
                continue
            strings = self.families[family]
            choices = strings if ids is None else [strings[i] for i in ids]
            scores = process.cdist([text], choices, scorer=PREFILTER_SCORER,
                                   dtype=np.float32, workers=1)[0]
            np.maximum(best, scores, out=best)
        keep = np.flatnonzero(best >= PREFILTER_CUTOFF)
        if len(keep) > REFINE_LIMIT:
            keep = keep[np.argpartition(-best[keep], REFINE_LIMIT)[:REFINE_LIMIT]]
        keep = keep[np.argsort(-best[keep], kind="stable")]
        chosen = keep if ids is None else ids[keep]
        return [int(i) for i in chosen]
