"""A register file read in a worker process (``importers.pipeline``) stages exactly what an
in-process read stages, reports bad records the same way, and a failing worker writes nothing;
on SQLite and PostgreSQL. (Large files take the worker; here ``PARALLEL_BYTES`` is lowered.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import direct, pipeline, registry
from partyscreen.store.importers.bods import BodsReader
from partyscreen.store.importers.ownership import import_ownership

from .helpers import counts, rows

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "ownership"
FILES = [
    *sorted((SAMPLES / "bods").glob("*.json")),
    SAMPLES / "gleif" / "lei-data.json",
    SAMPLES / "gleif" / "rr-data.json",
    SAMPLES / "gleif" / "reporting-exceptions-data.json",
    *sorted((SAMPLES / "uk_psc").glob("*.json")),
]
DUMPS = (
    "SELECT id, name, kind, country, address FROM entity ORDER BY id",
    "SELECT entity_id, name, normalized, name_type, lang, source FROM entity_name ORDER BY entity_id, name, name_type",
    "SELECT entity_id, scheme, value, source FROM identifier ORDER BY entity_id, scheme, value",
    "SELECT id, owner_id, owned_id, relation, share_min, share_max, min_exclusive, max_exclusive, start_date, end_date, "
    "source FROM holding ORDER BY id",
    "SELECT id, entity_id, category, reason, detail, reported_on FROM reporting_exception ORDER BY id",
    "SELECT source, record_id, entity_id, status FROM source_record ORDER BY source, record_id",
)


def load(engine, *paths):
    with transaction(engine) as conn:
        return [import_ownership(conn, p) for p in paths]


def dump(engine):
    return [rows(engine, sql) for sql in DUMPS]


def test_worker_stages_what_an_in_process_read_stages(engine, monkeypatch):
    first = load(engine, *FILES)
    before = dump(engine)
    assert before[0] and before[3] and before[4]  # entities, holdings and exceptions were imported
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    in_worker = []
    monkeypatch.setattr(pipeline, "read_in_worker", lambda *a, real=pipeline.read_in_worker: in_worker.append(real(*a)))
    again = load(engine, *FILES)
    assert len(in_worker) == len(FILES)
    assert [(r.rows, r.counts.inserted, r.counts.updated) for r in again] == [(r.rows, 0, 0) for r in first]
    assert [r.warnings for r in again] == [r.warnings for r in first]
    assert dump(engine) == before


def test_worker_reports_bad_records_as_in_process_and_writes_nothing(engine, write, monkeypatch):
    good = {"statementId": "s1", "statementDate": "2020-01-01", "recordId": "c1", "recordType": "entity",
            "recordDetails": {"name": "Parent Ltd", "identifiers": [{"scheme": "GB-COH", "id": "P1"}]}}
    bad = {**good, "statementId": "s2", "recordId": "r1", "recordType": "relationship",
           "recordDetails": {"subject": "c1", "interestedParty": "c1", "interests": [{"type": "shareholding", "share": {"exact": 150}}]}}
    path = write("bad.jsonl", "\n".join(json.dumps(s) for s in (good, bad)) + "\n{broken\n")
    with pytest.raises(InputError) as in_process:
        load(engine, path)
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    before = counts(engine)
    with pytest.raises(InputError) as in_worker:
        load(engine, path)
    assert str(in_worker.value) == str(in_process.value)
    assert "line 3: not valid JSON" in str(in_worker.value)
    assert counts(engine) == before
    path.write_text("\n".join(json.dumps(s) for s in (good, bad)) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as share:
        load(engine, path)
    assert str(share.value.first) == f"{path}, line 2, field recordDetails.interests[0].share: '150' is outside [0, 100]"
    assert counts(engine) == before


def test_a_failing_worker_ends_the_import_naming_the_file_and_writes_nothing(engine, monkeypatch):
    def broken(self, record):
        raise KeyError("a bug in the reader")

    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(BodsReader, "read", broken)  # the forked worker inherits it
    path = SAMPLES / "bods" / "joint-ownership.json"
    with pytest.raises(RuntimeError) as err:
        load(engine, path)
    assert str(path) in str(err.value) and "a bug in the reader" in str(err.value)
    assert counts(engine)["entities"] == 0


def test_worker_import_records_the_files_sha256(engine, monkeypatch):
    """The checksum a worker import records (hashed by a thread while the worker reads) is the
    file's SHA-256, as an in-process import records it."""
    import hashlib

    path = SAMPLES / "bods" / "joint-ownership.json"
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    (result,) = load(engine, path)
    stored = rows(engine, f"SELECT checksum FROM import_batch WHERE id = {int(result.batch_id)}")
    assert stored == [(hashlib.sha256(path.read_bytes()).hexdigest(),)]


HISTORY = (
    "SELECT id, name, kind, country, batch_id, retired_by FROM entity_history ORDER BY id, batch_id",
    "SELECT entity_id, name, name_type, source, retired_by FROM entity_name_history ORDER BY entity_id, name",
    "SELECT entity_id, scheme, value, retired_by FROM identifier_history ORDER BY entity_id, value",
    "SELECT id, owner_id, owned_id, share_min, end_date, retired_by FROM holding_history ORDER BY id, retired_by",
    "SELECT id, kind, row_count, inserted, updated, unchanged FROM import_batch ORDER BY id",
)


def _state(conn):
    """Every dump, batch ids as their place among this database's batches (PostgreSQL does not
    hand out a rolled-back id again)."""
    place = {b: n for n, (b,) in enumerate(conn.exec_driver_sql("SELECT id FROM import_batch ORDER BY id"))}
    state = []
    for sql in DUMPS + HISTORY:
        result = conn.exec_driver_sql(sql)
        batch = [c in ("batch_id", "retired_by") or (c == "id" and "import_batch" in sql) for c in result.keys()]
        state.append([tuple(place.get(v, v) if b else v for v, b in zip(r, batch)) for r in result])
    return state


def _summary(results):
    return [(r.rows, r.counts, r.warnings, r.created_missing) for r in results]


def _jsonl(write, name, statements):
    """A JSON Lines file of these statements."""
    return write(name, "\n".join(json.dumps(s) for s in statements) + "\n")


def _fall_backs(monkeypatch):
    """A list that gets an item each time a block-by-block merge falls back to the staged one."""
    seen = []
    real = direct.DirectMerge.fall_back
    monkeypatch.setattr(direct.DirectMerge, "fall_back", lambda self: (seen.append(1), real(self)))
    return seen


def _staged_then_by_blocks(engine, monkeypatch, *paths):
    """Import ``paths`` in process (the staged merge) and undo it; then again read by a worker that
    sends a block after every record (merged as they come): both results and database states."""
    with engine.connect() as conn:
        with conn.begin() as tx:
            staged = [import_ownership(conn, p) for p in paths]
            expected = _state(conn)
            tx.rollback()
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(registry, "FLUSH_ROWS", 1)  # the forked worker inherits it: one block per record
    by_blocks = load(engine, *paths)
    with engine.connect() as conn:
        return _summary(staged), expected, _summary(by_blocks), _state(conn)


def test_merging_blocks_as_they_come_writes_what_the_staged_merge_writes(engine, monkeypatch):
    """Every sample file, into an empty database and then over what the earlier ones wrote: the
    same rows, history, batches and counts as the staged merge."""
    staged, expected, by_blocks, got = _staged_then_by_blocks(engine, monkeypatch, *FILES, *FILES)
    assert by_blocks == staged
    assert got == expected


def _statement(sid, date, record, kind, details, status="new"):
    return {"statementId": sid, "statementDate": date, "recordId": record, "recordType": kind,
            "recordStatus": status, "recordDetails": details}


def _company(name, number):
    return {"entityType": {"type": "registeredEntity"}, "name": name, "identifiers": [{"scheme": "GB-COH", "id": number}]}


def _stake(subject, party, share):
    return {"subject": subject, "interestedParty": party,
            "interests": [{"type": "shareholding", "directOrIndirect": "direct", "share": {"exact": share}}]}


def test_restated_records_forward_references_and_closings_by_blocks(engine, write, monkeypatch):
    """A holding naming a record described later in the file, a record stated twice (out of date
    order), a closed relationship, then a second file restating what the first wrote: as staged."""
    first = [
        _statement("s1", "2020-01-01", "r1", "relationship", _stake("c1", "c2", 60)),  # c1, c2 described below
        _statement("s2", "2020-01-01", "c1", "entity", _company("One Ltd", "01")),
        _statement("s3", "2020-01-01", "c2", "entity", _company("Two Ltd", "02")),
        _statement("s4", "2020-01-01", "r2", "relationship", _stake("c2", "c1", 10)),
    ]
    restating = [
        _statement("t1", "2022-01-01", "c1", "entity", _company("One Renamed Ltd", "01")),
        _statement("t2", "2021-01-01", "c1", "entity", _company("One Older Name Ltd", "01")),  # older: not the latest
        _statement("t3", "2022-06-01", "r2", "relationship", {"subject": "c2", "interestedParty": "c1"}, "closed"),
        _statement("t4", "2022-01-01", "r1", "relationship", _stake("c1", "c2", 75)),
    ]
    once = _jsonl(write, "first.jsonl", first)
    again = _jsonl(write, "restating.jsonl", restating)
    fell_back = _fall_backs(monkeypatch)
    staged, expected, by_blocks, got = _staged_then_by_blocks(engine, monkeypatch, once, again, once, again)
    assert by_blocks == staged
    assert got == expected
    assert fell_back == ([1, 1] if engine.dialect.name == "sqlite" else [])  # the files restating c1: staged instead
    names = {name for name, in rows(engine, "SELECT name FROM entity_name WHERE entity_id = 'gb-coh:01'")}
    assert names == {"One Renamed Ltd"}
    assert rows(engine, "SELECT end_date FROM holding WHERE id = 'bods:r2#000'")[0][0] is not None


def test_a_reference_nothing_describes_found_after_blocks_were_merged_writes_nothing(engine, write, monkeypatch):
    statements = [
        _statement("s1", "2020-01-01", "c1", "entity", _company("One Ltd", "01")),
        _statement("s2", "2020-01-01", "c2", "entity", _company("Two Ltd", "02")),
        _statement("s3", "2020-01-01", "r1", "relationship", _stake("c1", "c2", 60)),
        _statement("s4", "2020-01-01", "r2", "relationship", _stake("c2", "nobody", 10)),
    ]
    path = _jsonl(write, "unknown.jsonl", statements)
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(registry, "FLUSH_ROWS", 1)
    before = counts(engine)
    with pytest.raises(InputError) as err:
        load(engine, path)
    assert str(err.value.first) == f"{path}, line 4, field recordDetails.interestedParty: 'nobody' is not a record of this import or of an earlier one"
    assert counts(engine) == before
    assert rows(engine, "SELECT COUNT(*) FROM import_batch") == [(0,)]


def test_merging_blocks_inside_a_transaction_that_has_not_written_yet_leaves_it_to_the_caller(engine, monkeypatch):
    """The block merges' savepoint does not commit a transaction the caller began without writing
    (on SQLite a savepoint outside a transaction would open one, and its release commit it)."""
    monkeypatch.setattr(pipeline, "PARALLEL_BYTES", 0)
    before = counts(engine)
    with engine.connect() as conn:
        with conn.begin() as tx:
            (result,) = [import_ownership(conn, SAMPLES / "bods" / "joint-ownership.json")]
            assert result.counts.inserted
            tx.rollback()
    assert counts(engine) == before


def test_closings_and_restatements_of_an_earlier_import_by_blocks(engine, write, monkeypatch):
    """Without a record stated twice in one file, blocks are merged as they come (no fall-back):
    a relationship closed with its interests ends them; a second file closing one record of the
    first ends its holding and restating another replaces its holding; as staged."""
    first = [
        _statement("s1", "2020-01-01", "c1", "entity", _company("One Ltd", "01")),
        _statement("s2", "2020-01-01", "c2", "entity", _company("Two Ltd", "02")),
        _statement("s3", "2020-01-01", "r1", "relationship", _stake("c1", "c2", 60)),
        _statement("s4", "2020-01-01", "r2", "relationship", _stake("c2", "c1", 10)),
        _statement("s5", "2021-03-01", "r3", "relationship", _stake("c2", "c1", 5), "closed"),
    ]
    second = [
        _statement("t1", "2022-06-01", "r1", "relationship", {"subject": "c1", "interestedParty": "c2"}, "closed"),
        _statement("t2", "2022-01-01", "r2", "relationship", _stake("c2", "c1", 20)),
    ]
    once = _jsonl(write, "first.jsonl", first)
    then = _jsonl(write, "second.jsonl", second)
    fell_back = _fall_backs(monkeypatch)
    staged, expected, by_blocks, got = _staged_then_by_blocks(engine, monkeypatch, once, then)
    assert by_blocks == staged
    assert got == expected
    assert fell_back == []
    ended = dict(rows(engine, "SELECT id, end_date FROM holding WHERE id IN ('bods:r1#000', 'bods:r3#000')"))
    assert {k: str(v)[:10] for k, v in ended.items()} == {"bods:r1#000": "2022-06-01", "bods:r3#000": "2021-03-01"}
    from partyscreen.shares import HUNDRED_PERCENT

    assert rows(engine, "SELECT share_min FROM holding WHERE id = 'bods:r2#000'") == [(HUNDRED_PERCENT // 5,)]


def test_a_file_with_more_records_than_are_remembered_is_merged_staged(engine, write, monkeypatch):
    """Past ``direct.KEYS_LIMIT`` records (or ``registry.ENTITY_OF_LIMIT`` resolved by the worker)
    the import falls back to the staged merge, with the same result."""
    monkeypatch.setattr(direct, "KEYS_LIMIT", 3)
    monkeypatch.setattr(registry, "ENTITY_OF_LIMIT", 1)
    statements = [
        _statement("s1", "2020-01-01", "c1", "entity", _company("One Ltd", "01")),
        _statement("s2", "2020-01-01", "c2", "entity", _company("Two Ltd", "02")),
        _statement("s3", "2020-01-01", "r1", "relationship", _stake("c1", "c2", 60)),
        _statement("s4", "2020-01-01", "r2", "relationship", _stake("c2", "c1", 10)),
    ]
    path = _jsonl(write, "four.jsonl", statements)
    staged, expected, by_blocks, got = _staged_then_by_blocks(engine, monkeypatch, path)
    assert by_blocks == staged
    assert got == expected
