"""The hot path agrees with the explained score: ``fast_score`` gives ``score_names``'s score for
every pair, and with a floor it gives that score for every pair that reaches the floor (it may
give up, returning -1 or a lower value, only on pairs below it); the index's shortcut for the
names sharing a query word marks the same names as marking every posting would."""

from __future__ import annotations

import random

import numpy as np
from faker import Faker

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching.index import _set_special
from partyscreen.matching.normalize import prepare_name
from partyscreen.matching.score import fast_score, score_names


def _pairs() -> tuple[Matcher, list[tuple[object, object]]]:
    fake = Faker(["en_US", "de_DE", "ru_RU", "zh_CN", "es_ES"])
    fake.seed_instance(11)
    rng = random.Random(11)
    names = [fake.company() if i % 2 else fake.name() for i in range(400)]
    matcher = Matcher([Candidate(f"c{i}", [n], kind=None) for i, n in enumerate(names)])
    pairs = []
    for _ in range(600):
        listed = rng.choice(matcher._names)
        words = listed.original.split()
        variant = " ".join(rng.sample(words, len(words))) if rng.random() < 0.5 else rng.choice(names)
        pairs.append((prepare_name(variant), listed))
    return matcher, pairs


def test_fast_score_is_the_explained_score_above_the_floor() -> None:
    matcher, pairs = _pairs()
    reached = 0
    for query, listed in pairs:
        full = score_names(query, listed, matcher.weights, explain=False).score
        assert fast_score(query, listed, matcher.weights) == full
        for floor in (40.0, 60.0, 74.0, 84.0):
            fast = fast_score(query, listed, matcher.weights, floor)
            if full >= floor:
                reached += 1
                assert fast == full, (query.original, listed.original, floor)
            else:
                assert fast < floor
    assert reached > 100


def test_names_sharing_a_query_word_are_those_its_postings_hold() -> None:
    matcher, pairs = _pairs()
    index = matcher.index
    for query, _ in pairs[:200]:
        ids = index.shortlist(query)
        if not len(ids) or _set_special(query):
            continue
        marks = index.set_special.copy()
        for word in set(query.spaced.split()):
            kid = index.key_ids.get("w" + word)
            if kid is not None:
                marks[index.postings[index.offsets[kid]:index.offsets[kid + 1]]] = True
        assert np.array_equal(index._sharing_rows(query, query.spaced, ids), np.flatnonzero(marks[ids]))
