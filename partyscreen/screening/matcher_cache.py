"""The match index of a set of candidates, built once and kept in the on-disk cache.

Rule: the index (``Matcher``: every candidate name prepared, word weights, lookup tables) is a
pure function of the candidates and of the matcher's code and data, so it is cached under a
key that digests exactly those: the candidates (ids, names, countries, identifiers, kinds —
which change with the database's data, the policy and the date), the corpus the word weights are
counted over (every name on the policy's lists, see ``targets.py``), ``MATCHER_VERSION``, the
source files of ``partyscreen/matching/``, and the versions of Python, partyscreen and the
libraries the matcher reads (rigour, pypinyin, OpenCC, rapidfuzz). Any change is a new key, so
a stale index is never read; see ``partyscreen/cache.py`` for where and how entries are kept.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from partyscreen import __version__, cache
from partyscreen.matching import Candidate, Matcher, prepare_name
from partyscreen.matching.normalize import PreparedName
from partyscreen.matching.weights import TokenWeights
from partyscreen.matching.version import MATCHER_VERSION

KIND = "match-index"
LIBRARIES = ("rigour", "pypinyin", "opencc-python-reimplemented", "rapidfuzz")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over the matcher's source and data files (``partyscreen/matching/*.py``, the
    calibration weights ``*.json``)."""
    h = hashlib.sha256()
    folder = Path(__file__).resolve().parent.parent / "matching"
    for path in sorted([*folder.glob("*.py"), *folder.glob("*.json")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _library_versions() -> tuple[tuple[str, str], ...]:
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, version(name)))
        except PackageNotFoundError:
            found.append((name, "-"))
    return tuple(found)


Corpus = list[tuple[str, "str | None"]]
"""``(name, kind)`` pairs the word weights are counted over (``None``: the candidates' names)."""


def index_key(candidates: list[Candidate], weight_corpus: Corpus | None = None) -> str:
    """The cache key of the index of ``candidates`` (see the module docstring)."""
    h = hashlib.sha256()
    h.update(cache.digest(MATCHER_VERSION, __version__, code_digest(), _library_versions(), sys.version_info[:2]).encode())
    for candidate in candidates:
        h.update(repr(candidate).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    if weight_corpus is not None:
        h.update(b"\x01weights")
        for name, kind in weight_corpus:
            h.update(repr((name, kind)).encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
    return h.hexdigest()


def cached_matcher(candidates: list[Candidate], weight_corpus: Corpus | None = None,
                   previous: str | None = None) -> Matcher:
    """The matcher of ``candidates`` (word weights counted over ``weight_corpus`` when given):
    from the cache when built before, else built and cached. ``previous``: the key of a cached
    matcher of an earlier candidate list (same code: the key digests it): its prepared names
    are reused, only the names it lacks are prepared."""
    key = index_key(candidates, weight_corpus)
    found = cache.load(KIND, key)
    if isinstance(found, Matcher):
        return found
    earlier = cache.load(KIND, previous) if previous and previous != key else None
    prepared = earlier.prepared_names() if isinstance(earlier, Matcher) else None
    del earlier
    matcher = build_matcher(candidates, weight_corpus, prepared)
    cache.store(KIND, key, matcher)
    return matcher


def build_matcher(candidates: list[Candidate], weight_corpus: Corpus | None = None,
                  prepared: Mapping[tuple[str, str | None], PreparedName] | None = None) -> Matcher:
    """Build the index (what a cache miss costs)."""
    return Matcher(candidates, weights=corpus_weights(weight_corpus) if weight_corpus is not None else None,
                   prepared=prepared)


def corpus_weights(weight_corpus: Corpus) -> TokenWeights:
    """Word weights counted over the names of ``weight_corpus``."""
    return TokenWeights(prepare_name(name, kind).tokens for name, kind in weight_corpus)
