"""Never a silent "clear": a policy whose lists are missing, empty or unknown is refused (exit 2,
``ListsNotLoaded``), and an empty ownership graph is an answer, not a crash — on both engines."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from partyscreen import affiliates as service
from partyscreen.cli import run
from partyscreen.errors import ListsNotLoaded, PartyscreenError
from partyscreen.ownership.policies import BUILTIN_POLICIES
from partyscreen.screening import Screener
from partyscreen.store.db import transaction
from partyscreen.store.importers import import_entities, import_holdings, import_list, import_ofac
from partyscreen.store.ownership_data import load_holding_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def china(db_url, tmp_path, capsys):
    """A database with the bundled China lists only, and a one-row counterparty file."""
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    (tmp_path / "cp.csv").write_text("name,country\nBANCO NACIONAL DE CUBA,CU\n", encoding="utf-8")
    capsys.readouterr()
    return db_url


def test_screen_under_a_policy_whose_list_is_not_loaded_is_exit_2_naming_the_list_and_its_loader(china, tmp_path, capsys):
    assert run(["--db", china, "screen", str(tmp_path / "cp.csv"), "--policy", "ofac"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no report that looks like "all clear"
    assert "list us-ofac-sdn (Specially Designated Nationals and Blocked Persons List) is not loaded" in captured.err
    assert "`partyscreen lists import sdn.csv`" in captured.err
    assert run(["--db", china, "screen", str(tmp_path / "cp.csv"), "--policy", "bis-affiliates"]) == 2
    err = capsys.readouterr().err
    assert "list us-bis-entity (Entity List) is not loaded" in err and "list us-bis-meu" in err
    assert "`partyscreen lists import consolidated.csv`" in err


def test_a_typo_in_lists_is_exit_2_with_a_suggestion(china, tmp_path, capsys):
    assert run(["--db", china, "screen", str(tmp_path / "cp.csv"), "--lists", "cn-mofcom-exportcontrol"]) == 2
    err = capsys.readouterr().err
    assert "unknown list 'cn-mofcom-exportcontrol': did you mean cn-mofcom-export-control?" in err
    assert "Warning" not in err


@pytest.mark.parametrize("command", [["match", "BANCO NACIONAL DE CUBA"], ["affiliates"], ["explain", "cn-mofcom-watch:20260224-01"]])
def test_match_affiliates_and_explain_refuse_the_policy_too(china, capsys, command):
    assert run(["--db", china, *command, "--policy", "ofac"]) == 2
    assert "us-ofac-sdn" in capsys.readouterr().err


def test_the_check_follows_each_policys_own_lists(china, tmp_path, capsys):
    """Keyed on the policy's lists, not on names: every built-in policy whose lists are not all
    bundled is refused, and a policy file's lists are checked the same way."""
    bundled = {"cn-mofcom-export-control", "cn-mofcom-watch", "cn-unreliable-entity"}
    for name, policy in BUILTIN_POLICIES.items():
        code = run(["--db", china, "match", "Nothing Like Any Name", "--policy", name])
        assert code == (0 if policy.lists <= bundled else 2), name
    capsys.readouterr()
    policies = tmp_path / "p.toml"
    policies.write_text(
        '[policy.cn-three]\nbase = "mofcom-61"\nlists = ["cn-mofcom-export-control", "cn-mofcom-watch", "cn-unreliable-entity"]\n'
        '[policy.mine]\nbase = "mofcom-61"\nlists = ["cn-mofcom-export-control", "internal-blocklist"]\n',
        encoding="utf-8",
    )
    assert run(["--db", china, "screen", str(tmp_path / "cp.csv"), "--policy-file", str(policies), "--policy", "cn-three"]) == 0
    assert run(["--db", china, "screen", str(tmp_path / "cp.csv"), "--policy-file", str(policies), "--policy", "mine"]) == 2
    err = capsys.readouterr().err
    assert "unknown list 'internal-blocklist'" in err
    assert "`partyscreen lists import FILE --list internal-blocklist`" in err


def test_the_library_refuses_at_open_with_a_partyscreen_error(china):
    with pytest.raises(ListsNotLoaded) as caught:
        Screener.open(china, policy="ofac")
    assert isinstance(caught.value, PartyscreenError)
    assert "us-ofac-sdn" in str(caught.value)
    with pytest.raises(ListsNotLoaded):
        Screener.open(china, lists=["cn-mofcom-exportcontrol"])
    screener = Screener.open(china)  # mofcom-61: both of its lists are bundled
    with pytest.raises(ListsNotLoaded):
        screener.affiliates(policy="ofac")
    with pytest.raises(ListsNotLoaded):
        service.compute_and_store(screener.engine, service.resolve_policy("ofac"), date(2026, 1, 1))


def test_a_list_without_entries_is_refused(china, capsys):
    engine = sa.create_engine(china.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:  # a list row whose entries are gone (as written by hand or an old version)
        conn.execute(sa.text("INSERT INTO list (id, name) VALUES ('eu-fsf', 'EU')"))
    engine.dispose()
    assert run(["--db", china, "match", "X", "--policy", "eu"]) == 2
    err = capsys.readouterr().err
    assert "list eu-fsf has no entries" in err and "entities.ftm.json --list eu-fsf" in err


# --- empty ownership data: an empty graph, not an IndexError ---------------------------------


def _sdn(tmp_path: Path) -> Path:
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        shutil.copy(FIXTURES / "ofac" / name, tmp_path / name)
    return tmp_path / "sdn.csv"


def test_screen_with_lists_but_no_holdings_at_all(db_url, tmp_path, capsys):
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "import", str(_sdn(tmp_path)), "--as-of", "2024-05-03"]) == 0
    (tmp_path / "cp.csv").write_text("name\nHarmless Widgets BV\nBANCO NACIONAL DE CUBA\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert run(["--db", db_url, "screen", str(tmp_path / "cp.csv"), "--policy", "ofac", "--as-of", "2025-01-01", "--out", str(out)]) == 1
    assert "BANCO NACIONAL DE CUBA" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run(["--db", db_url, "affiliates", "--policy", "ofac", "--as-of", "2025-01-01"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == 207 and all(",listed," in r for r in rows)


def test_every_empty_read_is_an_empty_table(engine, tmp_path):
    """No entities, no list entries, no holdings in force: the bulk read gives an empty graph."""
    with engine.connect() as conn:
        table = load_holding_table(conn, date(2026, 1, 1))  # nothing at all, no roots
        assert table.ids == [] and len(table.owner) == 0
        only_roots = load_holding_table(conn, date(2026, 1, 1), extra_ids=["R"])
        assert only_roots.ids == ["R"] and only_roots.index_of("R") == 0
    (tmp_path / "e.csv").write_text("id,name\nP,Parent\nS,Sub\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text("owner_id,owned_id,share,start_date,end_date\nP,S,60,2020-01-01,2021-01-01\n", encoding="utf-8")
    (tmp_path / "l.csv").write_text("list_id,entry_id,name,entity_id\nus-ofac-sdn,1,Parent,P\n", encoding="utf-8")
    with transaction(engine) as conn:
        import_entities(conn, tmp_path / "e.csv")
        import_holdings(conn, tmp_path / "h.csv")
    with engine.connect() as conn:  # entities and holdings, none in force on the day, no entries
        assert load_holding_table(conn, date(2026, 1, 1)).ids == []
        run_ = service.compute(conn, service.resolve_policy("ofac"), date(2026, 1, 1))
        assert list(run_.rows()) == []
    with transaction(engine) as conn:
        import_list(conn, tmp_path / "l.csv")
    rows = list(service.compute_and_store(engine, service.resolve_policy("ofac"), date(2026, 1, 1)).rows())
    assert [(r["entity_id"], r["status"]) for r in rows] == [("P", "listed")]  # the 2020 holding is over
    rows = list(service.compute_and_store(engine, service.resolve_policy("ofac"), date(2020, 6, 1)).rows())
    assert {(r["entity_id"], r["status"]) for r in rows} == {("P", "listed"), ("S", "affiliate")}
