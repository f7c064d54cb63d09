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


def test_acronym_families_find_equal_strings_only() -> None:
    # The acronym families are looked up by equal string (a dict of name ids), indexed and
    # exhaustive alike: "UAC" meets United Aircraft Corporation, "UAV" meets nothing.
    matcher = Matcher([Candidate("uac", ["United Aircraft Corporation"]), Candidate("other", ["Unified Air Cargo"]),
                       Candidate("short", ["UAC"]), Candidate("x", ["Boeing"])])
    for exhaustive in (False, True):
        found = {m.candidate_id for m in matcher.match("UAC", min_score=1, exhaustive=exhaustive)}
        assert {"uac", "short"} <= found and "x" not in found
        back = {m.candidate_id for m in matcher.match("United Aircraft Corporation", min_score=1,
                                                      exhaustive=exhaustive)}
        assert "short" in back
        assert "x" not in {m.candidate_id for m in matcher.match("UAV", min_score=1, exhaustive=exhaustive)}


def test_match_many_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    matcher = Matcher([Candidate("a", ["Alpha Trading Limited"]), Candidate("b", ["Beta Holdings"])])
    before = (gc.isenabled(), gc.get_freeze_count())
    for workers in (1, 2):
        results = matcher.match_many(["Alpha Trading Ltd"] * 3 + [f"Name {i}" for i in range(60)],
                                     workers=workers, exhaustive=True)
        assert results[0][0].candidate_id == "a"
        assert (gc.isenabled(), gc.get_freeze_count()) == before


def test_a_rare_shared_word_is_scored_beyond_the_prefilter_cut() -> None:
    """A name sharing only its rare surname with the query (the given name respelt, a
    patronymic added) ranks below a dozen names sharing the common given name in the
    prefilter; it is scored all the same, in indexed and exhaustive search."""
    fake = Faker("en_US")
    fake.seed_instance(3)
    cands = [Candidate(f"p{i}", [f"{fake.unique.last_name().upper()}, Alexander"], kind="person") for i in range(40)]
    cands.append(Candidate("gutsan", ["GUTSAN, Aleksandr Vladimirovich"], kind="person"))
    matcher = Matcher(cands)
    for exhaustive in (False, True):
        hits = matcher.match("GUTSAN, Alexander", limit=5, exhaustive=exhaustive)
        assert [m.candidate_id for m in hits] == ["gutsan"], exhaustive
    # Not a common word: a name sharing only "Alexander" with forty others stays unscored.
    assert matcher.match("PETROV, Alexander", limit=5) == []


def test_a_rare_word_one_edit_away_is_scored_though_every_word_is_respelt() -> None:
    """The Belarusian spelling of a listed Russian name shares no word and falls below the
    prefilter's cutoff as a string; its surname is one edit from the listed one."""
    cands = [Candidate("lukashenko", ["LUKASHENKO, Alexander Grigoryevich"], kind="person"),
             Candidate("other", ["LUKASHEVICH, Andrei"], kind="person")]
    matcher = Matcher(cands)
    for exhaustive in (False, True):
        hits = matcher.match("Аляксандр Рыгоравіч Лукашэнка", limit=5, exhaustive=exhaustive)
        assert [m.candidate_id for m in hits] == ["lukashenko"], exhaustive


def test_a_misspelt_translated_word_meets_the_listed_word_as_written() -> None:
    """A listed organisation's words read in English ("proizvodstvennye" as production) are no
    longer translated once misspelt: the prefilter compares the screened words with the listed
    words as written too, so the pair scorer (which reads the slip) gets the name, in indexed
    and exhaustive search alike."""
    fake = Faker("ru_RU")
    fake.seed_instance(5)
    cands = [Candidate(f"c{i}", [fake.unique.company()]) for i in range(200)]
    cands += [Candidate("prod", ["LIMITED LIABILITY COMPANY PROIZVODSTVENNYE RESHENIYA"]),
              Candidate("tech", ["OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU TEKHNOLOGICHESKIE SISTEMY I SERVIS"]),
              Candidate("land", ["LIMITED LIABILITY COMPANY LAND TECHNOLOGIES"])]
    matcher = Matcher(cands)
    for exhaustive in (False, True):
        hits = matcher.match("LIMITED LIABILITY COMPANY PROIZVDOTVENNYE RESHENIYA", exhaustive=exhaustive)
        assert [m.candidate_id for m in hits][:1] == ["prod"], exhaustive
        hits = matcher.match("OOO TEKHNOOLGCIHESKIE SISTEMY I SERVIS", exhaustive=exhaustive)
        assert [m.candidate_id for m in hits][:1] == ["tech"], exhaustive
