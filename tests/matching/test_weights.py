"""Word weights: ``weights_of`` gives each word's weight, cached per tuple of words; a pickled
TokenWeights carries no identity-keyed cache into another process."""

from __future__ import annotations

import pickle

from partyscreen.matching.normalize import prepare_name
from partyscreen.matching.weights import TokenWeights


def _weights() -> TokenWeights:
    names = [prepare_name(f"Acme Trading Company {i}") for i in range(300)] + [prepare_name("Zeta Holdings")]
    return TokenWeights(n.tokens for n in names)


def test_weights_of_is_each_words_weight_and_stays_so():
    weights = _weights()
    name = prepare_name("Acme Zeta Trading")
    expected = [weights.weight(t) for t in name.core]
    assert weights.weights_of(name.core) == expected
    assert weights.weights_of(name.core) == expected  # answered from the cache
    assert weights.weights_of(prepare_name("Zeta Acme").core) == [weights.weight(t) for t in prepare_name("Zeta Acme").core]


def test_an_equal_but_distinct_tuple_gets_its_own_entry():
    weights = _weights()
    core = prepare_name("Acme Holdings").core
    copy = tuple(list(core))
    assert copy is not core
    assert weights.weights_of(copy) == weights.weights_of(core) == [weights.weight(t) for t in core]


def test_pickled_weights_start_with_an_empty_cache():
    weights = _weights()
    core = prepare_name("Acme Trading").core
    weights.weights_of(core)
    restored = pickle.loads(pickle.dumps(weights))
    assert restored._of == {}
    assert restored.weights_of(core) == weights.weights_of(core)
    assert restored.df == weights.df and restored.n_names == weights.n_names
