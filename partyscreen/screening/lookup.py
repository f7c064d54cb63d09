"""One name looked up without re-deriving the screening targets: the ``match`` command's fast path.

Rule: a ``Lookup`` answers ``screen_name`` exactly as ``Screener.screen_name`` does (a test
compares them hit for hit, on both engines). It answers from a snapshot that a ``Screener`` built
once — the match index, and for every target the hit as the screener words it (everything but
the query's own fields: name, score, matched name, explanation) — kept in the on-disk cache
(``partyscreen/cache.py``) under a key that digests everything the snapshot depends on:

- the database: its URL (a SQLite file by its absolute path) and its import history (id, kind,
  file, checksum and times of every committed import batch — the same record of changes that
  decides whether a stored affiliates run is fresh, ``affiliates.fresh_run_id``);
- the question: policy name, ``--lists``, the policy file's content, the date, the staleness
  limit;
- the code: every source file of ``partyscreen/``, and the versions of Python and the libraries
  the matcher reads.

Any import, another database, policy, date or code version is another key: a snapshot is never
read stale. Anything else asked of a ``Lookup`` goes to a real ``Screener``, opened on demand.
"""

from __future__ import annotations

import copy
import hashlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from partyscreen import cache, settings
from partyscreen.matching import Matcher, Query
from partyscreen.matching import scripts
from partyscreen.screening.countries import country_code
from partyscreen.screening.hits import Hit, SubjectResult

KIND = "lookup"
FORMAT = 1


@dataclass
class Snapshot:
    """What a look-up needs, built by a Screener."""

    matcher: Matcher
    templates: dict[str, Hit]
    warnings: list[str]
    limit: int
    pinyin_affixes: tuple[str, ...]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 over partyscreen's source files and the matcher's calibration weights."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted([*root.rglob("*.py"), *(root / "matching").glob("*.json")]):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _database(engine: sa.Engine) -> tuple[object, ...]:
    """The database's identity and its import history."""
    url = engine.url
    where = os.path.abspath(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    with engine.connect() as conn:
        history = conn.execute(sa.text(
            "SELECT id, kind, file_name, checksum, started_at, finished_at FROM import_batch ORDER BY id"
        )).all()
    return url.render_as_string(hide_password=True), where, tuple(tuple(str(v) for v in row) for row in history)


def snapshot_key(engine: sa.Engine, policy: str | None, policy_file: str | Path | None, lists: str | None, as_of: date) -> str:
    """The cache key of the snapshot for this question (see the module docstring)."""
    from partyscreen.screening.matcher_cache import _library_versions

    policy_text = Path(policy_file).read_bytes() if policy_file else b""
    return cache.digest(
        FORMAT, code_digest(), _library_versions(), sys.version_info[:2], _database(engine),
        policy, lists, hashlib.sha256(policy_text).hexdigest(), as_of.isoformat(), settings.stale_days(None),
    )


def build_snapshot(screener: Any) -> Snapshot:
    """The snapshot of an open ``Screener`` (builds its targets and match index if needed)."""
    from partyscreen.matching import Match
    from partyscreen.screening.screener import MATCH_LIMIT

    matcher = screener.matcher
    blank = SubjectResult(0, "", "", None, "", [])
    templates = {cid: screener._hit(blank, Match(cid, 0.0, "", "")) for cid in screener.targets.targets}  # type: ignore[arg-type]
    return Snapshot(matcher, templates, list(screener.warnings()), MATCH_LIMIT, scripts._pinyin_affixes())


class Lookup:
    """``screen_name`` and ``warnings`` from a snapshot; every other attribute is a real Screener's."""

    def __init__(self, snapshot: Snapshot, min_score: float, opener: Callable[[], Any], screener: Any = None) -> None:
        self._snapshot = snapshot
        self._opener = opener
        self._screener = screener
        self.min_score = min_score
        if scripts.PINYIN_AFFIXES is None:
            scripts.PINYIN_AFFIXES = snapshot.pinyin_affixes

    def screen_name(
        self,
        name: str,
        country: str | None = None,
        role: str | None = None,
        identifiers: Iterable[tuple[str, str]] | dict[str, str] | None = None,
    ) -> list[Hit]:
        """The hits for one name, as ``Screener.screen_name`` gives them."""
        pairs = list(identifiers.items()) if isinstance(identifiers, dict) else list(identifiers or [])
        subject = SubjectResult(0, "", name.strip(), country_code(country or ""), role or "", pairs)
        if not subject.name:
            return []
        query = Query(subject.name, subject.country, subject.identifiers or None)
        (matches,) = self._snapshot.matcher.match_many([query], limit=self._snapshot.limit, min_score=self.min_score)
        hits = []
        for match in matches:
            hit = copy.deepcopy(self._snapshot.templates[match.candidate_id])
            hit.subject_name = subject.name
            hit.score = float(match.score)
            hit.matched_name = match.matched_name
            hit.explanation = str(match.explanation)
            hit.row, hit.subject_id, hit.role = subject.row, subject.subject_id, subject.role
            hits.append(hit)
        return hits

    def warnings(self) -> list[str]:
        return list(self._snapshot.warnings)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._screener is None:
            self._screener = self._opener()
        return getattr(self._screener, name)


def open_lookup(
    engine: sa.Engine,
    opener: Callable[[], Any],
    *,
    policy: str | None,
    policy_file: str | Path | None,
    lists: str | None,
    as_of: date,
    min_score: float | None,
) -> Lookup:
    """A look-up for the question; ``opener`` opens the equivalent Screener (used on a cache miss,
    and for anything a snapshot does not answer; returned itself if no snapshot can be made)."""
    from partyscreen.matching import DEFAULT_MIN_SCORE

    threshold = DEFAULT_MIN_SCORE if min_score is None else float(min_score)
    try:
        key: str | None = snapshot_key(engine, policy, policy_file, lists, as_of)
    except OSError:  # an unreadable policy file: the Screener reports it
        key = None
    found = cache.load(KIND, key) if key else None
    if isinstance(found, Snapshot):
        return Lookup(found, threshold, opener)
    screener = opener()
    try:
        snapshot = build_snapshot(screener)
    except Exception:  # noqa: BLE001 - a screener this snapshot cannot describe: answer through it
        return screener  # type: ignore[no-any-return]
    if key:
        cache.store(KIND, key, snapshot)
    return Lookup(snapshot, screener.min_score, opener, screener)
