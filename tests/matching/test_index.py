"""The index finds what exhaustive scoring with the same scorer finds."""

from __future__ import annotations

import random

from faker import Faker

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching.index import name_keys
from partyscreen.matching.normalize import prepare_name


def _typo(rng: random.Random, name: str) -> str:
    chars = list(name)
    pos = rng.randrange(1, max(2, len(chars) - 1))
    chars[pos] = rng.choice("aeioustr")
    return "".join(chars)


def test_typo_shares_a_blocking_key() -> None:
    assert name_keys(prepare_name("Toyota")) & name_keys(prepare_name("Tayota"))
    assert name_keys(prepare_name("Huawei")) & name_keys(prepare_name("华为"))


def test_index_agrees_with_exhaustive() -> None:
    fake = Faker(["en_US", "de_DE", "ru_RU", "zh_CN"])
    fake.seed_instance(7)
    rng = random.Random(7)
    cands = [Candidate(f"c{i}", [fake.company() if i % 2 else fake.name()]) for i in range(2000)]
    matcher = Matcher(cands)
    queries = [_typo(rng, rng.choice(cands).names[0]) for _ in range(150)]
    queries += [fake.name() for _ in range(150)]
    found = total = 0
    for query in queries:
        indexed = {m.candidate_id for m in matcher.match(query, limit=50, min_score=60)}
        for m in matcher.match(query, limit=50, min_score=60, exhaustive=True):
            total += 1
            found += m.candidate_id in indexed
    assert total > 150
    assert found / total >= 0.995
