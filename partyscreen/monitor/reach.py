"""Which subjects a changed candidate can reach: the changed candidates run against the subject index.

Rules (the candidate index's own, ``partyscreen.matching.index`` and ``matcher``, read backwards):

- A subject's matches are scored on at most ``REFINE_LIMIT`` candidate names per reading: names
  sharing a blocking key with the reading and rated at least ``PREFILTER_CUTOFF`` by the
  rapidfuzz prefilter. A candidate name that shares no key with a reading, or that the
  prefilter rates below the cutoff, is never scored for it, and cannot push another name out.
- So a changed candidate whose names changed (new, gone, renamed: ``renamed``) can change the
  matches of a subject only when one of its names, old or new, *reaches* one of the subject's
  readings: shares a key with it and passes the prefilter (``reached``, computed from the
  subject index without preparing a subject's name again). Of those subjects:
  * a subject reached by an old name is re-screened (the name left its scored names);
  * a subject that had matches is re-screened (the new name may push one out);
  * any other subject is re-screened only when a new name scores at least the minimum score
    against it (``fast_score``, the matcher's own pair score: run in the workers).
- A candidate whose names did not change but whose state did (basis, path, measure, outcome,
  alerting: ``restated``) is scored exactly as before: it changes the hits of the subjects that
  matched it, alerting or not (kept in the index), and no others.
- Rare words: a candidate name sharing a rare distinctive word (or one a typo away) with a
  reading is scored whatever its prefilter score (``index.RARE_WORD_MAX_NAMES``), and whether a
  word is rare depends on how many listed names hold it. So a changed name also reaches the
  readings sharing one of its word keys that is rare after the change or was before it
  (``rare_keys``): the new name is scored there, and a name the change made rare or common
  again re-screens the subjects that matched.
- Respellings: a candidate name sharing a rare respelling key with a reading (an Arabic, Korean
  or Wade–Giles name respelt, a partial acronym: ``index.respelt_keys``) is scored too. A changed
  name reaches every reading that looks up one of its respelling keys, rare or not (a key that
  turns common with the change no longer scores the names sharing it: those subjects are
  re-screened too); such keys are rare by construction, so this re-screens few.
- Identifiers: a subject sharing an identifier with a changed candidate is re-screened.

One thing the backwards reading does not follow: the shortlist of a reading that shares keys
with more than ``SHORTLIST_SIZE`` names is cut by key weights, which a new name moves slightly
for every name sharing its keys; a name at the cut can then fall out. Such a name still has to
pass the prefilter and reach the minimum score to matter (the full-equals-incremental tests
check it on randomised changes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from partyscreen.matching.index import (CUTOFF_ASKED, PREFILTER_CUTOFF, RARE_WORD_MAX_NAMES, NameIndex, _set_special,
                                        family_strings, listed_keys, listed_readings, respelt_keys, written_string)
from partyscreen.monitor.delta import CandidateState, StoredCandidate
from partyscreen.monitor.keys import SubjectIndex
from partyscreen.monitor.partitions import RESPELT_MARK, key_hash


@dataclass(frozen=True)
class Changes:
    """The changed candidates, by what changed."""

    renamed: set[str]
    restated: set[str]


def split_changes(changed: Iterable[str], current: dict[str, CandidateState],
                  stored: dict[str, StoredCandidate]) -> Changes:
    """Changed candidates whose names, kind, countries or identifiers changed (or that came or
    went: ``renamed``), and the others (``restated``)."""
    renamed, restated = set(), set()
    for entity_id in changed:
        now, before = current.get(entity_id), stored.get(entity_id)
        if now is None or before is None or now.match_digest != before.match_digest:
            renamed.add(entity_id)
        else:
            restated.add(entity_id)
    return Changes(renamed, restated)


def matched_any(index: SubjectIndex, entity_ids: set[str]) -> set[int]:
    """The subjects whose last matches include one of these candidates."""
    if not entity_ids:
        return set()
    return {seq for seq, found in index.matched.items() if not entity_ids.isdisjoint(found)}


def probe_candidates(renamed: Iterable[str], current: dict[str, CandidateState],
                     stored: dict[str, StoredCandidate]) -> list[tuple[str, CandidateState]]:
    """The old and new states of the renamed candidates, tagged ``old:ID`` / ``new:ID``."""
    out = []
    for entity_id in sorted(renamed):
        if entity_id in current:
            out.append((f"new:{entity_id}", current[entity_id]))
        if entity_id in stored:
            out.append((f"old:{entity_id}", stored[entity_id].state))
    return out


def keys_of(names: list) -> list[set[str]]:
    """Each prepared candidate name's blocking keys (``listed_keys``) and respelling keys
    (``respelt_keys``, marked ``RESPELT_MARK``)."""
    return [listed_keys(name) | {RESPELT_MARK + k for k in respelt_keys(name, listed=True)} for name in names]


def rare_keys(keys: list[set[str]], is_new: list[bool], candidate_index: NameIndex) -> list[set[str]]:
    """For each name (the changed candidates' old and new names, given by their ``keys_of``),
    its word keys held by at most ``RARE_WORD_MAX_NAMES`` listed names after the change or
    before it, and all its respelling keys (see the module docstring).

    ``candidate_index`` is the index after the change: it holds the new names, not the old
    ones, so a key's count before the change is its count now, less the new names holding it,
    plus the old ones."""
    respelt = [{k for k in own if k[0] == RESPELT_MARK} for own in keys]
    words = [{k for k in own if k[0] in "wr"} for own in keys]
    delta: dict[str, int] = {}
    for own, new in zip(words, is_new):
        for k in own:
            delta[k] = delta.get(k, 0) + (1 if new else -1)
    rare: dict[str, bool] = {}
    for k, change in delta.items():
        holders = candidate_index.key_postings(k)
        now = 0 if holders is None else len(holders)
        rare[k] = min(now, now - change) <= RARE_WORD_MAX_NAMES
    return [{k for k in own if rare[k]} | marked for own, marked in zip(words, respelt)]


def reached(index: SubjectIndex, names: list, rare: list[set[str]] | None = None,
            keys: list[set[str]] | None = None) -> dict[int, set[int]]:
    """For each subject, the positions in ``names`` (prepared candidate names, as the candidate
    index holds them) that reach one of its readings: a shared blocking key, and a prefilter
    score of at least ``PREFILTER_CUTOFF`` (``prefilter_scores``) — or a shared key of the
    name's ``rare`` keys (``rare_keys``), whatever the prefilter score. ``keys``: the names'
    ``keys_of``, if already computed."""
    found: dict[int, set[int]] = {}
    for position, name in enumerate(names):
        own = keys_of([name])[0] if keys is None else keys[position]
        rows = index.rows_sharing(key_hash(k) for k in own)
        if len(rows) == 0:
            continue
        passing = rows[prefilter_scores(index, rows, name) >= PREFILTER_CUTOFF]
        if rare is not None and rare[position]:
            passing = np.union1d(passing, index.rows_sharing(key_hash(k) for k in rare[position]))
        for seq in np.unique(index.row_seq[passing]).tolist():
            found.setdefault(seq, set()).add(position)
    return found


def prefilter_scores(index: SubjectIndex, rows: np.ndarray, name: object) -> np.ndarray:
    """``NameIndex.prefilter``'s score of each reading ``rows`` against one candidate name.

    Rule (as ``prefilter`` computes it with the reading as query and the name as choice; the
    rapidfuzz scorers are symmetric): the best of the mean of token-set and plain ratio of the
    sorted words, the plain ratio of the run-together words, of the reading's pinyin against
    the name's run-together words, of the Han strings, and of the sorted words against the name's
    words as written (``written_string``); 100 when the reading's short word is
    one of the name's acronyms (``listed_readings``) or the reading's acronym the name's short
    word. A score below the cutoff may be returned as 0 (as rapidfuzz does with a cutoff).
    """
    spaced, compact, han, _, acronym, short = family_strings(name)  # type: ignore[arg-type]
    strings = index.strings
    best = np.zeros(len(rows), dtype=np.float32)
    if spaced:
        present = np.flatnonzero(strings[0].lengths(rows) > 0)
        if len(present):
            choices = strings[0].take(rows[present])
            plain = process.cdist([spaced], choices, scorer=fuzz.ratio, dtype=np.float32, workers=1)[0]
            token_set = plain.copy()
            wide = _token_set_rows(index, rows[present], spaced, name)
            if len(wide):
                token_set[wide] = process.cdist([spaced], choices[wide], scorer=fuzz.token_set_ratio,
                                                dtype=np.float32, workers=1)[0]
            best[present] = (token_set + plain) / 2
    written = written_string(name)  # type: ignore[arg-type]
    for text, family in ((compact, 1), (compact, 3), (han, 2), (written, 0)):
        if not text:
            continue
        present = np.flatnonzero(strings[family].lengths(rows) > 0)
        if len(present):
            scores = process.cdist([text], strings[family].take(rows[present]), scorer=fuzz.ratio, dtype=np.float32,
                                   workers=1, score_cutoff=CUTOFF_ASKED)[0]
            best[present] = np.maximum(best[present], scores)
    if acronym:
        best[strings[5].equal_at(rows, acronym)] = 100.0
    if short:
        best[strings[4].equal_at(rows, short)] = 100.0
    for letters in listed_readings(name):  # type: ignore[arg-type]
        best[strings[5].equal_at(rows, letters)] = 100.0
    return best


def _token_set_rows(index: SubjectIndex, rows: np.ndarray, spaced: str, name: object) -> np.ndarray:
    """Positions in ``rows`` where token-set ratio may differ from plain ratio: readings that
    share a word with the name (they hold its word key) or repeat a word; every one when the
    name itself does (``NameIndex._sharing_rows``, read backwards)."""
    if _set_special(name):  # type: ignore[arg-type]
        return np.arange(len(rows))
    sharing = index.rows_sharing(key_hash("w" + word) for word in set(spaced.split()))
    marks = np.isin(rows, sharing) | index.special[rows]
    return np.flatnonzero(marks)
