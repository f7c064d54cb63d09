"""How common a word is in general language, not in the list being screened.

Rule: a word is *ordinary* when it is frequent in everyday text of one of ``LANGUAGES`` — a
Zipf frequency (log10 of occurrences per billion words) of at least ``ORDINARY_ZIPF`` in
wordfreq's small word lists: dictionary words ("red", "cat", "future", "brewing", "sensors",
"waffe"), common first names and surnames ("martin", "wagner"), well-known places ("sierra",
"nevada", "uk"). A word rarer than that — a coined brand ("hensoldt", "leidos", "lockheed",
"rheinmetall"), a rare surname or a transliterated word — is *distinctive in general
language*, whatever its weight in the list. The list's IDF (``weights.py``) cannot say this: a
sanctions list names few cafés, so "Cat" and "Cafe" are rare there.

The set of ordinary words (wordfreq's frequency bins down to ``ORDINARY_ZIPF``, folded; about
0.3 s to build) is built on first use, kept for the process and cached in the cache folder (a
few milliseconds to read), so neither ``import partyscreen`` nor a repeated ``partyscreen match``
pays for it. ``zipf`` (the full tables, about a second) is for explanations and tests.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

# Languages whose everyday words count as ordinary.  Why: the languages of most customer files
# screened with Latin-script names (company names in English, German, French, Spanish,
# Italian, Portuguese, Dutch and Polish carry words of those languages).
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl")
# Least Zipf frequency of an ordinary word.  Why: 3.5 (about 3 in a million words) puts
# dictionary words, first names and known places above ("cafe" 4.1, "brewing" 3.8, "martin"
# 5.0, "dynamics" 4.1, "photonics" below the small lists' 3.0) and coined company names below
# ("lockheed" 3.4, "rheinmetall" 3.1, "leidos", "hensoldt" absent); the very best-known brands
# reach it ("boeing" 3.8) and are read as ordinary words, which only costs them containment.
ORDINARY_ZIPF = 3.5


def _fold(word: str) -> str:
    """Lower-case ASCII form of a word, as the name tokens are written ("Düsseldorf" → dusseldorf)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """Word → highest Zipf frequency over ``LANGUAGES`` (wordfreq's small lists, words of letters)."""
    from wordfreq import get_frequency_dict

    table: dict[str, float] = {}
    for lang in LANGUAGES:
        for word, freq in get_frequency_dict(lang, wordlist="small").items():
            if word.isalpha():
                key = _fold(word)
                if freq > table.get(key, 0.0):
                    table[key] = freq
    for key, freq in table.items():
        table[key] = math.log10(freq) + 9.0
    return table


def zipf(word: str) -> float:
    """Highest Zipf frequency of ``word`` (a token's text, any case) over ``LANGUAGES``; 0 if unseen."""
    return _table().get(_fold(word), 0.0)


def ordinary(word: str) -> bool:
    """True if ``word`` is an everyday word of one of ``LANGUAGES`` (see ``ORDINARY_ZIPF``)."""
    return _fold(word) in _ordinary_words()


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """The folded words of Zipf frequency ``ORDINARY_ZIPF`` or more in any of ``LANGUAGES``, from
    the cache folder when built before with the same wordfreq data and rule."""
    from importlib.metadata import version

    from partyscreen import cache

    key = cache.digest("ordinary-words", version("wordfreq"), LANGUAGES, ORDINARY_ZIPF)
    words = cache.load("common-words", key)
    if not isinstance(words, frozenset):
        words = _build_ordinary_words()
        cache.store("common-words", key, words)
    return words


def _build_ordinary_words() -> frozenset[str]:
    """wordfreq's lists are frequency bins of one centibel each (bin ``i``: frequency 10^(-i/100),
    Zipf 9 - i/100): the ordinary words are those of the first bins, down to ``ORDINARY_ZIPF``."""
    from wordfreq import get_frequency_list

    last_bin = round((9.0 - ORDINARY_ZIPF) * 100)
    return frozenset(_fold(word) for lang in LANGUAGES
                     for bucket in get_frequency_list(lang, wordlist="small")[: last_bin + 1]
                     for word in bucket if word.isalpha())


def preload() -> None:
    """Read the ordinary words now (before forking workers that would each read them)."""
    _ordinary_words()
