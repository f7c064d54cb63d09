"""The affiliates service and CLI on SQLite and PostgreSQL: same answers, stored, reused, explained."""

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen import affiliates as service
from partyscreen.errors import NotFound
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities, import_holdings, import_list, import_measures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


@pytest.fixture
def loaded(engine, tmp_path):
    for name in ("entities.csv", "holdings.csv", "list.csv", "watch.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    with transaction(engine) as conn:
        import_entities(conn, tmp_path / "entities.csv")
        import_holdings(conn, tmp_path / "holdings.csv")
        import_list(conn, tmp_path / "list.csv")
        import_list(conn, tmp_path / "watch.csv")
    return engine


def by_id(run):
    return {row["entity_id"]: row for row in run.rows()}


def test_statuses_shares_and_paths_follow_the_rules(loaded):
    run = service.compute_and_store(loaded, service.resolve_policy("mofcom-61"), date(2026, 1, 1))
    rows = by_id(run)
    assert {k: r["status"] for k, r in rows.items()} == {
        "X": "listed",
        "cn-mofcom-export-control:T-2": "listed",
        "cn-mofcom-export-control:T-3": "listed",
        "A": "affiliate",  # X holds 50 (>= 50)
        "B": "affiliate",  # X 33.3333 + A 16.6667 = 50 exactly, in aggregate
        "C": "affiliate",  # A 25 + B 25, both affiliates: status propagation
        "D": "possible_affiliate",  # a 25-50 band reaches 50 only at its upper bound
        "F": "affiliate",  # a branch of a listed party
    }
    assert (rows["B"]["share_min"], rows["B"]["share_max"]) == ("50", "50")
    assert rows["A"]["path_ids"] == "X -50%-> A"
    assert rows["A"]["path"] == "Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A]"
    # every owner that adds up to the 50% is a leg of the path, with names and ids
    assert rows["B"]["path_ids"] == "X -33.3333%-> B + X -50%-> A -16.6667%-> B"
    assert rows["B"]["path"] == (
        "Listed Parent Co [X] -33.3333%-> Beta Trading GmbH [B] + "
        "Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A] -16.6667%-> Beta Trading GmbH [B]"
    )
    assert rows["C"]["path_ids"] in (
        "X -50%-> A -25%-> C + X -33.3333%-> B -25%-> C",
        "X -33.3333%-> B -25%-> C + X -50%-> A -25%-> C",
    )
    assert rows["D"]["reasons"].split(";")[0] == "range"
    assert rows["F"]["path_ids"] == "X -branch-> F"
    assert rows["A"]["entity_name"] == "Alpha Subsidiary Ltd"
    # a listed root with no entity of its own: its name is the list entry's
    assert rows["cn-mofcom-export-control:T-2"]["path"] == "General Dynamics Land Systems [cn-mofcom-export-control:T-2]"


def test_strict_policy_drops_the_exactly_fifty_cases(loaded):
    run = service.compute_and_store(loaded, service.resolve_policy("uk", lists=["cn-mofcom-export-control"]), date(2026, 1, 1))
    rows = by_id(run)
    assert "A" not in rows or rows["A"]["status"] != "affiliate"  # exactly 50 is not > 50
    assert rows["F"]["status"] == "affiliate"


def test_nothing_is_caught_before_the_listing_date(loaded):
    policy = service.resolve_policy("mofcom-61")
    assert by_id(service.compute_and_store(loaded, policy, date(2025, 1, 1))) == {}  # listed 2025-01-02
    on_listing = by_id(service.compute_and_store(loaded, policy, date(2025, 1, 2)))
    assert on_listing["X"]["status"] == "listed" and on_listing["A"]["status"] == "affiliate"


def test_run_is_stored_and_goes_stale_after_an_import(loaded, tmp_path):
    policy = service.resolve_policy("mofcom-61")
    day = date(2026, 1, 1)
    run = service.compute_and_store(loaded, policy, day)
    with loaded.connect() as conn:
        assert service.fresh_run_id(conn, policy, day) == run.run_id
        stored = conn.execute(
            sa.text("SELECT entity_id, status, share_min FROM affiliation WHERE run_id = :r ORDER BY entity_id"),
            {"r": run.run_id},
        ).fetchall()
    assert ("B", "affiliate", 50_000_000) in [tuple(r) for r in stored]
    assert len(stored) == len(by_id(run))
    (tmp_path / "m.csv").write_text("list_id,reference,status,start_date\ncn-mofcom-export-control,商务部公告2025年第1号,ended,2025-06-01\n")
    with transaction(loaded) as conn:
        import_measures(conn, tmp_path / "m.csv")
    with loaded.connect() as conn:
        assert service.fresh_run_id(conn, policy, day) is None


def test_a_run_on_inputs_read_before_an_import_is_stale(loaded, tmp_path):
    """Inputs read, then an import lands, then the run is stored: it must not look fresh."""
    policy = service.resolve_policy("mofcom-61")
    day = date(2026, 1, 1)
    with loaded.connect() as conn:
        inputs = service.load_inputs(conn, policy.lists, day)
    (tmp_path / "m.csv").write_text("list_id,reference,status,start_date\ncn-mofcom-export-control,商务部公告2025年第1号,ended,2025-06-01\n")
    with transaction(loaded) as conn:
        import_measures(conn, tmp_path / "m.csv")
    run = service.compute_and_store(loaded, policy, day, inputs)
    assert "A" in by_id(run)  # computed on the inputs as read, before the measures ended
    with loaded.connect() as conn:
        assert service.fresh_run_id(conn, policy, day) is None


def test_ended_measures_remove_the_roots(loaded, tmp_path):
    (tmp_path / "m.csv").write_text("list_id,reference,status,start_date\ncn-mofcom-export-control,商务部公告2025年第1号,ended,2025-06-01\n")
    with transaction(loaded) as conn:
        import_measures(conn, tmp_path / "m.csv")
    assert by_id(service.compute_and_store(loaded, service.resolve_policy("mofcom-61"), date(2026, 1, 1))) == {}
    before = by_id(service.compute_and_store(loaded, service.resolve_policy("mofcom-61"), date(2025, 5, 1)))
    assert before["A"]["status"] == "affiliate"


def test_explain_gives_tree_and_proof(loaded):
    explanation = service.explain_entity(loaded, "C", service.resolve_policy("mofcom-61"), date(2026, 1, 1))
    data = explanation.to_dict()
    text = explanation.render_text()
    assert text.startswith("Gamma Aggregate LLC [C]: affiliate under mofcom-61")
    assert "Alpha Subsidiary Ltd [A] [affiliate] holds 25% via Listed Parent Co [X] -50%-> Alpha Subsidiary Ltd [A]" in text
    assert "Beta Trading GmbH [B] [affiliate] holds 25%" in text
    assert "roots: Listed Parent Co [X] on cn-mofcom-export-control" in text
    assert "<- 25% Alpha Subsidiary Ltd [A] [affiliate]" in text
    assert data["entity_name"] == "Gamma Aggregate LLC"
    assert [o["owner_name"] for o in data["proof"]["owners"]] == ["Alpha Subsidiary Ltd", "Beta Trading GmbH"]
    assert data["proof"]["owners"][0]["path_ids"] == "X -50%-> A"
    assert data["affiliation"]["roots"][0]["name"] == "Listed Parent Co"
    assert " + " in data["affiliation"]["path_ids"]
    assert json.dumps(data, default=str)
    listed = service.explain_entity(loaded, "cn-mofcom-export-control:T-2", service.resolve_policy("mofcom-61"), date(2026, 1, 1))
    # the root's id already names its list: no "cn-mofcom-export-control:cn-mofcom-export-control:T-2"
    assert "listed: General Dynamics Land Systems [cn-mofcom-export-control:T-2] on cn-mofcom-export-control" in listed.render_text()
    assert "cn-mofcom-export-control:cn-mofcom-export-control" not in listed.render_text()
    with pytest.raises(NotFound):
        service.explain_entity(loaded, "NOPE", service.resolve_policy("mofcom-61"), date(2026, 1, 1))


def test_cli_affiliates_csv_contract_and_exit_codes(loaded, db_url, tmp_path):
    from partyscreen.cli import run

    out = tmp_path / "aff.csv"
    assert run(["--db", db_url, "affiliates", "--as-of", "2026-01-01", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(service.AFFILIATE_COLUMNS)
    assert {r["entity_id"]: r["status"] for r in rows}["C"] == "affiliate"
    assert run(["--db", db_url, "affiliates", "--policy", "no-such-policy"]) == 2
    assert run(["--db", db_url, "explain", "NOPE"]) == 2
    assert run(["--db", db_url, "explain", "C", "--format", "json", "--as-of", "2026-01-01"]) == 0


def test_same_answers_on_both_engines(loaded):
    """Each engine's answer equals the rule-derived expectation above; this pins the full rows."""
    run = service.compute_and_store(loaded, service.resolve_policy("mofcom-61"), date(2026, 1, 1))
    rows = sorted((r["entity_id"], r["status"], r["share_min"], r["share_max"], r["depth"]) for r in run.rows())
    assert ("C", "affiliate", "50", "50", "2") in rows
    assert ("D", "possible_affiliate", "25", "50", "1") in rows


def test_stored_rows_are_the_printed_rows(loaded):
    """The affiliation table holds what ``affiliates`` prints (shares in units, empty cells as NULL)."""
    from partyscreen.shares import parse_percent

    run = service.compute_and_store(loaded, service.resolve_policy("mofcom-61"), date(2026, 1, 1))
    with loaded.connect() as conn:
        stored = conn.execute(
            sa.text("SELECT entity_id, status, share_min, share_max, lookthrough, depth, roots, path, reasons "
                    "FROM affiliation WHERE run_id = :run"), {"run": run.run_id},
        ).all()
    printed = {r["entity_id"]: r for r in run.rows()}
    assert len(stored) == len(printed) == 8
    for entity_id, status, low, high, lookthrough, depth, roots, path, reasons in stored:
        row = printed[entity_id]
        assert (status, low, high, depth) == (row["status"], parse_percent(row["share_min"]), parse_percent(row["share_max"]), int(row["depth"]))
        assert (lookthrough or "", roots, path, reasons or "") == (row["lookthrough"], row["roots"], row["path_ids"], row["reasons"])
    assert printed["B"]["share_min"] == "50" and printed["D"]["reasons"].startswith("range")


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite has one writer at a time
def test_an_import_that_started_earlier_but_commits_later_makes_a_run_stale(loaded):
    """PostgreSQL hands out batch ids when imports start: a late commit of an earlier id must
    still make a run computed before it stale."""
    insert = sa.text(
        "INSERT INTO import_batch (kind, file_name, checksum, encoding, row_count, inserted, updated, unchanged, "
        "started_at, tool_version) VALUES ('holdings', :name, '', 'utf-8', 0, 0, 0, 0, '2026-11-26', 'test')"
    )
    policy, day = service.resolve_policy("mofcom-61"), date(2026, 1, 1)
    slow = loaded.connect()
    slow_tx = slow.begin()
    slow.execute(insert, {"name": "started first"})  # takes the lower id, commits last
    with transaction(loaded) as conn:
        conn.execute(insert, {"name": "started second"})
    service.compute_and_store(loaded, policy, day)
    with loaded.connect() as conn:
        assert service.fresh_run_id(conn, policy, day) is not None
    slow_tx.commit()
    slow.close()
    with loaded.connect() as conn:
        assert service.fresh_run_id(conn, policy, day) is None
