"""Everyday words of general language (``common_words.py``): what makes a name recognisable
inside another, apart from the list's IDF."""

from __future__ import annotations

import subprocess
import sys

import pytest

from partyscreen.matching.common_words import ordinary, zipf


@pytest.mark.parametrize("word", ["red", "Cat", "CAFE", "brewing", "sierra", "nevada", "music", "Sensors",
                                  "waffe", "martin", "uk", "Düsseldorf"])
def test_everyday_words(word: str) -> None:
    assert ordinary(word)


@pytest.mark.parametrize("word", ["hensoldt", "Rheinmetall", "leidos", "lockheed", "textor", "crystalord"])
def test_coined_words(word: str) -> None:
    assert not ordinary(word)


def test_accents_are_folded_as_in_name_tokens() -> None:
    assert zipf("dusseldorf") == zipf("Düsseldorf") > 0
    assert zipf("strasse") == zipf("Straße") > 0


def test_the_word_tables_load_only_when_used() -> None:
    code = "import sys, partyscreen, partyscreen.matching; print('wordfreq' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ordinary_is_the_zipf_rule_and_is_cached(tmp_path, monkeypatch) -> None:
    """The cached set of ordinary words is the Zipf rule on wordfreq's tables (bins down to 3.5),
    built once and read back from the cache folder by the next process."""
    from partyscreen.matching import common_words

    monkeypatch.setenv("PARTYSCREEN_CACHE_DIR", str(tmp_path))
    common_words._ordinary_words.cache_clear()
    try:
        words = common_words._ordinary_words()
        by_zipf = {w for w, z in common_words._table().items() if z >= common_words.ORDINARY_ZIPF - 1e-9}
        assert words == by_zipf
        assert list(tmp_path.glob("common-words-*.pickle"))
        common_words._ordinary_words.cache_clear()
        monkeypatch.setattr(common_words, "_build_ordinary_words", lambda: frozenset())  # must not be needed
        assert common_words._ordinary_words() == words
    finally:
        common_words._ordinary_words.cache_clear()
