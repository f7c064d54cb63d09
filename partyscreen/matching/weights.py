"""Token weights: how much a word says about identity.

Rule: a word's weight is its kind's base weight (a legal form 0, a generic symbol such as
"company" low, a distinctive word 1) times an inverse-document-frequency factor over the names
of the candidate list. A word in a handful of names keeps its full weight; a word found in a
large share of the names ("international", "trading", "mohammed") is weighted down
logarithmically, never below ``IDF_FLOOR``. This is how generic words are discounted: by how
common they are in the list being screened, not by a fixed stoplist alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from partyscreen.matching.normalize import DOMAIN, GENERIC, LEGAL, NAME, NUMBER, STOP, Token

# Base weight per token kind.  Why: a legal form never identifies (0); symbols like "company",
# "international", "group" identify almost nothing (0.3); sector and place words ("bank",
# "oil", "china") separate siblings but are shared by many (0.6); numbers are exact
# discriminators but often incidental ("No. 1") (0.8).
KIND_WEIGHTS: dict[str, float] = {
    NAME: 1.0,
    NUMBER: 0.8,
    DOMAIN: 0.6,
    GENERIC: 0.3,
    STOP: 0.15,
    LEGAL: 0.0,
}

# Lowest IDF factor: even a word in every name keeps some weight, so "Trading" vs "Holding"
# still differ.
IDF_FLOOR = 0.2
# Share of names below which a word counts as rare (full weight).  Why: with 0.1% a word
# shared by 50 of 50,000 names is still fully distinctive; more common ones are discounted.
RARE_SHARE = 0.001
# Below this many names IDF says nothing reliable; all factors are 1.
MIN_NAMES_FOR_IDF = 200
# Most word sequences whose weights ``weights_of`` keeps (listed names and recent queries; the
# cache starts over when full).  Why: a screened name is scored against a dozen listed names and
# a listed name against many queries; their weights are the same each time. An entry holds about
# 300–400 bytes, so the cache stays under ~25 MiB per process.
WEIGHTS_OF_CACHE = 1 << 16


class TokenWeights:
    """IDF factors for token keys, counted over a list of names.

    Args:
        token_lists: For each name, its tokens (each distinct key counted once per name).
    """

    def __init__(self, token_lists: Iterable[Iterable[Token]] = ()) -> None:
        self.df: Counter[str] = Counter()
        self.n_names = 0
        for tokens in token_lists:
            self.n_names += 1
            self.df.update({t.key for t in tokens})
        self._cache: dict[str, float] = {}
        self._of: dict[int, tuple[tuple[Token, ...], list[float]]] = {}

    def __getstate__(self) -> dict[str, object]:
        # ``_of`` is keyed by object identity: meaningless in another process.
        state = dict(self.__dict__)
        state["_of"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__dict__.setdefault("_of", {})  # (pickled before the cache existed)

    def idf(self, key: str) -> float:
        """Return the IDF factor of a token key in [IDF_FLOOR, 1].

        Rule: 1 for words in at most ``RARE_SHARE`` of the names (or lists too small to say);
        otherwise falls with log(document frequency), reaching IDF_FLOOR for a word in every
        name.
        """
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        n = self.n_names
        df = self.df.get(key, 0)
        rare = max(1.0, n * RARE_SHARE)
        if n < MIN_NAMES_FOR_IDF or df <= rare:
            value = 1.0
        else:
            span = math.log(n / rare)
            value = max(IDF_FLOOR, 1.0 - (1.0 - IDF_FLOOR) * math.log(df / rare) / span)
        self._cache[key] = value
        return value

    def weight(self, token: Token) -> float:
        """Return the token's weight: its kind's base weight times its IDF factor."""
        return KIND_WEIGHTS[token.kind] * self.idf(token.key)

    def weights_of(self, tokens: tuple[Token, ...]) -> list[float]:
        """``[self.weight(t) for t in tokens]``, computed once per tuple of words (a prepared
        name's ``core``): the caller must not change the list.

        The cache is keyed by the tuple's identity and holds the tuple, so a key is never reused
        by another tuple while its entry lives.
        """
        entry = self._of.get(id(tokens))
        if entry is not None and entry[0] is tokens:
            return entry[1]
        found = [self.weight(t) for t in tokens]
        if len(self._of) >= WEIGHTS_OF_CACHE:
            self._of.clear()
        self._of[id(tokens)] = (tokens, found)
        return found
