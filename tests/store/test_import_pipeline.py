"""A register file read in a worker process (``importers.pipeline``) stages exactly what an
in-process read stages, reports bad records the same way, and a failing worker writes nothing;
on SQLite and PostgreSQL. (Large files take the worker; here ``PARALLEL_BYTES`` is lowered.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partyscreen.errors import InputError
from partyscreen.store.db import transaction
from partyscreen.store.importers import pipeline
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
