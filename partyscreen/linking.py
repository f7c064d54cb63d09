"""Linking list entries to the registry entities they name (``partyscreen link``).

Rule: for each unlinked entry (see ``partyscreen.store.links``) proposals come first from
identifier equality — the entry and a registry entity share an identifier of one scheme (LEI,
USCC, company number...): decisive, score 100 — and, for entries without such a match, from the
matcher on name and country (every name of the entry against every name of the registry
entities; people are not proposed for organisations and vice versa). Each entry keeps its best
``MAX_PROPOSALS`` proposals. A proposal is accepted automatically when it scores at least
``auto_accept`` (default ``DEFAULT_AUTO_ACCEPT``), is the only one of its entry at that level,
and is either an identifier match or a name match whose two countries are known and equal;
everything else waits in the review queue. Pairs decided before (accepted or rejected) are never
proposed again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from partyscreen.matching import DEFAULT_MIN_SCORE, Candidate, Matcher, Query
from partyscreen.store import links
from partyscreen.store.db import transaction
from partyscreen.store.links import EntryInfo, Proposal

DEFAULT_AUTO_ACCEPT = 95.0
"""Why 95: on the matcher's calibration benchmark, pairs of organisation names scoring 95 or more
are the same name up to legal form, punctuation and script; with the same country too, a wrong
link needs two companies of one country with practically the same name."""
MAX_PROPOSALS = 3
"""Proposals kept per entry: enough to show the reviewer the alternatives, few enough to read."""
QUERY_CHUNK = 50_000
"""Registry names matched per batch (bounds memory on millions of entities)."""
AUTO_BY = "partyscreen link"
BLOCK_MAX = 5_000
"""A word shared with more registry names than this does not select names for the matcher
(unless it is an entry's rarest word): "technology" or "limited" would send it everything."""
STOP_WORDS = frozenset(
    "ltd limited co company inc corp corporation llc gmbh ag sa plc group holding holdings the and of for "
    "de la des du und bv nv srl spa kk oy ab as aps".split()
)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]{2,}")


@dataclass
class LinkReport:
    """What one ``link`` run found and decided."""

    entries: int = 0
    proposed: int = 0
    accepted: list[Proposal] = field(default_factory=list)
    queued: int = 0
    by_identifier: int = 0
    by_name: int = 0

    def summary(self) -> str:
        return (
            f"{self.entries} unlinked entr(ies): {self.proposed} new proposal(s) "
            f"({self.by_identifier} by identifier, {self.by_name} by name), "
            f"{len(self.accepted)} accepted automatically, {self.queued} waiting for review"
        )


def _kinds_clash(entry_kind: str, entity_kind: str | None) -> bool:
    pair = {entry_kind, entity_kind or "unknown"}
    return pair == {"person", "organization"}


def block_keys(name: str) -> set[str]:
    """The words (and Chinese character pairs) a name can be found by: NFKC, case-folded, legal
    forms and filler words left out."""
    text = unicodedata.normalize("NFKC", name).casefold()
    keys: set[str] = set()
    for run in _CJK_RUN.findall(text):
        keys.update(run[i : i + 2] for i in range(len(run) - 1))
        keys.add(run[:2])  # a single character too
    keys.update(w for w in _WORD.findall(_CJK_RUN.sub(" ", text)) if w not in STOP_WORDS)
    return keys


def blocking_keys(entries: list[EntryInfo], conn: sa.Connection) -> set[str]:
    """The words that select registry names for the matcher (blocking): each entry's words shared
    by at most ``BLOCK_MAX`` registry names, and at least its rarest word."""
    wanted = {e.key: set().union(*(block_keys(n) for n in e.names)) for e in entries}
    every = set().union(*wanted.values())
    counts: Counter[str] = Counter()
    for chunk in links.registry_names(conn, QUERY_CHUNK):
        for _, name, _, _ in chunk:
            counts.update(block_keys(name) & every)
    kept: set[str] = set()
    for words in wanted.values():
        present = sorted((counts[w], w) for w in words if counts[w])
        kept.update(w for n, w in present if n <= BLOCK_MAX)
        if present:
            kept.add(present[0][1])
    return kept


def name_proposals(
    entries: list[EntryInfo], conn: sa.Connection, min_score: float, workers: int | None
) -> tuple[list[Proposal], dict[str, str | None]]:
    """The matcher's best proposals per entry, and the country of each proposed entity.

    Only registry names sharing a blocking word with some entry are scored (``blocking_keys``):
    a name that shares no word (beyond legal forms and words too common to select) is not
    proposed.
    """
    if not entries:
        return [], {}
    by_key = {e.key: e for e in entries}
    keys = blocking_keys(entries, conn)
    matcher = Matcher(Candidate(e.key, e.names, e.country, None, e.kind) for e in entries)
    best: dict[tuple[str, str], Proposal] = {}
    countries: dict[str, str | None] = {}
    for rows in links.registry_names(conn, QUERY_CHUNK):
        chunk = [r for r in rows if not keys.isdisjoint(block_keys(r[1]))]
        if not chunk:
            continue
        results = matcher.match_many([Query(name, country) for _, name, country, _ in chunk],
                                     limit=MAX_PROPOSALS, min_score=min_score, workers=workers)
        for (entity_id, name, country, kind), matches in zip(chunk, results):
            for m in matches:
                entry = by_key[m.candidate_id]
                if _kinds_clash(entry.kind, kind):
                    continue
                pair = (m.candidate_id, entity_id)
                if pair in best and best[pair].score >= m.score:
                    continue
                text = f"{name!r} ~ {m.matched_name!r}\n" + "\n".join(m.explanation.lines())
                best[pair] = Proposal(entry.list_id, entry.entry_id, entity_id, "name", float(m.score), text)
                countries[entity_id] = country
    return list(best.values()), countries


def propose_links(
    engine: sa.Engine,
    list_id: str | None = None,
    auto_accept: float = DEFAULT_AUTO_ACCEPT,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    workers: int | None = None,
    by: str = AUTO_BY,
) -> LinkReport:
    """Propose links for every unlinked entry (of ``list_id``), accept the sure ones (see module rules)."""
    report = LinkReport()
    with engine.connect() as conn:
        entries = links.unlinked_entries(conn, list_id)
        report.entries = len(entries)
        if not entries:
            return report
        decided = {(l, e, t) for l, e, t, s in conn.execute(sa.text(
            "SELECT list_id, entry_id, entity_id, status FROM entity_link")) if s != "proposed"}
        by_identifier = [p for p in links.identifier_matches(conn, list_id) if (p.list_id, p.entry_id, p.entity_id) not in decided]
        matched = {(p.list_id, p.entry_id) for p in by_identifier}
        rest = [e for e in entries if (e.list_id, e.entry_id) not in matched]
        by_name, countries = name_proposals(rest, conn, min_score, workers)
        by_name = [p for p in by_name if (p.list_id, p.entry_id, p.entity_id) not in decided]
    per_entry: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
    for p in by_identifier + by_name:
        per_entry[(p.list_id, p.entry_id)].append(p)
    entry_country = {(e.list_id, e.entry_id): e.country for e in entries}
    kept: list[Proposal] = []
    for key, props in per_entry.items():
        props.sort(key=lambda p: (-p.score, p.entity_id))
        props = props[:MAX_PROPOSALS]
        kept.extend(props)
        sure = [p for p in props if p.score >= auto_accept]
        if len(sure) == 1 and _country_agrees(sure[0], entry_country[key], countries):
            report.accepted.append(sure[0])
    with transaction(engine) as conn:
        report.proposed = links.add_proposals(conn, kept)
        if report.accepted:
            batch_id = links.start_batch(conn, f"link: {len(report.accepted)} accepted automatically")
            for p in report.accepted:
                reason = f"auto-accepted: {p.method} match scoring {p.score:g} >= {auto_accept:g}"
                if p.method == "name":
                    reason += ", same country"
                links.decide(conn, p.list_id, p.entry_id, p.entity_id, "accepted", by, reason,
                             batch_id=batch_id, method=p.method, score=p.score, explanation=p.explanation)
            links.finish_batch(conn, batch_id, len(report.accepted))
    report.by_identifier = sum(1 for p in kept if p.method == "identifier")
    report.by_name = sum(1 for p in kept if p.method == "name")
    accepted_entries = {(p.list_id, p.entry_id) for p in report.accepted}
    report.queued = sum(1 for p in kept if (p.list_id, p.entry_id) not in accepted_entries)
    return report


def _country_agrees(p: Proposal, entry_country: str | None, countries: dict[str, str | None]) -> bool:
    if p.method == "identifier":
        return True
    other = countries.get(p.entity_id)
    return bool(entry_country and other and entry_country.upper() == other.upper())


def decide_link(
    engine: sa.Engine, entry_ref: str, entity_id: str, status: str, by: str, reason: str, list_id: str | None = None
) -> int:
    """Accept or reject one pair by hand (``link accept|reject``); the link id."""
    with transaction(engine) as conn:
        lst, entry = links.resolve_entry(conn, entry_ref, list_id)
        batch_id = links.start_batch(conn, f"link {status}: {lst}:{entry} -> {entity_id}")
        link_id = links.decide(conn, lst, entry, entity_id, status, by, reason, batch_id=batch_id)
        links.finish_batch(conn, batch_id, 1)
    return link_id
