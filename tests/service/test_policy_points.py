"""Issue 10 policy points on SQLite and PostgreSQL: cn-all, base wording, ended listings' affiliates,
the unknown-remainder floor."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from partyscreen.cli import run
from partyscreen.screening import Screener

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
LIST_HEADER = "list_id,entry_id,name,aliases,name_zh,kind,country,address,listed_on,delisted_on,reference,url,entity_id\n"


@pytest.fixture
def db(db_url, tmp_path):
    """The store fixture with X on the Export Control List, U on the Unreliable Entity List
    owning 100% of V, an unrelated Watch List entry, and a 10% stake of X in S with the rest of S unrecorded."""
    for name in ("entities.csv", "holdings.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    with (tmp_path / "entities.csv").open("a", encoding="utf-8") as fh:
        fh.write("U,Upsilon Defence Corp,organization,US,,,\nV,Vega Sensors Inc,organization,US,,,\nS,Sigma Small Stake Ltd,organization,GB,,,\n")
    with (tmp_path / "holdings.csv").open("a", encoding="utf-8") as fh:
        fh.write("U,V,shareholding,100,,,,,registry\nX,S,shareholding,10,,,,,registry\n")
    (tmp_path / "lists.csv").write_text(
        LIST_HEADER
        + "cn-mofcom-export-control,T-1,Listed Parent Co,,上市母公司,organization,CN,,2025-01-02,,商务部公告2025年第1号,https://www.mofcom.gov.cn/x,X\n"
        + "cn-unreliable-entity,T-9,Upsilon Defence Corp,,,organization,US,,2025-01-02,,不可靠实体清单工作机制公告〔2025〕1号,https://www.mofcom.gov.cn/y,U\n"
        + "cn-mofcom-watch,T-5,Omega Watch KK,,,organization,JP,,2026-02-24,,商务部公告2026年第12号,https://www.mofcom.gov.cn/z,\n",
        encoding="utf-8",
    )
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "lists.csv")]) == 0
    return db_url


def only(screener: Screener, name: str, entity_id: str):  # type: ignore[no-untyped-def]
    hits = [h for h in screener.screen_name(name) if h.entity_id == entity_id]
    assert len(hits) == 1, [(h.entity_id, h.score) for h in screener.screen_name(name)]
    return hits[0]


def test_cn_all_screens_the_unreliable_entity_list_with_each_lists_own_basis(db):
    screener = Screener.open(db, policy="cn-all", as_of=date(2026, 3, 1))
    u = only(screener, "Upsilon Defence Corp", "U")
    assert (u.basis, u.list_id, u.alert) == ("listed", "cn-unreliable-entity", True)
    assert u.outcome == "Unreliable Entity List (UEL Provisions of 2020: measures of its announcement): listing measures in effect"
    x = only(screener, "Listed Parent Co", "X")
    assert x.outcome == (
        "Export Control List (Export Control Law art. 18: transactions prohibited or restricted): "
        "Art. II suspended until 2026-11-10 (No. 70 of 2025); listing measures in effect"
    )
    a = only(screener, "Alpha Subsidiary Ltd", "A")
    assert a.outcome.startswith("Art. II affiliate rule suspended until 2026-11-10 (No. 70 of 2025): affiliate of a listed party")
    assert not [h for h in screener.screen_name("Vega Sensors Inc") if h.entity_id == "V"]  # UEL: no affiliates
    assert not [h for h in Screener.open(db, as_of=date(2026, 3, 1)).screen_name("Upsilon Defence Corp") if h.entity_id == "U"]


def test_policy_file_with_base_keeps_the_base_wording(db, tmp_path):
    file = tmp_path / "p.toml"
    file.write_text(
        '[policy.my-mofcom]\nbase = "mofcom-61"\nlists = ["cn-mofcom-export-control"]\n'
        '[policy.plain]\nlists = ["cn-mofcom-export-control"]\n',
        encoding="utf-8",
    )
    mine = Screener.open(db, policy="my-mofcom", policy_file=file, as_of=date(2025, 10, 20))
    assert only(mine, "Alpha Subsidiary Ltd", "A").outcome.startswith("presumption of denial (Art. II)")
    assert only(mine, "Listed Parent Co", "X").outcome.startswith("presumption of denial (Art. II in force)")
    plain = Screener.open(db, policy="plain", policy_file=file, as_of=date(2025, 10, 20))
    assert only(plain, "Alpha Subsidiary Ltd", "A").outcome == "affiliate of a listed party (policy plain)"


def test_affiliates_of_a_listing_whose_measures_ended_are_reported_like_it(db, tmp_path, capsys):
    (tmp_path / "m.csv").write_text(
        "list_id,reference,entry_id,status,start_date,end_date,announced_on,url,note\n"
        "cn-mofcom-export-control,商务部公告2025年第1号,,ended,2025-11-10,,2025-11-05,,test\n",
        encoding="utf-8",
    )
    assert run(["--db", db, "lists", "import", str(tmp_path / "m.csv"), "--partial"]) == 0
    screener = Screener.open(db, as_of=date(2026, 1, 1))
    ended = "listing measures ended from 2025-11-10: Art. II presumption does not apply"
    for name, entity_id, basis in (("Listed Parent Co", "X", "listed"), ("Alpha Subsidiary Ltd", "A", "affiliate"),
                                   ("Beta Trading GmbH", "B", "affiliate"), ("Delta Range Ltd", "D", "possible_affiliate")):
        hit = only(screener, name, entity_id)
        assert (hit.basis, hit.outcome, hit.alert) == (basis, ended, False), name
    (tmp_path / "cp.csv").write_text("name\nAlpha Subsidiary Ltd\n", encoding="utf-8")
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-01-01"]) == 0  # reported, not alerting
    assert ended in capsys.readouterr().out
    literal = Screener.open(db, policy="mofcom-61-literal", as_of=date(2025, 6, 1))
    assert only(literal, "Alpha Subsidiary Ltd", "A").alert  # before the ending: counted as ever


def test_unknown_remainder_floor_is_applied_and_shown(db, tmp_path, capsys):
    """S: X holds 10%, the rest is on no record — under the default 25% floor not a possible
    affiliate; a policy file with remainder_floor = "0" flags it, and the summary says which floor."""
    assert not [h for h in Screener.open(db, as_of=date(2026, 1, 1)).screen_name("Sigma Small Stake Ltd") if h.entity_id == "S"]
    file = tmp_path / "p.toml"
    file.write_text('[policy.every-stake]\nbase = "mofcom-61"\nremainder_floor = "0"\n', encoding="utf-8")
    flagged = Screener.open(db, policy="every-stake", policy_file=file, as_of=date(2026, 1, 1))
    assert only(flagged, "Sigma Small Stake Ltd", "S").basis == "possible_affiliate"
    assert run(["--db", db, "affiliates", "--as-of", "2026-01-01"]) == 0
    assert "possible affiliate by unknown remainder from a known 25% stake" in capsys.readouterr().err
    assert run(["--db", db, "affiliates", "--policy", "every-stake", "--policy-file", str(file), "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr()
    assert "from a known 0% stake" in out.err and "\nS," in out.out
    bad = tmp_path / "bad.toml"
    bad.write_text('[policy.x]\nbase = "ofac"\nremainder_floor = "120"\n', encoding="utf-8")
    assert run(["--db", db, "affiliates", "--policy", "x", "--policy-file", str(bad)]) == 2
