"""How fresh the loaded lists are, and what a list holds today (for reports and ``lists show``).

Rules:
- A list's current version is its ``list_version`` row of the highest batch; ``as_of`` is the date
  of the newest source that version rests on (see ``partyscreen.store.importers.entries``).
  Lists loaded before versions were recorded (schema 0003) fall back to their entries: the
  newest listed_on/delisted_on as as_of, the newest batch that wrote an entry.
- A list is stale when its as_of is more than ``max_age_days`` days before today (default
  ``DEFAULT_MAX_AGE_DAYS``), or unknown.
- A policy can be applied only when each of its lists is loaded and has entries in its current
  version (``require_lists``): a list that is missing, empty or unknown would make every answer a
  silent "clear", so it is an error (``ListsNotLoaded``) naming the list and what loads it.
- An entry's state on a day D (as ``partyscreen.ownership.roots.entry_state`` decides it):
  ``not listed yet`` before its listed_on, ``delisted`` from its delisted_on; otherwise
  ``ended`` or ``suspended`` while a measure period ``start <= D < end`` applies to it (by
  entry_id, or by its announcement reference when the measure names no entry; ended wins over
  suspended); else ``listed``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from partyscreen.errors import ListsNotLoaded
from partyscreen.ownership import Listing
from partyscreen.ownership.model import IN_EFFECT
from partyscreen.ownership.roots import entry_state as measure_state
from partyscreen.settings import DEFAULT_STALE_DAYS as DEFAULT_MAX_AGE_DAYS
from partyscreen.store.db import as_engine
from partyscreen.store.db import as_date
from partyscreen.store.ownership_data import measure_periods




@dataclass(frozen=True)
class ListVersion:
    """The current version of one list: its as_of date, the batch that made it, its entry count."""

    list_id: str
    as_of: date | None
    batch_id: int | None
    entries: int
    as_of_basis: str = "source"
    name: str = ""

    def age_days(self, today: date | None = None) -> int | None:
        """Days from as_of to ``today`` (None when as_of is unknown)."""
        return None if self.as_of is None else ((today or date.today()) - self.as_of).days

    def is_stale(self, max_age_days: int = DEFAULT_MAX_AGE_DAYS, today: date | None = None) -> bool:
        age = self.age_days(today)
        return age is None or age > max_age_days

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (e.g. for ``screening_run.list_versions``): as_of as ISO text."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_basis": self.as_of_basis,
            "batch_id": self.batch_id,
            "entries": self.entries,
        }


@dataclass(frozen=True)
class EntryView:
    """One entry as ``lists show LIST`` prints it."""

    entry_id: str
    name: str
    name_zh: str | None
    listed_on: date | None
    reference: str | None
    state: str


def _connect(conn_or_engine: sa.Connection | sa.Engine | str):  # type: ignore[no-untyped-def]
    if isinstance(conn_or_engine, sa.Connection):
        return _Borrowed(conn_or_engine)
    return as_engine(conn_or_engine).connect()


class _Borrowed:
    """A caller's connection used as a context manager without closing it."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sa.Connection:
        return self.conn

    def __exit__(self, *_: object) -> None:
        return None


def list_versions(conn_or_engine: sa.Connection | sa.Engine | str) -> dict[str, ListVersion]:
    """Every loaded list's current version, keyed by list id (see module rules)."""
    with _connect(conn_or_engine) as conn:
        names = dict(conn.execute(sa.text("SELECT id, name FROM list")).all())
        rows = conn.execute(
            sa.text(
                "SELECT v.list_id, v.as_of, v.batch_id, v.entries, v.as_of_basis FROM list_version v "
                "JOIN (SELECT list_id, MAX(batch_id) AS batch_id FROM list_version GROUP BY list_id) m "
                "ON v.list_id = m.list_id AND v.batch_id = m.batch_id"
            )
        ).all()
        versions = {
            r[0]: ListVersion(r[0], as_date(r[1]), r[2], r[3], r[4], names.get(r[0], r[0])) for r in rows
        }
        for list_id in sorted(set(names) - set(versions)):
            versions[list_id] = _unversioned(conn, list_id, names[list_id])
    return dict(sorted(versions.items()))


def _unversioned(conn: sa.Connection, list_id: str, name: str) -> ListVersion:
    row = conn.execute(
        sa.text("SELECT COUNT(*), MAX(listed_on), MAX(delisted_on), MAX(batch_id) FROM list_entry WHERE list_id = :l"),
        {"l": list_id},
    ).one()
    dates = [d for d in (as_date(row[1]), as_date(row[2])) if d is not None]
    return ListVersion(list_id, max(dates) if dates else None, row[3], int(row[0]), "source", name)


def require_lists(conn_or_engine: sa.Connection | sa.Engine | str, list_ids: Iterable[str], policy: str = "the policy") -> dict[str, ListVersion]:
    """The current versions of ``list_ids``; raises ``ListsNotLoaded`` when any is missing, empty or unknown.

    A list is *missing* when it was never loaded, *empty* when its current version has no entries,
    *unknown* when it is neither loaded nor a list partyscreen knows (a typo, most often).
    """
    from partyscreen.store.bundled import bundled_list_ids
    from partyscreen.store.catalog import KNOWN_LISTS, how_to_load

    wanted = sorted(set(list_ids))
    versions = list_versions(conn_or_engine)
    if not wanted:
        raise ListsNotLoaded(policy, ["it names no list"])
    bundled = bundled_list_ids()
    problems = []
    for list_id in wanted:
        version = versions.get(list_id)
        if version is not None and version.entries > 0:
            continue
        hint = how_to_load(list_id, bundled)
        if version is not None:
            problems.append(f"list {list_id} has no entries (its latest import, batch {version.batch_id}, left none): {hint}")
        elif list_id in KNOWN_LISTS or list_id in bundled:
            problems.append(f"list {list_id} ({KNOWN_LISTS[list_id].name if list_id in KNOWN_LISTS else list_id}) is not loaded: {hint}")
        else:
            known = sorted(set(versions) | set(KNOWN_LISTS) | bundled)
            close = difflib.get_close_matches(list_id, known, n=1, cutoff=0.8)
            guess = f"did you mean {close[0]}? " if close else ""
            loaded = ", ".join(versions) or "none"
            problems.append(f"unknown list {list_id!r}: {guess}(loaded: {loaded}); to screen a list of your own, {hint}")
    if problems:
        raise ListsNotLoaded(policy, problems)
    return {list_id: versions[list_id] for list_id in wanted}


def stale_lists(
    versions: Iterable[ListVersion], max_age_days: int = DEFAULT_MAX_AGE_DAYS, today: date | None = None
) -> list[ListVersion]:
    """The versions older than ``max_age_days`` (or of unknown date), for a report's warning."""
    return [v for v in versions if v.is_stale(max_age_days, today)]


def list_entries(
    conn_or_engine: sa.Connection | sa.Engine | str, list_id: str, today: date | None = None
) -> list[EntryView]:
    """The entries of one list with their state on ``today`` (see module rules), in entry id order."""
    day = today or date.today()
    with _connect(conn_or_engine) as conn:
        entries = conn.execute(
            sa.text(
                "SELECT entry_id, name, name_zh, listed_on, delisted_on, reference, entity_id FROM list_entry "
                "WHERE list_id = :l ORDER BY entry_id"
            ),
            {"l": list_id},
        ).all()
        by_entry, by_reference = measure_periods(conn)
    views = []
    for entry_id, name, name_zh, listed_on, delisted_on, reference, entity_id in entries:
        periods = by_entry.get((list_id, entry_id), []) + by_reference.get((list_id, reference), [])
        listing = Listing(entity_id, list_id, as_date(listed_on), as_date(delisted_on), tuple(periods))
        views.append(EntryView(entry_id, name, name_zh, as_date(listed_on), reference, entry_state(listing, day)))
    return views


def entry_state(listing: Listing, day: date) -> str:
    """``not listed yet``, ``delisted``, ``ended``, ``suspended`` or ``listed`` on ``day``.

    The measure state is ``partyscreen.ownership.roots.entry_state``'s: one rule for screening,
    the engine and ``lists show``.
    """
    if listing.listed_on is not None and day < listing.listed_on:
        return "not listed yet"
    if listing.delisted_on is not None and listing.delisted_on <= day:
        return "delisted"
    state = measure_state(listing, day)
    return "listed" if state is None or state[0] == IN_EFFECT else state[0]
