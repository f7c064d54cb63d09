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
