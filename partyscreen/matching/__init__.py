"""Pure name matcher: normalised, cross-script, explained fuzzy matching.

No SQL, no files: candidates in, matches out. See ``matcher.py`` for the rules, ``normalize.py``
for the comparison form (``normalize_name``, stable for storing in a database column),
``scripts.py`` for Chinese, ``score.py`` for pair scoring and ``index.py`` for the index.
"""

from __future__ import annotations

from partyscreen.matching.explain import Explanation, TokenMatch
from partyscreen.matching.matcher import (
    COUNTRY_MISMATCH_PENALTY,
    DEFAULT_MIN_SCORE,
    Candidate,
    Match,
    Matcher,
    Query,
)
from partyscreen.matching.normalize import normalize_name, prepare_name

__all__ = [
    "COUNTRY_MISMATCH_PENALTY",
    "DEFAULT_MIN_SCORE",
    "Candidate",
    "Explanation",
    "Match",
    "Matcher",
    "Query",
    "TokenMatch",
    "normalize_name",
    "prepare_name",
]
