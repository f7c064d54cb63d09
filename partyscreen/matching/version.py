"""The matcher's version, part of the key of every cached match index (``screening/matcher_cache.py``).

Cached indexes are also keyed by a digest of the source files of ``partyscreen/matching/`` and
the versions of rigour, pypinyin, OpenCC and rapidfuzz, so a code change already invalidates
them. Bump ``MATCHER_VERSION`` when the matcher's results change for another reason (a data
file it reads, a changed setting outside this package).
"""

MATCHER_VERSION = 1
