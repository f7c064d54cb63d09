"""Issue 11 acceptance, on SQLite and PostgreSQL: every answer says where Announcement 61 stands.

The ownership fixture: X is on the Export Control List (listed 2025-01-02), A is 50% X's
(affiliate), D is held 25-50% by X (possible affiliate). The database gets the bundled
regime timeline with ``lists update``.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from partyscreen.cli import run
from partyscreen.screening import Screener

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
AFF = "affiliate of a listed party (≥ 50%)"
SUSPENDED_II = "Art. II suspended until 2026-11-10 (No. 70 of 2025)"
SUSPENDED_RULE = "Art. II affiliate rule suspended until 2026-11-10 (No. 70 of 2025)"
UNKNOWN = "status of Announcement 61 after 2026-11-10 unknown: last known fact: suspended 2025-11-07 – 2026-11-10 (No. 70 of 2025)"


@pytest.fixture
def db(db_url, tmp_path):
    for name in ("entities.csv", "holdings.csv", "list.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    assert run(["--db", db_url, "init"]) == 0
    assert run(["--db", db_url, "lists", "update"]) == 0
    assert run(["--db", db_url, "ownership", "import", str(tmp_path / "entities.csv"), str(tmp_path / "holdings.csv")]) == 0
    assert run(["--db", db_url, "lists", "import", str(tmp_path / "list.csv"), "--partial"]) == 0
    return db_url


def hit_for(screener: Screener, name: str, entity_id: str):  # type: ignore[no-untyped-def]
    hits = [h for h in screener.screen_name(name) if h.entity_id == entity_id]
    assert hits, f"no hit on {entity_id} for {name!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("day", "affiliate", "listed", "possible_suffix", "warned"),
    [
        ("2025-10-20", f"presumption of denial (Art. II)", "presumption of denial (Art. II in force)", "", False),
        ("2026-03-01", f"{SUSPENDED_RULE}: {AFF}", SUSPENDED_II, f"; {SUSPENDED_RULE}", False),
        ("2026-11-10", f"{SUSPENDED_RULE}: {AFF}", SUSPENDED_II, f"; {SUSPENDED_RULE}", False),  # end date inclusive
        ("2026-11-11", UNKNOWN, UNKNOWN, f"; {UNKNOWN}", True),
        ("2026-11-30", UNKNOWN, UNKNOWN, f"; {UNKNOWN}", True),
    ],
)
def test_affiliate_and_listed_party_state_art_ii_on_the_day(db, day, affiliate, listed, possible_suffix, warned):
    screener = Screener.open(db, as_of=date.fromisoformat(day))
    a = hit_for(screener, "Alpha Subsidiary Limited", "A")
    assert a.basis == "affiliate" and a.alert  # exit codes unchanged: still alerts
    assert a.outcome.startswith(affiliate) and AFF in a.outcome
    assert a.regime and a.outcome.startswith(a.regime.split(" — ")[0])
    x = hit_for(screener, "Listed Parent Co", "X")
    assert x.outcome.startswith(listed)
    assert x.outcome.endswith("; listing measures in effect")  # the listing's measures, separately
    d = hit_for(screener, "Delta Range Limited", "D")
    assert d.outcome.startswith("possible affiliate — establish ownership" + possible_suffix)
    if not possible_suffix:
        assert d.outcome == "possible affiliate — establish ownership"
    unknown_warnings = [w for w in screener.warnings() if w.startswith("status of Announcement 61")]
    assert len(unknown_warnings) == (1 if warned else 0)
    if warned:
        assert "regimes import" in unknown_warnings[0] and UNKNOWN in unknown_warnings[0]


def test_the_other_reading_is_shown_where_it_differs(db):
    x = hit_for(Screener.open(db, as_of=date(2025, 10, 20)), "Listed Parent Co", "X")
    assert "[reading zh applied; under reading en: not yet in force (from 2025-12-01)]" in x.outcome


def test_ofac_policy_shows_neither_listing_nor_regime_words(db):
    screener = Screener.open(db, as_of=date(2026, 11, 30), policy="ofac", lists=["cn-mofcom-export-control"])
    a = hit_for(screener, "Alpha Subsidiary Limited", "A")
    x = hit_for(screener, "Listed Parent Co", "X")
    assert a.outcome == "blocked: owned ≥ 50% by blocked persons (50 Percent Rule)" and a.regime == ""
    assert x.outcome == "blocked (SDN)"
    assert not [w for w in screener.warnings() if "Announcement 61" in w]


def test_imported_extension_makes_the_day_read_suspended(db, tmp_path):
    shutil.copy(FIXTURES / "list.csv", tmp_path / "list.csv")
    ext = tmp_path / "extension.csv"
    ext.write_text(
        "regime,article,status,start_date,end_date,reading,announcement,reference,announced_on,url,note\n"
        "cn-mofcom-61,,suspended,2026-11-11,2027-11-10,,No. 99 of 2026,商务部公告2026年第99号,2026-11-09,,suspension extended to 2027-11-10\n",
        encoding="utf-8",
    )
    assert run(["--db", db, "regimes", "import", str(ext)]) == 0
    screener = Screener.open(db, as_of=date(2026, 11, 29))
    a = hit_for(screener, "Alpha Subsidiary Limited", "A")
    assert a.outcome == f"Art. II affiliate rule suspended until 2027-11-10 (No. 99 of 2026): {AFF}"
    assert not [w for w in screener.warnings() if "Announcement 61" in w]
    assert run(["--db", db, "lists", "update"]) == 0  # reloading the bundled facts keeps the user's
    assert run(["--db", db, "lists", "import", str(tmp_path / "list.csv"), "--partial"]) == 0  # update replaced the list
    assert hit_for(Screener.open(db, as_of=date(2026, 11, 29)), "Alpha Subsidiary Limited", "A").outcome == a.outcome


def test_screen_reports_carry_the_state_and_the_warning(db, tmp_path, capsys):
    (tmp_path / "cp.csv").write_text("name\nAlpha Subsidiary Limited\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-11-30", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"Warning: {UNKNOWN}" in err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert any(w.startswith(UNKNOWN) for w in report["summary"]["warnings"])
    assert report["summary"]["regime"]["status"] == "unknown" and report["summary"]["regime"]["until"] == "2026-11-10"
    assert report["hits"][0]["regime"].startswith(UNKNOWN)
    xlsx = tmp_path / "r.xlsx"
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-11-30", "--out", str(xlsx)]) == 1
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx)["warnings"]
    texts = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts[0].startswith("cn-mofcom-61 Art. II: unknown") and any(t.startswith(UNKNOWN) for t in texts)
    html = tmp_path / "r.html"
    assert run(["--db", db, "screen", str(tmp_path / "cp.csv"), "--as-of", "2026-11-30", "--out", str(html)]) == 1
    page = html.read_text(encoding="utf-8")
    assert 'class="regime-banner"' in page and "status unknown after 2026-11-10" in page


def test_affiliates_and_explain_state_the_regime(db, capsys):
    assert run(["--db", db, "affiliates", "--as-of", "2026-03-01"]) == 0
    err = capsys.readouterr().err
    assert f"cn-mofcom-61 on 2026-03-01: {SUSPENDED_RULE}" in err
    assert run(["--db", db, "explain", "A", "--as-of", "2026-11-30", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["regime"]["status"] == "unknown"
    assert f"Warning: {UNKNOWN}" in captured.err
    assert run(["--db", db, "explain", "A", "--as-of", "2026-03-01"]) == 0
    assert f"Regime on 2026-03-01: {SUSPENDED_RULE}" in capsys.readouterr().out
    frame = Screener.open(db).affiliates(as_of=date(2026, 11, 30))
    assert frame.attrs["regime"]["status"] == "unknown" and frame.attrs["warnings"]


def test_match_prints_the_regime_and_warns(db, capsys):
    assert run(["--db", db, "match", "Alpha Subsidiary Limited", "--as-of", "2026-11-30"]) == 1
    captured = capsys.readouterr()
    assert f"regime: {UNKNOWN}" in captured.out and f"Warning: {UNKNOWN}" in captured.err
    assert run(["--db", db, "match", "Alpha Subsidiary Limited", "--as-of", "2026-11-30", "--policy", "ofac",
                "--lists", "cn-mofcom-export-control"]) == 1
    captured = capsys.readouterr()
    assert "regime:" not in captured.out and "Announcement 61" not in captured.err


def test_listed_party_with_suspended_measures_states_both(db):
    """A party of 2025 No. 21: its listing's measures and Art. II, each with its own dates."""
    screener = Screener.open(db, as_of=date(2026, 3, 1))
    no21 = next(t for t in screener.targets.targets.values() if any("2025年第21号" in (e.reference or "") for e in t.entries))
    hit = hit_for(screener, no21.name, no21.entity_id)
    assert hit.outcome == f"{SUSPENDED_II}; listing measures suspended until 2026-11-10"
    later = Screener.open(db, as_of=date(2026, 11, 30))
    hit = hit_for(later, no21.name, no21.entity_id)
    assert hit.outcome.startswith(UNKNOWN)
    assert hit.outcome.endswith("; listing measures: nothing known from 2026-11-10 (the last known suspension ran out; read as in effect)")
    assert hit.alert
    assert any(w.startswith("listing measures of 商务部公告2025年第21号 (cn-mofcom-export-control): nothing known from 2026-11-10")
               for w in later.warnings())
