"""The history of lists: every import records what it changed, so any two states can be compared.

Rules:
- Each import of a list (or of list measures) compares the items it staged with the items'
  latest recorded state and writes one ``list_change`` row per item that was ``added``,
  ``changed`` or ``removed``, holding the item's canonical content (for ``removed``, the last
  content it had). Re-importing the same file therefore records nothing.
- A *full* import replaces the lists it names: an item of those lists that it lacks is
  ``removed``. A partial import only adds and changes.
- The state of a list after batch B is, for each item, its latest change with ``batch_id <= B``
  unless that change is ``removed``. Items written before history existed (schema 0003) get
  their current row recorded as the baseline the first time their list is imported again.
- Every import also writes one ``list_version`` row per list it touched: as_of, how as_of was
  found, entry count and change counts.

What a version's ``as_of`` means: the day on which the source shows the list in this state
(its publication date). It is exact when the caller gives it (``given``); a date the file states
(``source``: the newest listing date, CSL start date, FtM last_seen, measures announcement) is a
lower bound of it — the list is at least that fresh, so staleness warnings err towards warning;
a file that states none is dated by its modification date (``file-date``). A list's as_of never
goes back (``next_as_of``): a partial file of older entries, or an older file, leaves it.

What a removal's date means: an entry a newer full file lacks was listed up to the previous
version and is gone by this one, so it is delisted on the first day the removal is *known*
(``removal_day``) — never earlier, which would make a look-back screen between the two miss a
party that was still listed. That day is the given as_of; else the file's modification date (the
day the file was written, not after today), not before the newest date the file states; and in
every case after the previous version's as_of, on which the entry was still listed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from partyscreen.store import bulk, versions
from partyscreen.store.bulk import Stage
from partyscreen.store.models import ListChange, ListVersionRecord

ENTRY_FIELDS = (
    "name",
    "aliases",
    "name_zh",
    "kind",
    "country",
    "address",
    "listed_on",
    "delisted_on",
    "reference",
    "url",
    "entity_id",
)
"""The fields of a list entry whose changes are recorded (and shown by ``lists diff``)."""

MEASURE_FIELDS = ("reference", "entry_id", "status", "start_date", "end_date", "announced_on", "url", "note")
"""The fields of a list measure whose changes are recorded."""

ITEM_TABLES = {"entry": ("list_entry", "entry_id", ENTRY_FIELDS), "measure": ("list_measure", "id", MEASURE_FIELDS)}

CONTENT_STAGE = Stage("stage_content", (("list_id", "TEXT"), ("item_id", "TEXT"), ("content", "TEXT")))
"""What an import staged, as canonical content per item, for comparison with the history."""

Key = tuple[str, str]


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    text = str(value)
    return text if text != "" else None


def content_json(values: Mapping[str, object], fields: Sequence[str]) -> str:
    """Canonical JSON of an item's fields: '' and None alike are null, dates ISO, keys sorted."""
    return json.dumps({f: _plain(values.get(f)) for f in fields}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Latest:
    change: str
    content: str | None


@dataclass
class Changes:
    """What one import changed, per list."""

    rows: list[dict[str, object]] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)

    def count(self, list_id: str, kind: str) -> int:
        return sum(1 for r in self.rows if r["list_id"] == list_id and r["change"] == kind)


def create_content_stage(conn: sa.Connection) -> None:
    bulk.create_stage(conn, CONTENT_STAGE)


def stage_contents(conn: sa.Connection, rows: Iterable[tuple[str, str, str]]) -> None:
    """Stage ``(list_id, item_id, content)`` for the items an import brings."""
    bulk.load_stage(conn, CONTENT_STAGE, rows)


def record_changes(conn: sa.Connection, batch_id: int, item: str, list_ids: Sequence[str], full: bool) -> Changes:
    """Compare the staged contents with the history and write the changes (see module rules)."""
    latest = latest_states(conn, item, list_ids)
    if _record_baseline(conn, item, list_ids, latest):
        latest = latest_states(conn, item, list_ids)
    staged = {(l, i): c for l, i, c in conn.exec_driver_sql(f"SELECT list_id, item_id, content FROM {CONTENT_STAGE.name}")}
    changes = Changes()
    for key, content in staged.items():
        prev = latest.get(key)
        if prev is None or prev.change == "removed":
            changes.rows.append(_row(batch_id, item, key, "added", content))
        elif prev.content != content:
            changes.rows.append(_row(batch_id, item, key, "changed", content))
    if full:
        wanted = set(list_ids)
        for key, prev in latest.items():
            if key[0] in wanted and prev.change != "removed" and key not in staged:
                changes.rows.append(_row(batch_id, item, key, "removed", prev.content))
                changes.removed.append(key)
    if changes.rows:
        conn.execute(sa.insert(ListChange.__table__), changes.rows)
    bulk.drop_stage(conn, CONTENT_STAGE)
    return changes


def _row(batch_id: int, item: str, key: Key, change: str, content: str | None) -> dict[str, object]:
    return {"batch_id": batch_id, "list_id": key[0], "item": item, "item_id": key[1], "change": change, "content": content}


def _record_baseline(conn: sa.Connection, item: str, list_ids: Sequence[str], latest: Mapping[Key, Latest]) -> bool:
    """Record items that exist but have no history (written before schema 0003) as added by their batch."""
    table, key_column, fields = ITEM_TABLES[item]
    result = conn.execute(
        sa.text(
            f"SELECT list_id, {key_column} AS item_id, batch_id, {', '.join(fields)} FROM {table} WHERE list_id IN :lists"
        ).bindparams(sa.bindparam("lists", expanding=True)),
        {"lists": list(list_ids)},
    ).mappings()
    rows = [
        _row(r["batch_id"], item, (r["list_id"], r["item_id"]), "added", content_json(r, fields))
        for r in result
        if (r["list_id"], r["item_id"]) not in latest and r["batch_id"] is not None
    ]
    if rows:
        conn.execute(sa.insert(ListChange.__table__), rows)
    return bool(rows)


def latest_states(conn: sa.Connection, item: str, list_ids: Sequence[str] | None = None) -> dict[Key, Latest]:
    """Each item's latest recorded change (of the given lists, or of all)."""
    where = "WHERE item = :item" + (" AND list_id IN :lists" if list_ids is not None else "")
    sql = sa.text(
        "SELECT c.list_id, c.item_id, c.change, c.content FROM list_change c JOIN ("
        f"SELECT MAX(id) AS id FROM list_change {where} GROUP BY list_id, item_id) m ON c.id = m.id"
    )
    params: dict[str, object] = {"item": item}
    if list_ids is not None:
        sql = sql.bindparams(sa.bindparam("lists", expanding=True))
        params["lists"] = list(list_ids)
    return {(r[0], r[1]): Latest(r[2], r[3]) for r in conn.execute(sql, params)}


def present_entries(conn: sa.Connection, list_ids: Sequence[str]) -> dict[str, int]:
    """Entries present in each list's latest state (removed ones not counted)."""
    counts = dict.fromkeys(list_ids, 0)
    for (list_id, _), latest in latest_states(conn, "entry", list_ids).items():
        if latest.change != "removed":
            counts[list_id] += 1
    return counts


def current_as_of(conn: sa.Connection, list_ids: Sequence[str]) -> dict[str, tuple[date, str]]:
    """Each list's current (as_of, basis): its version of the highest batch that has an as_of."""
    if not list_ids:
        return {}
    rows = conn.execute(
        sa.text(
            "SELECT v.list_id, v.as_of, v.as_of_basis FROM list_version v JOIN ("
            "SELECT list_id, MAX(batch_id) AS batch_id FROM list_version WHERE as_of IS NOT NULL AND list_id IN :lists "
            "GROUP BY list_id) m ON v.list_id = m.list_id AND v.batch_id = m.batch_id"
        ).bindparams(sa.bindparam("lists", expanding=True)),
        {"lists": list(list_ids)},
    )
    return {r[0]: (_as_date(r[1]), r[2]) for r in rows}


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def next_as_of(previous: tuple[date, str] | None, found: tuple[date, str]) -> tuple[date, str]:
    """A new version's (as_of, basis): the one found for this import, unless the list's current
    as_of is later (a version's as_of never goes back)."""
    if previous is not None and previous[0] > found[0]:
        return previous
    return found


def removal_day(given: date | None, stated: date | None, file_date: date, previous: tuple[date, str] | None) -> date:
    """The first day an entry missing from this import is known to be removed (module rules):
    ``given``; else ``file_date`` (not after today) but not before ``stated``; always after the
    previous version's as_of."""
    if given is not None:
        day = given
    else:
        day = min(file_date, date.today())
        if stated is not None and stated > day:
            day = stated
    if previous is not None and day <= previous[0]:
        day = previous[0] + timedelta(days=1)
    return day


def mark_removed_entries(
    conn: sa.Connection, removed: Sequence[Key], as_of: Mapping[str, date | None], batch_id: int | None = None
) -> None:
    """Removal marks, never deletes: ``delisted_on`` becomes the removal day of the entry's list
    (``removal_day``; kept when an earlier delisting date is already set).

    The entry, its entity and names stay, so screening as of a date before the removal still
    finds the listing, and as of the removal date or later it is delisted. A marked entry was last
    written by ``batch_id``; its unmarked row goes to the history (``partyscreen.store.versions``).
    """
    table = sa.table(
        "list_entry", sa.column("list_id"), sa.column("entry_id"), sa.column("delisted_on"), sa.column("listed_on"),
        sa.column("batch_id"),
    )
    by_list: dict[str, list[str]] = {}
    for list_id, entry_id in removed:
        by_list.setdefault(list_id, []).append(entry_id)
    for list_id, entry_ids in by_list.items():
        when = as_of.get(list_id) or date.today()
        for start in range(0, len(entry_ids), 500):
            chunk = entry_ids[start : start + 500]
            condition = (
                "list_id = :list_id AND entry_id IN :entry_ids AND (delisted_on IS NULL OR delisted_on > :when)"
            )
            if batch_id is not None:
                versions.retire_where(
                    conn, "list_entry", condition, {"list_id": list_id, "entry_ids": chunk, "when": when}, batch_id,
                    binds=(sa.bindparam("entry_ids", expanding=True), sa.bindparam("when", type_=sa.Date)),
                )
            values: dict[str, object] = {
                "delisted_on": sa.case((table.c.listed_on > when, table.c.listed_on), else_=sa.literal(when, sa.Date))
            }
            if batch_id is not None:
                values["batch_id"] = batch_id
            conn.execute(
                sa.update(table)
                .where(table.c.list_id == list_id, table.c.entry_id.in_(chunk))
                .where(sa.or_(table.c.delisted_on.is_(None), table.c.delisted_on > when))
                .values(**values)
            )


def delete_removed_measures(conn: sa.Connection, removed: Sequence[Key], batch_id: int | None = None) -> None:
    """A measure a full measures file no longer has is a correction of our data: it is deleted
    (the list history keeps its content, the row history the row as it was)."""
    for _, measure_id in removed:
        if batch_id is not None:
            versions.retire_where(conn, "list_measure", "id = :id", {"id": measure_id}, batch_id)
        conn.execute(sa.text("DELETE FROM list_measure WHERE id = :id"), {"id": measure_id})


def write_versions(conn: sa.Connection, versions: Iterable[Mapping[str, object]]) -> None:
    """Insert ``list_version`` rows (dicts with ListVersionRecord's columns)."""
    rows = list(versions)
    if rows:
        conn.execute(sa.insert(ListVersionRecord.__table__), rows)


# --- reading: the state after a batch, and the difference between two states -------------------


@dataclass(frozen=True)
class EntryDiff:
    """One entry that differs between two states: ``added``, ``removed`` or ``changed`` fields."""

    list_id: str
    entry_id: str
    change: str
    name: str | None
    fields: dict[str, tuple[object, object]]


@dataclass
class ListDiff:
    """What changed in the lists from the state after batch ``before`` to the state after ``after``."""

    before: int
    after: int
    entries: list[EntryDiff]

    def count(self, change: str) -> int:
        return sum(1 for e in self.entries if e.change == change)


State = dict[Key, dict[str, object]]
CHANGE_ORDER = {"added": 0, "removed": 1, "changed": 2}


def states_after(conn: sa.Connection, item: str, batches: tuple[int, int], list_id: str | None = None) -> tuple[State, State]:
    """The items present after each of two batches: the fold of their changes up to that batch."""
    upto = max(batches)
    sql = "SELECT list_id, item_id, batch_id, change, content FROM list_change WHERE item = :item AND batch_id <= :upto"
    params: dict[str, object] = {"item": item, "upto": upto}
    if list_id is not None:
        sql += " AND list_id = :list"
        params["list"] = list_id
    state: State = {}
    earlier: State | None = None
    low = min(batches)
    for l_id, item_id, batch_id, change, content in conn.execute(sa.text(sql + " ORDER BY batch_id, id"), params):
        if earlier is None and batch_id > low:
            earlier = dict(state)
        if change == "removed":
            state.pop((l_id, item_id), None)
        else:
            state[(l_id, item_id)] = json.loads(content)
    earlier = dict(state) if earlier is None else earlier
    return (earlier, state) if batches[0] <= batches[1] else (state, earlier)


def diff_lists(conn: sa.Connection, before: int, after: int, list_id: str | None = None) -> ListDiff:
    """Entries added, removed and changed (fields, and the measures that apply) between two batches."""
    old, new = states_after(conn, "entry", (before, after), list_id)
    old_m, new_m = states_after(conn, "measure", (before, after), list_id)
    measured = {k[0] for k in old_m} | {k[0] for k in new_m}
    diffs = []
    for key in old.keys() | new.keys():
        was, now = old.get(key), new.get(key)
        if was is None or now is None:
            content = now or was or {}
            diffs.append(EntryDiff(key[0], key[1], "added" if was is None else "removed", content.get("name"), {}))  # type: ignore[arg-type]
            continue
        fields = {f: (was.get(f), now.get(f)) for f in ENTRY_FIELDS if was.get(f) != now.get(f)}
        if key[0] in measured:
            before_m, after_m = measure_labels(key, was, old_m), measure_labels(key, now, new_m)
            if before_m != after_m:
                fields["measures"] = (before_m, after_m)
        if fields:
            diffs.append(EntryDiff(key[0], key[1], "changed", now.get("name"), fields))  # type: ignore[arg-type]
    diffs.sort(key=lambda d: (d.list_id, CHANGE_ORDER[d.change], _natural(d.entry_id)))
    return ListDiff(before, after, diffs)


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (1 << 62, text)


def measure_labels(key: Key, entry: Mapping[str, object], measures: State) -> str:
    """The measures applying to an entry, as text: by its entry id, or by its reference when a measure names no entry."""
    labels = []
    for (list_id, _), m in measures.items():
        if list_id != key[0]:
            continue
        applies = m.get("entry_id") == key[1] if m.get("entry_id") else (
            entry.get("reference") is not None and m.get("reference") == entry.get("reference")
        )
        if applies:
            start, end = m.get("start_date"), m.get("end_date")
            labels.append(f"{m.get('status')} {start or '…'} to {end or 'open'}")
    return "; ".join(sorted(labels)) or "none"


def last_batch_before(conn: sa.Connection, day: date) -> int:
    """The last import batch started before ``day`` (0: none, the empty state)."""
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    value = conn.execute(sa.text("SELECT MAX(id) FROM import_batch WHERE started_at < :d"), {"d": start}).scalar()
    return int(value or 0)


def latest_change(conn: sa.Connection, list_id: str | None = None) -> tuple[int, int]:
    """(before, after): the states around the latest import that wrote a list version (of
    ``list_id``, or of any list) — all batches of its group (one ``lists update`` writes a batch
    per file), so the diff between the two is everything that import changed."""
    after = latest_batch(conn, list_id)
    if after == 0:
        return 0, 0
    first = conn.execute(sa.text("SELECT COALESCE(group_id, id) FROM import_batch WHERE id = :b"), {"b": after}).scalar()
    return int(first or after) - 1, after


def latest_batch(conn: sa.Connection, list_id: str | None = None) -> int:
    """The newest batch that wrote a version (of ``list_id``, or of any list); 0 when none."""
    sql = "SELECT MAX(batch_id) FROM list_version" + (" WHERE list_id = :l" if list_id else "")
    return int(conn.execute(sa.text(sql), {"l": list_id} if list_id else {}).scalar() or 0)
