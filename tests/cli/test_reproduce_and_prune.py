"""`screen --reproduce RUN_ID` (a recorded screening re-run on the data as it was) and `prune --keep-days N`, on both engines."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen.store.db import create_db_engine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"

COUNTERPARTIES = """id,Company Name,Country,Role,LEI
c1,LISTED PARENT COMPANY LIMITED,China,importer,
c2,上市母公司,CN,end_user,
c3,Alpha Subsidiary Limited,HK,end_user,529900T8BM49AURSDO55
c4,Beta Trading GmbH,DE,consignee,
c5,Delta Range Limited,GB,end_user,
c6,General Dynamics Land Systems,US,importer,
c7,Newname Holdings Limited,HK,importer,
c8,,DE,importer,
"""

# After the first screening: X sells its stake in A (A is no longer an affiliate), B is renamed,
# GDLS (T-2) is removed from the list, and a new entity takes a name that will hit.
NEW_ENTITIES = """id,name,kind,country,aliases,identifiers,address
B,Newname Holdings Ltd,organization,DE,,,Berlin
"""
NEW_HOLDINGS = """owner_id,owned_id,relation,share,share_min,share_max,start_date,end_date,source
X,A,shareholding,30,,,2020-01-01,,registry
"""
NEW_LIST = """list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id
cn-mofcom-export-control,T-1,Listed Parent Co,,上市母公司,organization,CN,,2025-01-02,,商务部公告2025年第1号,https://www.mofcom.gov.cn/x,X
cn-mofcom-export-control,T-3,Orphan Corp,,,organization,US,,2025-01-02,,商务部公告2025年第1号,https://www.mofcom.gov.cn/x,
"""


@pytest.fixture
def db(screening_db, tmp_path):
    (tmp_path / "counterparties.csv").write_text(COUNTERPARTIES, encoding="utf-8")
    return screening_db


def _hits(db_url, run_id):
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT s.row, h.entity_id, h.basis FROM hit h JOIN subject s ON s.id = h.subject_pk WHERE h.run_id = :r"),
            {"r": run_id},
        ).fetchall()
    engine.dispose()
    return {(int(r[0]), r[1]): r[2] for r in rows}


def _change_data(db_url, tmp_path, cli):
    (tmp_path / "new_entities.csv").write_text(NEW_ENTITIES, encoding="utf-8")
    (tmp_path / "new_holdings.csv").write_text(NEW_HOLDINGS, encoding="utf-8")
    (tmp_path / "new_list.csv").write_text(NEW_LIST, encoding="utf-8")
    assert cli("--db", db_url, "ownership", "import", tmp_path / "new_entities.csv").code == 0
    assert cli("--db", db_url, "ownership", "import", "--holdings", tmp_path / "new_holdings.csv").code == 0
    assert cli("--db", db_url, "lists", "import", tmp_path / "new_list.csv", "--as-of", "2025-06-01").code == 0


def test_a_run_reproduces_identically_after_the_data_changed(db, tmp_path, cli):
    screen = ("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out")
    assert cli(*screen, tmp_path / "first.csv").code == 1
    before = _hits(db, 1)
    assert before[(4, "A")] == "affiliate" and (7, "cn-mofcom-export-control:T-2") in before
    _change_data(db, tmp_path, cli)
    assert cli(*screen, tmp_path / "second.csv").code == 1
    after = _hits(db, 2)
    assert after[(4, "A")] == "possible_affiliate"  # X now holds 30% of A (the rest unknown, above the 25% remainder floor)
    assert (7, "cn-mofcom-export-control:T-2") not in after  # removed from the list on 2025-06-01
    assert (8, "B") in after  # B's new name

    first = cli("--db", db, "screen", "--reproduce", "1")
    assert (first.code, first.out) == (0, "")
    assert "identical" in first.err
    second = cli("--db", db, "screen", "--reproduce", "2")
    assert (second.code, second.out) == (0, "")


def test_a_changed_stored_result_is_reported_as_a_difference(db, tmp_path, cli):
    assert cli("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out", tmp_path / "o.csv").code == 1
    engine = create_db_engine(db)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM hit WHERE entity_id = 'A'"))
        conn.execute(sa.text("UPDATE hit SET score = 12.5 WHERE entity_id = 'D'"))
    engine.dispose()
    result = cli("--db", db, "screen", "--reproduce", "1")
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(line.startswith("row 4: hit A (affiliate, score ") and line.endswith("is in the re-run only") for line in lines)
    assert any(line.startswith("row 6: hit D: score '12.5' -> ") for line in lines)
    assert len(lines) == 2


def test_an_unknown_run_is_an_input_error(db, cli):
    result = cli("--db", db, "screen", "--reproduce", "99")
    assert result.code == 2
    assert "Error: no screening run 99 in the database" in result.err


def test_reproduce_takes_no_file(db, tmp_path, cli):
    result = cli("--db", db, "screen", tmp_path / "counterparties.csv", "--reproduce", "1")
    assert result.code == 2
    assert "give no FILE" in result.err


COUNTED = ("screening_run", "hit", "screening_input", "subject", "affiliation_run", "affiliation", "holding_history", "entity_name_history", "list_entry_history")


def _counts(db_url):
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in COUNTED}
    engine.dispose()
    return counts


def _age(db_url, sql):
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text(sql).bindparams(sa.bindparam("old", type_=sa.DateTime(timezone=True))), {"old": OLD})
    engine.dispose()


from datetime import datetime, timedelta, timezone  # noqa: E402

OLD = datetime.now(timezone.utc) - timedelta(days=30)


def test_identical_runs_share_their_input_and_affiliation_results(db, tmp_path, cli):
    screen = ("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out", tmp_path / "o.csv")
    assert cli(*screen).code == 1
    assert cli(*screen).code == 1
    for _ in range(2):
        assert cli("--db", db, "affiliates", "--as-of", "2026-01-01", "--out", tmp_path / "aff.csv").code == 0
    counts = _counts(db)
    assert counts["screening_run"] == 2 and counts["hit"] == 2 * 6
    assert counts["screening_input"] == 1 and counts["subject"] == 8  # the 8 input rows, once
    # one result set for mofcom-61 as of 2026-01-01 on this data (the screen's own per-party pass is not stored)
    assert counts["affiliation_run"] == 1
    assert counts["affiliation"] == len((tmp_path / "aff.csv").read_text(encoding="utf-8").splitlines()) - 1


def test_prune_removes_old_runs_and_what_only_they_need_and_dry_run_removes_nothing(db, tmp_path, cli):
    screen = ("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out", tmp_path / "o.csv")
    other = tmp_path / "other.csv"
    other.write_text("name\nAlpha Subsidiary Limited\n", encoding="utf-8")
    assert cli(*screen).code == 1  # run 1
    assert cli("--db", db, "screen", other, "--as-of", "2026-01-01", "--out", tmp_path / "p.csv").code == 1  # run 2
    _change_data(db, tmp_path, cli)
    assert cli(*screen).code == 1  # run 3: same input as run 1, new data
    before = _counts(db)
    assert before["affiliation_run"] == 2 and before["screening_input"] == 2 and before["holding_history"] == 1
    _age(db, "UPDATE screening_run SET started_at = :old WHERE id IN (1, 2)")
    _age(db, "UPDATE screening_input SET created_at = :old")
    _age(db, "UPDATE affiliation_run SET computed_at = :old, used_at = :old WHERE id = 1")
    _age(db, "UPDATE import_batch SET started_at = :old")

    dry = cli("--db", db, "prune", "--keep-days", "7", "--dry-run")
    assert dry.code == 0, dry.err
    assert _counts(db) == before
    would = {line.split(None, 3)[3]: int(line.split()[2].replace(",", "")) for line in dry.out.splitlines()}
    assert would["old screening runs"] == 2
    assert would["hits of old screening runs"] == 6 + 1
    assert would["stored inputs"] == 1  # run 2's; run 1's input is run 3's too
    assert would["stored input rows (subjects)"] == 1
    assert would["affiliation result sets"] == 1
    assert would["history rows of holding"] == 1  # only run 1 saw X's old 50% stake in A

    done = cli("--db", db, "prune", "--keep-days", "7")
    assert done.code == 0
    assert [l.split(None, 1)[1] for l in done.out.splitlines()] == [l.split(None, 2)[2] for l in dry.out.splitlines()]
    after = _counts(db)
    assert after["screening_run"] == 1 and after["screening_input"] == 1 and after["subject"] == 8
    assert after["affiliation_run"] == 1 and after["holding_history"] == 0
    assert cli("--db", db, "screen", "--reproduce", "3").code == 0
    assert cli("--db", db, "screen", "--reproduce", "1").code == 2


def test_prune_keeps_the_history_a_kept_run_needs(db, tmp_path, cli):
    screen = ("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out", tmp_path / "o.csv")
    assert cli(*screen).code == 1  # run 1, kept
    _change_data(db, tmp_path, cli)
    _age(db, "UPDATE import_batch SET started_at = :old")
    _age(db, "UPDATE affiliation_run SET computed_at = :old, used_at = :old")
    result = cli("--db", db, "prune", "--keep-days", "1")
    assert result.code == 0
    counts = _counts(db)
    assert counts["screening_run"] == 1 and counts["holding_history"] == 1 and counts["entity_name_history"] >= 1
    assert counts["affiliation_run"] == 1  # run 1 refers to it
    reproduced = cli("--db", db, "screen", "--reproduce", "1")
    assert (reproduced.code, reproduced.out) == (0, "")


def test_a_run_by_another_matcher_is_flagged(db, tmp_path, cli):
    assert cli("--db", db, "screen", tmp_path / "counterparties.csv", "--as-of", "2026-01-01", "--out", tmp_path / "o.csv").code == 1
    engine = create_db_engine(db)
    with engine.begin() as conn:
        recorded = conn.execute(sa.text("SELECT matcher_version FROM screening_run WHERE id = 1")).scalar_one()
        conn.execute(sa.text("UPDATE screening_run SET matcher_version = '0:older' WHERE id = 1"))
    engine.dispose()
    from partyscreen.screening.record import matcher_version

    assert recorded == matcher_version()
    result = cli("--db", db, "screen", "--reproduce", "1")
    assert result.code == 0
    assert f"Warning: run 1 was recorded by matcher 0:older (this is {recorded})" in result.err


REGIME_FACT = "regime,article,status,start_date,end_date,reading,announcement,reference,announced_on,url,note\n" \
    "cn-mofcom-61,II,suspended,2025-12-01,{end},,No. 98 of 2025,,2025-11-30,,a test fact\n"


def _outcomes(db_url, run_id):
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT s.row, h.entity_id, h.basis, h.outcome FROM hit h JOIN subject s ON s.id = h.subject_pk "
                    "WHERE h.run_id = :r"),
            {"r": run_id},
        ).fetchall()
    engine.dispose()
    return {(int(r[0]), r[1]): (r[2], r[3]) for r in rows}


def test_links_and_regime_facts_changed_after_a_run_are_reproduced_as_they_were(db, tmp_path, cli):
    """Issue 15: entity links (``link accept/reject``) and regime timeline facts are versioned too."""
    (tmp_path / "gamma.csv").write_text("id,name,country\ng1,Gamma Aggregate LLC,US\ng2,Orphan Corp,US\n", encoding="utf-8")
    (tmp_path / "fact.csv").write_text(REGIME_FACT.format(end="2026-12-31"), encoding="utf-8")
    assert cli("--db", db, "regimes", "import", tmp_path / "fact.csv").code == 0
    assert cli("--db", db, "link", "accept", "T-3", "C", "--list", "cn-mofcom-export-control",
               "--by", "alice", "--reason", "same company").code == 0
    screen = ("--db", db, "screen", tmp_path / "gamma.csv", "--as-of", "2026-01-01", "--out")
    cli(*screen, tmp_path / "first.csv")
    first = _outcomes(db, 1)
    assert first[(2, "C")][0] == "listed"  # Gamma is Orphan Corp's party through the accepted link
    # After the run: the link is rejected, and the same regime fact (same key) gets another end.
    assert cli("--db", db, "link", "reject", "T-3", "C", "--list", "cn-mofcom-export-control",
               "--by", "bob", "--reason", "a namesake after all").code == 0
    (tmp_path / "fact.csv").write_text(REGIME_FACT.format(end="2026-03-31"), encoding="utf-8")
    updated = cli("--db", db, "regimes", "import", tmp_path / "fact.csv")
    assert updated.code == 0 and "1 updated" in updated.err
    cli(*screen, tmp_path / "second.csv")
    second = _outcomes(db, 2)
    assert second.get((2, "C"), ("",))[0] != "listed"  # the link is gone
    changed = {k for k in first.keys() & second.keys() if first[k][1] != second[k][1]}
    assert changed, f"the regime change altered no outcome: {first} {second}"
    reproduced = cli("--db", db, "screen", "--reproduce", "1")
    assert reproduced.code == 0, reproduced.out + reproduced.err
    assert "identical" in reproduced.err
    assert cli("--db", db, "screen", "--reproduce", "2").code == 0
