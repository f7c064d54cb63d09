"""Hostile input: a name field of any length costs the engine no more than a long real name.

Regression for issue 15: ``index._deletions`` built one string per deleted character, so one
cell with a 40,000-character word cost 3.4 GB. The bounds below are loose on purpose (a
hundred times what a real name costs): they catch a quadratic engine, not a slow machine.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from partyscreen.matching import Candidate, Matcher
from partyscreen.matching.index import name_keys
from partyscreen.matching.normalize import MAX_NAME_LENGTH, prepare_name

TEN_MB = 10 * 1024 * 1024
# Generous bounds: a real list of a few names builds and matches in milliseconds and well under
# a few MB; the quadratic engine needed minutes and gigabytes for a single such cell.
PEAK_BYTES = 64 * 1024 * 1024
WALL_SECONDS = 60.0


def _hostile_names() -> list[str]:
    return [
        "x" * TEN_MB,  # one endless word
        ("abcdefgh " * (TEN_MB // 9)),  # endless words
        "华为" * (TEN_MB // 2),  # endless Han text
    ]


@pytest.mark.parametrize("name", _hostile_names(), ids=["one-word", "many-words", "han"])
def test_ten_megabyte_name_is_linear(name: str) -> None:
    prepare_name("warm-up")  # load rigour's tables outside the measurement
    tracemalloc.start()
    start = time.perf_counter()
    try:
        matcher = Matcher([Candidate("hostile", [name]), Candidate("acme", ["Acme Trading GmbH"])])
        matcher.match(name)
        matcher.match("Acme Trading GmbH")
        matcher.explain(name, name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    assert peak < PEAK_BYTES
    assert elapsed < WALL_SECONDS


def test_long_name_is_read_up_to_the_documented_limit() -> None:
    long_name = "Acme " + "y" * (2 * MAX_NAME_LENGTH)
    prepared = prepare_name(long_name)
    assert len("".join(t.raw for t in prepared.tokens)) <= MAX_NAME_LENGTH
    assert prepared.tokens[0].text == "acme"


def test_long_word_keys_stay_linear() -> None:
    word = "q" * 50_000
    keys = name_keys(prepare_name(word))
    assert sum(len(k) for k in keys) < 10 * MAX_NAME_LENGTH
