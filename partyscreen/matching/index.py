"""Candidate index: blocking keys, then rapidfuzz ``cdist`` on the shortlist.

Rule: every name of every candidate is indexed under

* its distinctive words and their single-deletion variants (so a query word one typo away — an insertion,
  a deletion or a substitution — shares a key: "tayota" and "toyota" both give "tyota"), for
  words of six letters or more also their double-deletion variants that keep the first letter
  (two typos away still share one: "comlutr" and "computer" both give "comutr", "patrt" is
  "patriot" without "i" and "o"), and the character 4-grams of words of six letters or more;
* its words run together ("siemensag", "huaweijishu");
* its distinctive words respelt with the romanisation variants unified (``romanisation_key``:
  "himprom" for "Khimprom" and "Himprom", "medvedev" for "Medwedew" and "Medvedev");
* its acronym (initials of 3+ words), and a one-word name its word, so that "UAC" and
  "United Aircraft Corporation" share a key; a listed organisation's name also every acronym it
  plausibly stands for (``acronyms.acronym_readings``: "MODAFL", "NIOEC", "PDVSA"), so that a
  one-word query finds the name whose initials it spells with words taken or left out;
* for Han names, character bigrams of the simplified core, and its pinyin syllables joined in
  runs of one to three (so "Huawei" meets 华为 through "huawei").

A query collects the names sharing its keys, each key counted with its IDF (log N / df),
divides each name's sum by the square root of the name's own total key weight (cosine-style,
so short names that share most of their keys rank high), and keeps the ``SHORTLIST_SIZE``
best-supported names. Those are scored with rapidfuzz ``cdist``
(``PREFILTER_SCORER``) on four string forms — sorted words, run-together words, Han core,
pinyin — and the best ``REFINE_LIMIT`` names above ``PREFILTER_CUTOFF`` go to the full pair
scorer, with every name sharing a rare distinctive word with the query, respelt or one a
typo away (``RARE_WORD_MAX_NAMES``), or sharing a rare respelling key (``respelt_keys``: a word of
an Arabic name respelt, a Korean name in the other romanisation, a Wade–Giles name's pinyin
reading, a partial acronym before a shared word). Exhaustive search runs the same ``cdist`` prefilter over
all names instead of the shortlist, so the two can be compared. (The sorted-words strings are
sorted already, so token_sort_ratio is computed as plain ratio, and token_set_ratio — which
equals ratio unless two names share a word — only on the names that share one; the scores are
the same.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import count

import numpy as np
from rapidfuzz import fuzz, process

from partyscreen.matching.acronyms import AcronymTable, readings_of
from partyscreen.matching.arabic_script import arabic_script_key, has_arabic_script, latin_keys
from partyscreen.matching.normalize import (DOMAIN, GENERIC, NAME, NUMBER, ORG_KINDS, STOP, PreparedName, Token,
                                            romanisation_key)
from partyscreen.matching.score import listed_written_forms
from partyscreen.matching.respelling import (arabic_compound, arabic_key, arabic_lexicon_word, hyphenated_given_name,
                                             joins_compound, korean_name_keys, pinyin_name_keys)

# Names kept from blocking per query.  Why: on the speed benchmark 256 lost ~1% of the hits
# exhaustive search finds (common surnames, Chinese syllable names) and 384 lost none in a
# 400-query check, while cdist on 384 strings still costs only a few hundred microseconds.
SHORTLIST_SIZE = 384
# Lowest prefilter score (0–100) sent to the full scorer.  Why: every pair the full scorer
# rates ≥ 60 on the name benchmark has a prefilter score above 60; 50 leaves a margin.
PREFILTER_CUTOFF = 55.0
# The cutoff asked of rapidfuzz for the plain-ratio families: a little below PREFILTER_CUTOFF,
# so that a score rapidfuzz computes as 54.999… (which float32 rounds to 55) is kept exactly
# as without a cutoff; anything lower is dropped either way.
CUTOFF_ASKED = PREFILTER_CUTOFF - 0.01
# Most names per query sent to the full (Python) scorer.  Why: it costs ~15–30 µs a pair and
# dominates the time per query; 12 covers `limit=10` with room for a candidate's second name
# (on the speed benchmark 90% of the pairs the full scorer rates ≥ 70 are in the prefilter's
# top 15; the cut is the same in indexed and exhaustive search).
REFINE_LIMIT = 12
# A name sharing a rare distinctive word with the query — a word of at least
# ``RARE_WORD_MIN_LENGTH`` letters found in at most ``RARE_WORD_MAX_NAMES`` listed names, the
# same word in another romanisation (a shared ``romanisation_key``), or, for words of
# ``RARE_TYPO_MIN_LENGTH`` letters or more, one edit away (a shared single-deletion key) — is
# always sent to the full scorer, beyond REFINE_LIMIT and whatever its prefilter score.  Why: the prefilter compares whole strings, so a name sharing
# only its rare surname or coined word ranks below names sharing a common one ("GUTSAN,
# Alexander" / "GUTSAN, Aleksandr Vladimirovich" ranked below a dozen "…, Alexander" and was
# never scored, though the scorer rates it 83), and one whose every word is respelt falls
# below the cutoff ("Аляксандр Рыгоравіч Лукашэнка" / "LUKASHENKO, Alexander Grigoryevich",
# 77); a word that rare names one party or a few, and the full scorer still decides.
RARE_WORD_MIN_LENGTH = 4
RARE_TYPO_MIN_LENGTH = 6
RARE_WORD_MAX_NAMES = 4
# Blocking keys found in more names than this (or KEY_DF_CAP_SHARE of all names, whichever is
# larger) are skipped, unless every key of the query is that common (then the two rarest are
# used).  Why: such keys (a deletion of "smith", "co") carry almost no IDF weight but would
# dominate the time spent gathering postings.
KEY_DF_CAP = 2000
KEY_DF_CAP_SHARE = 0.05
# Words shorter than this get no deletion variants.  Why: deleting from 1–3 letter words
# yields keys shared by thousands of unrelated names.
MIN_DELETION_LENGTH = 4
# Longest word that gets deletion variants.  Why: a word of n letters has n variants of n - 1
# letters, quadratic in n; real words are far shorter (the longest on the SDN list has 27
# letters), longer ones (a hostile cell) still get their n-grams, which are linear.
MAX_DELETION_LENGTH = 40
# Words of MIN_DOUBLE_DELETION_LENGTH to MAX_DOUBLE_DELETION_LENGTH letters also get their
# double-deletion variants (first letter kept), on both sides, so that words two edits apart
# (any mix of insertions, deletions, substitutions, swaps) share a key: the query word, or one
# of its deletion variants, is a deletion variant of the listed word.  Why: the 4-grams below
# miss two typos in a word of six to nine letters ("Computer" / "Comlutr" keep no four letters
# in a row) — on the list bench (scripts/build_match_bench.py) the only typo'd queries whose
# listed name exhaustive search found and the index did not were such ("NPO COMLUTR", "PATRT
# PRIVATE MILITARY COMPANY": two typos in the name's only distinctive word, a hit once the pair
# scorer reads an unseen word's typos, see score.UNSEEN_TWO_EDIT_STEPS). Two edits in a
# shorter word never score a hit (see score.TWO_EDIT_STEPS), and in a longer one an unchanged
# 4-gram survives. The first letter is kept: the pair scorer counts two typos that change it
# as another word (score.ORG_TWO_EDIT_STEPS, FIRST_LETTER_COST), and it cuts the variants from
# n(n-1)/2 to (n-1)(n-2)/2.
MIN_DOUBLE_DELETION_LENGTH = 6
MAX_DOUBLE_DELETION_LENGTH = 13
# Character n-grams of longer words are keys too, so words two edits apart ("Hentschel" /
# "Henuchel") still meet through an unchanged stretch ("chel").
GRAM_SIZE = 4
MIN_GRAM_WORD_LENGTH = 6
# Longest pinyin syllable run indexed as a word ("huawei" = 2, "zhongxing" = 2, 3 for
# three-syllable romanised words).
MAX_PINYIN_RUN = 3

# Scorers: sorted distinctive words by the mean of rapidfuzz token_set_ratio (a name containing
# the query's words ranks high) and token_sort_ratio (which breaks the ties token_set leaves
# among all names containing a common word, in favour of names of similar length);
# run-together, Han and pinyin strings by ratio.
SPACED_SCORERS = (fuzz.token_set_ratio, fuzz.token_sort_ratio)
PREFILTER_SCORER = fuzz.ratio
FAMILIES = ("spaced", "compact", "han", "pinyin", "acronym", "short", "written")
DISTINCTIVE_KINDS = (NAME, NUMBER, DOMAIN)
# Generic words and particles are indexed under their key only (no typo variants, no n-grams):
# their variants would flood the shortlist with every "… Group" of the list.
WEAK_KINDS = (GENERIC, STOP)


def _deletions(word: str) -> list[str]:
    if len(word) < MIN_DELETION_LENGTH or len(word) > MAX_DELETION_LENGTH:
        return [word]
    return [word, *{word[:i] + word[i + 1:] for i in range(len(word))}]


def _double_deletions(word: str) -> set[str]:
    """The word with two letters deleted, the first letter kept (see MIN_DOUBLE_DELETION_LENGTH)."""
    n = len(word)
    if n < MIN_DOUBLE_DELETION_LENGTH or n > MAX_DOUBLE_DELETION_LENGTH:
        return set()
    return {word[:i] + word[i + 1:j] + word[j + 1:] for i in range(1, n - 1) for j in range(i + 1, n)}


# Most words whose blocking keys are kept in memory (``_word_keys``).  Why: names repeat their
# words (given names, surnames, "trading", "industrial"), so most keys of a query or of a listed
# name are computed once; 32k words of at most MAX_DELETION_LENGTH letters stay a few dozen MiB.
WORD_KEYS_CACHE = 1 << 15


def _word_keys(kind: str, key: str, text: str) -> tuple[str, ...]:
    """The blocking keys one word contributes (see ``name_keys``), cached for words that get
    deletion keys (longer ones are computed each time: their n-grams are linear in length)."""
    if len(key) > MAX_DELETION_LENGTH or len(text) > MAX_DELETION_LENGTH:
        return _word_keys_uncached(kind, key, text)
    return _word_keys_cached(kind, key, text)


def _word_keys_uncached(kind: str, key: str, text: str) -> tuple[str, ...]:
    if kind in WEAK_KINDS:
        return ("w" + key,)
    keys = {"w" + d for d in _deletions(key)}
    keys.update("w" + d for d in _double_deletions(text))
    if key != text:
        keys.update("w" + d for d in _deletions(text))
    if kind == NAME:
        keys.add("r" + romanisation_key(text))
    if len(text) >= MIN_GRAM_WORD_LENGTH:
        keys.update("g" + text[i:i + GRAM_SIZE] for i in range(len(text) - GRAM_SIZE + 1))
    return tuple(keys)


_word_keys_cached = lru_cache(maxsize=WORD_KEYS_CACHE)(_word_keys_uncached)


def name_keys(name: PreparedName) -> set[str]:
    """Return the blocking keys of a prepared name (see module docstring)."""
    keys = whole_name_keys(name)
    for token in name.core:
        keys.update(_word_keys(token.kind, token.key, token.text))
    return keys


def whole_name_keys(name: PreparedName) -> set[str]:
    """The blocking keys of a prepared name that are not keys of one of its words (``_word_keys``):
    run-together words, acronym or short word, Han bigrams and pinyin runs."""
    keys: set[str] = set()
    if name.compact:
        keys.add("c" + name.compact)
    han = name.han
    short = acronym_string(name)
    if short and not (han is not None and han.core):
        keys.add("a" + short)
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


def listed_readings(name: PreparedName) -> dict[str, tuple[int, str]]:
    """The acronyms a listed organisation's name plausibly stands for (``acronym_readings``);
    none for a person's name or a Han name."""
    if not name.orgish or name.han is not None and name.han.core:
        return {}
    return readings_of(name)


def listed_keys(name: PreparedName, readings: dict[str, tuple[int, str]] | None = None) -> set[str]:
    """A listed name's blocking keys: ``name_keys``, an acronym key per reading
    (``listed_readings``, computed unless given), and the keys of each word it reads otherwise as
    written (``listed_written_forms``: "ugolnye" read as "coal", "first" as 1), as a distinctive
    word's: a misspelt "Ugoznye" is no longer translated, and meets the listed word as written (a
    rare word one typo away, ``RARE_WORD_MAX_NAMES``)."""
    keys = name_keys(name)
    keys.update("a" + letters for letters in (listed_readings(name) if readings is None else readings))
    for words in listed_written_forms(name).values():
        for word in words:
            keys.update(_word_keys(NAME, word, word))
    return keys


def short_word(name: PreparedName) -> str:
    """The name's only word if it is one alphabetic word of 2–10 letters (a possible acronym
    or short form), else ""."""
    if len(name.core) == 1:
        word = name.core[0].text
        if 2 <= len(word) <= 10 and word.isalpha():
            return word
    return ""


def acronym_string(name: PreparedName) -> str:
    """The name's acronym (3+ words), or its short word (``short_word``); else ""."""
    return name.acronym or short_word(name)


def family_strings(name: PreparedName) -> tuple[str, str, str, str, str, str]:
    """Return the name's prefilter strings: sorted distinctive words, run-together words (the
    pinyin for a Han-only name), Han, pinyin, acronym (3+ words), short word."""
    han = name.han
    strong = [t.text for t in name.core if t.kind in DISTINCTIVE_KINDS]
    compact = "".join(strong or [t.text for t in name.core])
    if not compact and han is not None:
        compact = han.pinyin
    return (name.spaced, compact,
            han.core if han else "", han.pinyin if han else "", name.acronym, short_word(name))


def written_string(name: PreparedName) -> str:
    """A listed organisation's sorted distinctive words (as in ``PreparedName.spaced``) with each
    word it translates as written (``listed_written_forms``: "proizvodstvennye" for "production",
    "tekhnologicheskie" for "technology"); "" if it translates none of them.

    Why: a misspelt word is no longer translated, so the screened "PROIZVDOTVENNYE RESHENIYA"
    meets nothing in "manufacturing", the listed name's sorted words: the pair scorer rates it a
    hit (it compares an unseen word with the words as written), but the prefilter never sent it
    there. (Numbers spelt in letters are left out: a query reads its other number words as
    numbers, so the sorted words of the two would differ anyway.)"""
    forms = listed_written_forms(name) if name.orgish or name.kind in ORG_KINDS else None
    if not forms:
        return ""
    strong = [t for t in name.core if t.kind in DISTINCTIVE_KINDS] or list(name.core)
    words: set[str] = set()
    for token in strong:
        words.update((token.key,) if token.kind == NUMBER else forms.get(token.text, (token.key,)))
    written = " ".join(sorted(words))
    return written if written != name.spaced else ""


class NameIndex:
    """Blocking index over prepared names (ids are positions in the given sequence).

    Args:
        names: The prepared names to index.
        owners: Per name, its party (a candidate's names are one), for ``acronyms``; by
            default each name is its own.

    Attributes:
        acronyms: The acronyms several listed parties spell (``AcronymTable``).
    """

    def __init__(self, names: Sequence[PreparedName], owners: Sequence[int] | None = None) -> None:
        self.n_names = len(names)
        columns = list(zip(*(family_strings(n) for n in names))) or [(), (), (), (), (), ()]
        columns.append([written_string(n) for n in names])
        self.families = [np.array(_packed(col), dtype=object) for col in columns]
        self.has_family = [any(col) for col in columns]
        self.family_mask = [np.array([bool(x) for x in col], dtype=bool) for col in columns]
        self.family_rows = [np.flatnonzero(mask) for mask in self.family_mask]
        # For the short-word family, whose only evidence is an equal string: each string's names
        # (a query's one word is looked up among the listed acronyms through their keys).
        self.by_string = {5: _ids_by_string(self.families[5])}
        # Each new key gets the next id (a key's id is its first name's turn: a default made by a
        # counter, so ``map`` numbers the keys without a Python call per key).
        new_ids: defaultdict[str, int] = defaultdict(count().__next__)
        rows: list[int] = []
        per_name: list[int] = []
        self.acronyms = AcronymTable()
        respelt: dict[str, list[int]] = {}
        for position, name in enumerate(names):
            readings = listed_readings(name)
            keys = listed_keys(name, readings)
            if readings:
                self.acronyms.add(readings, position if owners is None else owners[position])
            rows.extend(map(new_ids.__getitem__, keys))
            per_name.append(len(keys))
            for key in respelt_keys(name, listed=True):
                respelt.setdefault(key, []).append(position)
        key_ids = dict(new_ids)
        # Each key's place in the keys' string order, so that a query's keys are put in string
        # order (``shortlist`` sums support in that order) without comparing strings.  (The ids
        # stay in first-seen order: a word's keys are numbered together, so their postings,
        # offsets and weights lie together in memory.)
        self.key_rank = np.empty(len(key_ids), dtype=np.int32)
        self.key_rank[list(map(key_ids.__getitem__, sorted(key_ids)))] = np.arange(len(key_ids), dtype=np.int32)
        # Only the rare respelling keys are kept (the others are never used, see respelt_keys).
        self.respelt = {key: found for key, found in respelt.items()
                        if len(found) <= (SKELETON_KEY_MAX_NAMES if key[0] == "s" else RARE_RESPELT_MAX_NAMES)}
        # Whether a Latin query's skeleton keys can meet anything (most lists hold no name in
        # Arabic script: the keys are then not worked out for each query).
        self.arabic_script = any(key.startswith("sa") for key in self.respelt)
        self.acronyms.finish()
        self.has_family[4] = self.has_family[4] or bool(self.acronyms.spelt)
        key_arr = np.asarray(rows, dtype=np.int64)
        del rows
        name_arr = np.repeat(np.arange(self.n_names, dtype=np.int32), per_name)
        order = np.argsort(key_arr, kind="stable")
        self.postings = name_arr[order]
        counts = np.bincount(key_arr, minlength=len(key_ids))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.key_ids = key_ids
        n = max(self.n_names, 1)
        self.key_weights = np.log((n + 1) / (counts + 0.5)).clip(min=0.01)
        # Cosine-style normalisation: a name's support is divided by the square root of its
        # total key weight, so a short name sharing most of its keys with the query ("Werner"
        # for "Warner Group") outranks long names that merely contain a common query word.
        self.key_norms = np.sqrt(np.bincount(name_arr, weights=self.key_weights[key_arr],
                                             minlength=self.n_names)).clip(min=1e-6)
        # Names whose sorted-words string is not simply their distinct word keys (a repeated
        # word): token_set_ratio differs from ratio for them even without a shared word.
        self.set_special = np.array([_set_special(n) for n in names], dtype=bool)
        self._word_key_ids = _WordCache()
        self._rare_word_ids = _WordCache()

    def __getstate__(self) -> dict[str, object]:
        # (pickled without the per-word caches: they fill again as queries come)
        state = dict(self.__dict__)
        state["_word_key_ids"] = _WordCache()
        state["_rare_word_ids"] = _WordCache()
        return state

    def _word_ids(self, kind: str, key: str, text: str) -> tuple[int, ...]:
        """The ids of the indexed keys among a word's blocking keys (``_word_keys``), cached per word."""
        word = (kind, key, text)
        found = self._word_key_ids.get(word)
        if found is None:
            found = tuple(kid for kid in map(self.key_ids.get, _word_keys(kind, key, text)) if kid is not None)
            self._word_key_ids.remember(word, found)
        return found

    def query_key_ids(self, query: PreparedName) -> np.ndarray:
        """The ids of the indexed keys among the query's blocking keys (``name_keys``), in the
        keys' string order."""
        found = {kid for kid in map(self.key_ids.get, whole_name_keys(query)) if kid is not None}
        for token in query.core:
            found.update(self._word_ids(token.kind, token.key, token.text))
        kids = np.fromiter(found, dtype=np.int64, count=len(found))
        return kids[self.key_rank[kids].argsort()]

    def shortlist(self, query: PreparedName) -> np.ndarray:
        """Return ids of the names best supported by the query's blocking keys."""
        # (Keys in string order: the support below is summed key by key, so a name's support, and
        # which of names tied on it make the cut, do not depend on the order of a set of strings,
        # which changes from run to run with Python's string hashing.)
        kept_arr = self.query_key_ids(query)
        if len(kept_arr) == 0:
            return np.empty(0, dtype=np.int32)
        cap = max(KEY_DF_CAP, int(self.n_names * KEY_DF_CAP_SHARE))
        starts, ends = self.offsets[kept_arr], self.offsets[kept_arr + 1]
        lengths = ends - starts
        small = lengths <= cap
        if not small.all():
            # (in the order found: the support below is added key by key in this order)
            kept_arr = kept_arr[small] if small.any() else kept_arr[np.argsort(lengths)[:2]]
            starts = self.offsets[kept_arr]
            lengths = self.offsets[kept_arr + 1] - starts
        # The kept keys' postings one after the other, key by key, gathered in one step: the
        # i-th id of the run is postings[start of its key + its place in the key's postings].
        ends_out = lengths.cumsum()
        ids = self.postings[np.arange(ends_out[-1]) + (starts - ends_out + lengths).repeat(lengths)]
        # The names found (every key weight is positive: each has support), ascending: sorting
        # the postings costs less than scanning the dense support array below for them.
        hit = _sorted_unique(ids)
        if len(hit) <= SHORTLIST_SIZE:
            return hit
        # Each name's support is the sum of its keys' weights, added in key order (bincount
        # adds in input order, and the postings are concatenated key by key): a dense array
        # over all names, O(postings + names), cheaper than grouping the postings by a sort.
        # (Array methods rather than numpy's functions in this path: the functions' Python
        # wrappers cost more than the work on arrays of a few hundred.)
        support = np.bincount(ids, weights=self.key_weights[kept_arr].repeat(lengths), minlength=self.n_names)
        support = support[hit] / self.key_norms[hit]
        chosen = hit[(-support).argpartition(SHORTLIST_SIZE)[:SHORTLIST_SIZE]]
        chosen.sort()
        return chosen

    def key_postings(self, key: str) -> np.ndarray | None:
        """Ids (ascending) of the names holding a blocking key, or None if no name holds it."""
        kid = self.key_ids.get(key)
        if kid is None:
            return None
        return self.postings[self.offsets[kid]:self.offsets[kid + 1]]

    def _spelling(self, word: str) -> np.ndarray | None:
        """Ids (ascending) of the names one of whose acronyms is the word (the postings of its
        acronym key: also one-word names of that word, which equal it anyway)."""
        return self.key_postings("a" + word)

    def _sharing_rows(self, query: PreparedName, q_spaced: str, ids: np.ndarray | None) -> np.ndarray | None:
        """Rows of the choices (``ids``, or all names) that may share a word with the query.

        token_set_ratio equals ratio on the sorted-words strings unless the two names share a
        word (or one repeats a word), so only these rows need it. None means all rows.
        """
        if _set_special(query):
            return None
        postings = [p for p in map(self.key_postings, ["w" + word for word in set(q_spaced.split())]) if p is not None]
        if ids is None:
            mask = self.set_special.copy()
            for posting in postings:
                mask[posting] = True
            return np.flatnonzero(mask)
        # A choice shares a word when it is in that word's postings (ascending, like ``ids``):
        # found by binary search, without an array over all names.
        # (an id past a posting's last is compared with that last, which is smaller)
        sharing = self.set_special[ids]
        for posting in postings:
            at = np.minimum(posting.searchsorted(ids), len(posting) - 1)
            sharing |= posting[at] == ids
        return sharing.nonzero()[0]

    def prefilter(self, query: PreparedName, ids: np.ndarray | None) -> list[int]:
        """Score names with the rapidfuzz prefilter and return the ids worth full scoring.

        Args:
            query: The prepared query.
            ids: Name ids to consider (a shortlist, sorted), or None for all names (exhaustive).

        Returns:
            At most ``REFINE_LIMIT`` name ids scoring ≥ ``PREFILTER_CUTOFF``, best first.
        """
        size = self.n_names if ids is None else len(ids)
        if size == 0:
            # No name shares a blocking key: a name sharing a rare respelling key still counts
            # ("Hsi Chin-p'ing" / "XI Jinping" share no word, n-gram or typo variant).
            return self._rare_word_names(query)
        best = np.zeros(size, dtype=np.float32)
        q_spaced, q_compact, q_han, q_pinyin, q_acronym, q_short = family_strings(query)
        # A one-word query against the acronyms of longer names, and the reverse.
        # The query's words against a listed name's words as written where it reads them otherwise.
        pairs = ((q_spaced, 0), (q_compact, 1), (q_han, 2), (q_pinyin, 1), (q_short, 4), (q_acronym, 5),
                 (q_spaced, 6))
        chosen_strings: dict[int, np.ndarray] = {}
        for text, family in pairs:
            if not text or not self.has_family[family]:
                continue
            strings = self.families[family]
            if family in (4, 5):  # acronyms: only an equal one is evidence
                equal = self.by_string[family].get(text) if family == 5 else self._spelling(text)
                if equal is None:
                    continue
                if ids is None:
                    best[equal] = 100.0
                else:
                    at = np.searchsorted(equal, ids)
                    at[at == len(equal)] = 0
                    best[equal[at] == ids] = 100.0
                continue
            if family >= 2:  # Han / pinyin / written: only the names that have them
                rows = self.family_rows[family] if ids is None else self.family_mask[family][ids].nonzero()[0]
                if len(rows) == 0:
                    continue
                choices = strings[rows] if ids is None else strings[ids[rows]]
                # A score below the cutoff is dropped whatever it is: rapidfuzz may stop early.
                scores = process.cdist([text], choices, scorer=PREFILTER_SCORER, dtype=np.float32,
                                       workers=1, score_cutoff=CUTOFF_ASKED)[0]
                best[rows] = np.maximum(best[rows], scores)
                continue
            choices = chosen_strings.get(family)
            if choices is None:
                choices = chosen_strings[family] = strings if ids is None else strings[ids]
            if family == 0:
                # Mean of token_set_ratio and token_sort_ratio.  The strings are sorted words
                # already, so token_sort_ratio is plain ratio, and token_set_ratio equals it
                # except on the rows sharing a word with the query (see _sharing_rows).
                plain = process.cdist([text], choices, scorer=fuzz.ratio, dtype=np.float32, workers=1)[0]
                rows = self._sharing_rows(query, text, ids)
                if rows is None:
                    token_set = process.cdist([text], choices, scorer=fuzz.token_set_ratio,
                                              dtype=np.float32, workers=1)[0]
                else:
                    token_set = plain.copy()
                    if len(rows):
                        token_set[rows] = process.cdist([text], choices[rows], scorer=fuzz.token_set_ratio,
                                                        dtype=np.float32, workers=1)[0]
                scores = (token_set + plain) / len(SPACED_SCORERS)
            else:
                scores = process.cdist([text], choices, scorer=PREFILTER_SCORER,
                                       dtype=np.float32, workers=1, score_cutoff=CUTOFF_ASKED)[0]
            np.maximum(best, scores, out=best)
        keep = (best >= PREFILTER_CUTOFF).nonzero()[0]
        # Stable sort: ties are broken by name id, the same way in indexed and exhaustive mode.
        keep = keep[(-best[keep]).argsort(kind="stable")][:REFINE_LIMIT]
        chosen = (keep if ids is None else ids[keep]).tolist()
        rare = self._rare_word_names(query)
        if rare:
            seen = set(chosen)
            chosen.extend(i for i in rare if i not in seen)
        return chosen

    def _rare_word_names(self, query: PreparedName) -> list[int]:
        """Ids (ascending) of the names sharing a rare distinctive word with the query (see
        ``RARE_WORD_MAX_NAMES``): the same in indexed and exhaustive mode."""
        found: set[int] = set()
        for token in query.core:
            if token.kind == NAME and len(token.key) >= RARE_WORD_MIN_LENGTH:
                found.update(self._names_sharing_rare_word(token.key, token.text))
        if self.respelt:
            for key in respelt_keys(query, listed=False, skeletons=self.arabic_script or not query.latin):
                names = self.respelt.get(key)
                if names is not None:
                    found.update(names)
        return sorted(found)

    def _names_sharing_rare_word(self, key: str, text: str) -> tuple[int, ...]:
        """Ids of the names holding one of a distinctive word's rare-word keys (``_rare_word_keys``)
        that at most ``RARE_WORD_MAX_NAMES`` names hold, cached per word."""
        word = (key, text)
        found = self._rare_word_ids.get(word)
        if found is None:
            names: set[int] = set()
            for kid in map(self.key_ids.get, _rare_word_keys(key, text)):
                if kid is not None:
                    start, end = self.offsets[kid:kid + 2].tolist()
                    if end - start <= RARE_WORD_MAX_NAMES:
                        names.update(self.postings[start:end].tolist())
            found = self._rare_word_ids.remember(word, tuple(names))
        return found


def _rare_word_keys(key: str, text: str) -> list[str]:
    """The blocking keys through which a distinctive word meets the names sharing it (see
    ``RARE_WORD_MAX_NAMES``): the word, its single deletions if it is long enough, its
    romanisation key."""
    variants = _deletions(key) if len(key) >= RARE_TYPO_MIN_LENGTH else (key,)
    return [*("w" + v for v in variants), "r" + romanisation_key(text)]


class _WordCache(dict):
    """Per-word results of one index (``NameIndex._word_ids``, ``_names_sharing_rare_word``):
    at most ``WORD_KEYS_CACHE`` words, emptied when full.  Why: names repeat their words (given
    names, surnames, "trading"), so most words of a query were looked up before."""

    def remember(self, word: tuple[str, ...], found: tuple[int, ...]) -> tuple[int, ...]:
        """Keep ``found`` for ``word`` and return it."""
        if len(self) >= WORD_KEYS_CACHE:
            self.clear()
        self[word] = found
        return found


# ---------------------------------------------------------------------------------------------
# Respelling keys: a listed name and a screened name the pair scorer reads as one name respelt
# share no blocking key worth its weight when their words are spelt otherwise ("KANSO, Ali
# Mohamed" / "QANSU, Ali Muhammad": the common given names fill the prefilter's REFINE_LIMIT
# and the family name is neither the same word nor one typo away), so the pair is never scored.
# Each key below is computed once per listed name at build, only where the scorer reads that
# respelling (the same evidence gates both), and only a rare key (RARE_RESPELT_MAX_NAMES names
# or fewer) sends its names to the full scorer, as a rare word does (``_rare_word_names``).

# Most listed names sharing a respelling key for it to send them to the full scorer.  Why: as
# RARE_WORD_MAX_NAMES — a key that rare names one party or a few.
RARE_RESPELT_MAX_NAMES = RARE_WORD_MAX_NAMES
# Most syllables of a Han name keyed by its syllables for a Wade–Giles name to meet (a
# person's: family name and a given name of one or two syllables, a compound family name).
HAN_PERSON_MAX_SYLLABLES = 4
# Most listed names sharing a skeleton key (an Arabic-script name and a Latin one, see
# ``respelt_keys``) for it to send them to the full scorer.  Why: a skeleton key is a whole name,
# and a common one ("Muhammad Ali", "Ali Hasan") is listed in several romanisations and for
# several people; the scorer asks for the whole of both names (``arabic_script.skeleton_agreement``),
# and a few dozen pairs cost little beside the shortlist.
SKELETON_KEY_MAX_NAMES = 32
# Fewest consonants of a skeleton key (``arabic_script.MIN_CONSONANTS``, less the w and y a key
# leaves out).
SKELETON_KEY_MIN_LETTERS = 3
# Fewest letters of an Arabic name word keyed by its skeleton ("rad" for RA'D meets "Raed").
ARABIC_KEY_MIN_LETTERS = 3
# The article run into an Arabic family name ("ALSHAWA" for "AL-SHAWA").
ARABIC_ARTICLES = ("al", "el")
# Longest word read as a partial acronym before a shared word ("ROD SHIP MANAGEMENT" /
# "RAHBARAN OMID DARYA SHIP MANAGEMENT"): the scorer merges runs of two or three words by
# their initials (``score._merge_runs``).
PARTIAL_ACRONYM_MAX = 3


def respelt_keys(name: PreparedName, listed: bool, skeletons: bool = True) -> set[str]:
    """The respelling keys of a listed name (``listed``), or the keys a screened name looks up.

    * Arabic: each word of a personal name carrying Arabic evidence (``respelling.arabic_evidence``)
      that is not itself a lexicon given name, by its skeleton (``respelling.arabic_key``: "kVnsV"
      for "Kanso" and "Qansu"), a word opening with the article also without it. The scorer reads
      such words respelt only when one of the names holds two lexicon words or more
      (``score._origin_pair``): a listed name is keyed by its evidence ("x2…" or "x1…"), and a
      screened name of one lexicon word looks up the "x2…" keys only. And its family name with
      each given name, lexicon words too (``_arabic_pair_keys``).
    * Korean: a Korean-shaped name (``respelling.korean_shaped``) by its family name's class and
      given syllables in either romanisation (``respelling.korean_name_keys``), keyed by whether it
      shows Korean evidence; a screened name without that evidence looks up the names with it.
    * Wade–Giles: a Chinese-shaped name showing Wade–Giles by its pinyin readings, an all-pinyin
      one by its syllables (``respelling.pinyin_name_keys``), each looking up the other's.
    * Partial acronyms: a listed organisation's runs of two or three words by their initials and
      the word after them ("rod ship", romanisation variants of that word unified); a screened
      name's words of two or three letters with the word after them ("ROD SHIP MANAGEMENT" /
      "RAHBARAN OMID DARYA SHIP MANAGEMENT"; the scorer merges such runs, ``score._merge_runs``).
      Not the other way round (a listed short word, a screened name's runs): three words of any
      name spell a listed three-letter word before a shared common word ("Asesores Turisticos
      Music Group" / "ATM GRUPP", which the scorer rates a hit).
    """
    from partyscreen.matching.score import name_origins

    core = name.core
    keys: set[str] = set() if listed else set(_query_partial_acronyms(name))
    han = name.han
    if (han is not None and not core and not han.legal and not han.generic and not han.japanese
            and 2 <= len(han.syllables) <= HAN_PERSON_MAX_SYLLABLES):
        # A short Han name (a person's, most often) by its syllables, as an all-pinyin name is
        # keyed: it meets a Wade–Giles name's readings (蔡其昌 / "Tsai Chi-chang", scored by
        # ``score._wade_giles_reads``).
        key = " ".join(sorted(han.syllables))
        keys.add(("yp" if listed else "yw") + key)
        return keys
    if not name.orgish:
        if len(core) < 2:
            return keys
        evidence, korean, wade_giles, chinese, korean_evidence, pinyin, _ = name_origins(name)
        if evidence:
            tiers = (("2" if evidence >= 2 else "1"),) if listed else (("1", "2") if evidence >= 2 else ("2",))
            for token in core:
                if token.kind == NAME and len(token.text) >= ARABIC_KEY_MIN_LETTERS:
                    for skeleton in _arabic_word_keys(token.text):
                        keys.update("x" + tier + skeleton for tier in tiers)
            for run in _compound_runs(core):
                keys.update("x" + tier + key for tier in tiers for key in (arabic_key(run), arabic_key(run, True)))
            keys.update(_arabic_pair_keys(name))
        if korean:
            words = tuple(t.text for t in core)
            tiers = (("1" if korean_evidence else "0"),) if listed else (("1", "0") if korean_evidence else ("1",))
            for key in korean_name_keys(words, name.family):
                keys.update("k" + tier + key for tier in tiers)
        if chinese and (wade_giles or pinyin):
            words = tuple(t.text for t in core)
            side = ("w" if wade_giles else "p") if listed else ("p" if wade_giles else "w")
            keys.update("y" + side + key for key in pinyin_name_keys(words, wade_giles))
            if listed and not wade_giles and hyphenated_given_name(name.original):
                # All pinyin but written as Wade–Giles writes a given name ("Chen Chi-mai"): its
                # Wade–Giles readings too, for a Han name to meet (``score._wade_giles_reads``).
                keys.update("yw" + key for key in pinyin_name_keys(words, True))
        if skeletons and name.kind not in ORG_KINDS:
            keys.update(_skeleton_keys(name, listed))
        return keys
    if listed and (name.han is None or not name.han.core):
        keys.update(_run_initials(core))
    return keys


def _skeleton_keys(name: PreparedName, listed: bool) -> list[str]:
    """A personal name's consonant skeleton in either script (``arabic_script``): "sa" + the key
    of a name in Arabic script, "sl" + the keys of a Latin one; a screened name looks up the
    other script's (a Latin name never meets another Latin name this way)."""
    if name.latin:
        side, other = "sl", "sa"
        found = latin_keys(tuple(t.text for t in name.core), name.family)
    elif has_arabic_script(name.original):
        side, other = "sa", "sl"
        key = arabic_script_key(tuple(t.raw for t in name.core))
        found = frozenset((key,)) if key else frozenset()
    else:
        return []
    prefix = side if listed else other
    return [prefix + key for key in found if len(key) >= SKELETON_KEY_MIN_LETTERS]


def _run_initials(core: tuple) -> list[str]:
    """An organisation name's runs of two or three words by their initials and the word after
    them ("prod ship"; see ``respelt_keys``)."""
    keys = []
    n = len(core)
    for size in (2, 3):
        for i in range(n - size):
            run = core[i:i + size]
            if any(t.kind == NUMBER for t in run):
                continue
            keys.append("p" + "".join(t.plain[:1] for t in run) + " " + _tail_key(core[i + size].text))
    return keys


def _query_partial_acronyms(name: PreparedName) -> list[str]:
    """A name's words of two or three letters with the word after them (see ``respelt_keys``)."""
    core = name.core
    return ["p" + t.text + " " + _tail_key(core[i + 1].text) for i, t in enumerate(core[:-1])
            if 2 <= len(t.text) <= PARTIAL_ACRONYM_MAX and t.text.isalpha()]


def _tail_key(word: str) -> str:
    """The word after a partial acronym, romanisation variants unified ("otkrytie" / "otkritie")."""
    return romanisation_key(word)


# Most words of a name whose pairs are keyed (``_arabic_pair_keys``).
ARABIC_PAIR_MAX_WORDS = 6


def _arabic_pair_keys(name: PreparedName) -> list[str]:
    """The Arabic name's family name with each given name, by their skeletons (every two words
    when no family name is marked): "AL-AMIN, Mohamad" and "AL-AMIN, Muhammad 'Abdallah" share
    "zVmVn|mVhVmVd", rare though both words are common. Why: the scorer asks for the family name
    and a given name (``score._personal_cap``); where the family name is common too, the pair of
    them is what tells the listed name among the many sharing one of its words."""
    words = [(t.text, arabic_key(t.text)) for t in name.core[:ARABIC_PAIR_MAX_WORDS]
             if t.kind == NAME and len(t.text) >= ARABIC_KEY_MIN_LETTERS]
    family = name.family
    out = []
    for i, (word, skeleton) in enumerate(words):
        if not skeleton or (family and word not in family):
            continue
        for j, (other, second) in enumerate(words):
            if not second or j == i or (family and other in family) or (not family and j < i):
                continue
            out.append("z" + "|".join(sorted((skeleton, second))))
    return out


def _compound_runs(core: tuple[Token, ...]) -> list[str]:
    """Runs of two or three words of a name that, written together, are an Arabic compound name
    ("NUR AL-DIN" → "nuraldin", meeting "Noureddine": ``respelling.arabic_compound``)."""
    texts = [t.text for t in core]
    runs = (texts[i:i + size] for size in (2, 3) for i in range(len(texts) - size + 1))
    return [joined for run in runs if joins_compound(run) and arabic_compound(joined := "".join(run)) is not None]


@lru_cache(maxsize=WORD_KEYS_CACHE)
def _arabic_word_keys(word: str) -> tuple[str, ...]:
    """The Arabic skeletons of a word (see ``respelt_keys``): none for a lexicon given name or
    particle (every Arabic name has some: they are never rare), but for a compound name
    ("Noureddine": names of that form are as rare as their parts together)."""
    compound = arabic_compound(word) is not None
    if arabic_lexicon_word(word) and not compound:
        return ()
    keys = {arabic_key(word), arabic_key(word, written=True)} if compound else {arabic_key(word)}
    if word[:2] in ARABIC_ARTICLES and len(word) - 2 >= ARABIC_KEY_MIN_LETTERS:
        keys.add(arabic_key(word[2:]))
    keys.discard("")
    return tuple(keys)


def _sorted_unique(ids: np.ndarray) -> np.ndarray:
    """The distinct ids, ascending (``np.unique``'s result, without its wrappers)."""
    ids = np.sort(ids)
    first = np.empty(len(ids), dtype=bool)
    first[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    return ids[first]


def _packed(strings: Sequence[str]) -> list[str]:
    """Fresh copies of the strings, allocated one after the other.

    Why: a name's prefilter strings are created with the rest of its prepared form, so the
    shortlist's strings lie scattered over the whole index and every query's ``cdist`` (which
    reads them, and counts references to them) waits on a cache miss for each. Copied in one
    go they sit together (about a tenth less prefilter time on the speed benchmark), and fewer
    memory pages are written when forked workers touch them.
    """
    return [(text + " ")[:-1] for text in strings]


def _ids_by_string(strings: np.ndarray) -> dict[str, np.ndarray]:
    """Each non-empty string of the column with the ids (ascending) of the names that have it."""
    grouped: dict[str, list[int]] = {}
    for name_id, text in enumerate(strings.tolist()):
        if text:
            grouped.setdefault(text, []).append(name_id)
    return {text: np.asarray(found, dtype=np.int64) for text, found in grouped.items()}


def _set_special(name: PreparedName) -> bool:
    """True if the name's sorted-words string repeats a word or holds a non-key word."""
    words = name.spaced.split()
    return len(set(words)) != len(words) or not set(words) <= {t.key for t in name.core}
